import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getDataset, type Dataset } from '../../legacy/dataset/src/index.ts';
import { runPersisted } from '../security/authFixtures.ts';
import { startTestStack, type TestStack } from '../helpers/stack.ts';

const SCALE = 0.05;
const ERP_PRODUCTS = 'GET /sap/opu/odata/sap/API_PRODUCT_SRV/A_Product';

interface Availability {
  date: string;
  atp: number;
  earliestDate: string | null;
}
interface Answer {
  products: ({ sku: string; networkAvailability: Availability | null } | null)[];
}

/** Every upstream call since the last reset, as `<system> <operation>` (the WMS speaks SOAP on one path). */
function upstreamCalls(stack: TestStack): string[] {
  const out: string[] = [];
  for (const [name, sim] of Object.entries(stack.simulators)) {
    for (const call of sim?.recent ?? []) {
      const action = call.headers.soapaction;
      out.push(`${name} ${typeof action === 'string' ? action.replace(/"/g, '').split('/').pop()! : `${call.method} ${call.path}`}`);
    }
  }
  return out.sort();
}

const resetCounts = (stack: TestStack) => Object.values(stack.simulators).forEach((s) => s?.resetStats());

/** The W3 benchmark request: a partner asks the availability of many SKUs in one persisted operation. */
describe('PartnerAvailabilityList: availability of many SKUs in one partner request', () => {
  let stack: TestStack;
  let ds: Dataset;
  let skus: string[];

  beforeAll(async () => {
    ds = getDataset({ scale: SCALE });
    const stocked = new Set(ds.wms.stock.map((s) => s.sku));
    skus = ds.products.map((p) => p.sku).filter((sku) => stocked.has(sku));
    expect(skus.length).toBeGreaterThanOrEqual(40);
    stack = await startTestStack({ scale: SCALE });
  }, 120_000);

  afterAll(async () => {
    await stack?.close();
  });

  it('20 SKUs: in the order asked, each with availability; one ERP read and one WMS stock read in all', async () => {
    const asked = skus.slice(0, 20).reverse();
    resetCounts(stack);
    const res = await runPersisted<Answer>(stack.url, 'PartnerAvailabilityList', { skus: asked, quantity: 2 }, stack.credentials.partner);
    expect(res.status).toBe(200);
    expect(res.body.errors).toBeUndefined();
    const products = res.body.data!.products;
    expect(products.map((p) => p?.sku)).toEqual(asked);
    for (const p of products) {
      expect(p!.networkAvailability).toMatchObject({ date: expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/), atp: expect.any(Number) });
    }
    // Observed: exactly these two calls. One per SKU would be 20 ERP and 20 WMS calls.
    expect(upstreamCalls(stack)).toEqual([`erp ${ERP_PRODUCTS}`, 'wms GetStockPositions']);
  });

  it('the same 20 SKUs again within the cache TTL: the same answer and no upstream call', async () => {
    const asked = skus.slice(0, 20);
    const first = await runPersisted<Answer>(stack.url, 'PartnerAvailabilityList', { skus: asked }, stack.credentials.partner);
    resetCounts(stack);
    const again = await runPersisted<Answer>(stack.url, 'PartnerAvailabilityList', { skus: asked }, stack.credentials.partner);
    expect(again.body.errors).toBeUndefined();
    expect(again.body.data).toEqual(first.body.data);
    expect(upstreamCalls(stack)).toEqual([]);
  });

  it('an unknown SKU is null at its position; a SKU asked twice is answered twice', async () => {
    const [a, b] = skus.slice(20, 22) as [string, string];
    const asked = [a, 'SKU-NOT-SOLD', b, a];
    resetCounts(stack);
    const res = await runPersisted<Answer>(stack.url, 'PartnerAvailabilityList', { skus: asked }, stack.credentials.partner);
    expect(res.body.errors).toBeUndefined();
    const products = res.body.data!.products;
    expect(products.map((p) => p?.sku ?? null)).toEqual([a, null, b, a]);
    expect(products[3]).toEqual(products[0]);
    expect(upstreamCalls(stack)).toEqual([`erp ${ERP_PRODUCTS}`, 'wms GetStockPositions']);
  });

  it('101 SKUs, or an empty SKU, are refused with BAD_USER_INPUT before any system is asked', async () => {
    resetCounts(stack);
    const tooMany = Array.from({ length: 101 }, (_, i) => skus[i % 25]!);
    const refused = await runPersisted<Answer>(stack.url, 'PartnerAvailabilityList', { skus: tooMany }, stack.credentials.partner);
    expect(refused.body.data).toBeNull();
    expect(refused.body.errors).toEqual([
      expect.objectContaining({
        message: expect.stringContaining('at most 100 SKUs'),
        extensions: expect.objectContaining({ code: 'BAD_USER_INPUT' }),
      }),
    ]);
    const blank = await runPersisted<Answer>(stack.url, 'PartnerAvailabilityList', { skus: [skus[0]!, ' '] }, stack.credentials.partner);
    expect(blank.body.errors).toEqual([
      expect.objectContaining({
        message: expect.stringContaining('the SKU at index 1 of skus is empty'),
        extensions: expect.objectContaining({ code: 'BAD_USER_INPUT' }),
      }),
    ]);
    expect(upstreamCalls(stack)).toEqual([]);
    const hundred = await runPersisted<Answer>(
      stack.url,
      'PartnerAvailabilityList',
      { skus: tooMany.slice(0, 100) },
      stack.credentials.partner,
    );
    expect(hundred.body.errors).toBeUndefined();
    expect(hundred.body.data!.products.map((p) => p?.sku)).toEqual(tooMany.slice(0, 100));
  });

  it('with the ERP down: a SKU the cache holds still comes back; the others are null with an error naming the ERP', async () => {
    const [cached, uncached] = [skus[0]!, skus[30]!]; // skus[30] is asked nowhere above
    stack.simulators.erp!.faults.set({ outage: 'refuse' });
    try {
      const res = await runPersisted<Answer>(stack.url, 'PartnerAvailabilityList', { skus: [cached, uncached] }, stack.credentials.partner);
      expect(res.body.data!.products[0]).toMatchObject({ sku: cached, networkAvailability: { atp: expect.any(Number) } });
      expect(res.body.data!.products[1]).toBeNull();
      expect(res.body.errors).toEqual([
        expect.objectContaining({ path: ['products', 1], extensions: expect.objectContaining({ system: 'ERP' }) }),
      ]);
    } finally {
      stack.simulators.erp!.faults.clear();
    }
  });
});
