import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NA, WEI, tinyDataset } from './fixtures.ts';
import { DEFAULT_AUTH, SO, q, start, type Running } from './helpers.ts';

/**
 * `P eq '…'` filters on indexed properties are answered from an index: these reads follow writes
 * that add rows (create) and replace them (change), and agree with a filter the index cannot serve.
 */
let erp: Running;
let token = '';
beforeAll(async () => {
  erp = await start(tinyDataset());
  const res = await fetch(`${erp.baseUrl}${SO}/`, { headers: { authorization: DEFAULT_AUTH, 'x-csrf-token': 'Fetch' } });
  token = res.headers.get('x-csrf-token') ?? '';
});
afterAll(async () => {
  await erp.close();
});

async function send(method: string, path: string, body: unknown) {
  const res = await fetch(`${erp.baseUrl}${path}`, {
    method,
    headers: { authorization: DEFAULT_AUTH, 'content-type': 'application/json', 'x-csrf-token': token },
    body: JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, json: text.startsWith('{') ? JSON.parse(text) : undefined };
}

type Order = { SalesOrder: string; SoldToParty: string; DeliveryBlockReason: string; PurchaseOrderByCustomer: string };

async function orders(filter: string): Promise<Order[]> {
  const read = await erp.get(`${SO}/A_SalesOrder?${q({ $filter: filter, $format: 'json' })}`);
  expect(read.status).toBe(200);
  return read.json.d.results as Order[];
}

// `substringof` is never indexed: the same question answered by testing every row.
const scanned = async (party: string) => (await orders(`substringof('${party}', SoldToParty)`)).filter((o) => o.SoldToParty === party);

describe('indexed $filter lookups', () => {
  it('answer like a scan of every row, in the same order', async () => {
    const indexed = await orders(`SoldToParty eq '${WEI}'`);
    expect(indexed.length).toBeGreaterThan(0);
    expect(indexed).toEqual(await scanned(WEI));
    const either = await orders(`SoldToParty eq '${NA}' or SoldToParty eq '${WEI}'`);
    expect(either.map((o) => o.SalesOrder)).toEqual(
      [...indexed, ...(await scanned(NA))].map((o) => o.SalesOrder).sort((a, b) => a.localeCompare(b)),
    );
    expect(await orders(`SoldToParty eq 'NOBODY'`)).toEqual([]);
  });

  it('see an order created after the index was built', async () => {
    const before = await orders(`SoldToParty eq '${NA}'`);
    const created = await send('POST', `${SO}/A_SalesOrder`, {
      SoldToParty: NA,
      PurchaseOrderByCustomer: 'IDX-TEST-1',
      to_Item: [{ Material: 'SKU-000001', RequestedQuantity: '1' }],
    });
    expect(created.status).toBe(201);
    const id = created.json.d.SalesOrder as string;
    const after = await orders(`SoldToParty eq '${NA}'`);
    expect(after.map((o) => o.SalesOrder)).toEqual([...before.map((o) => o.SalesOrder), id]);
    expect(await orders(`PurchaseOrderByCustomer eq 'IDX-TEST-1'`)).toMatchObject([{ SalesOrder: id, SoldToParty: NA }]);
    expect(await orders(`SalesOrder eq '${id}'`)).toHaveLength(1);
  });

  it('return the changed row, not the one it replaced', async () => {
    const [first] = await orders(`SoldToParty eq '${WEI}'`);
    expect(first).toBeDefined();
    const patched = await send('PATCH', `${SO}/A_SalesOrder('${first!.SalesOrder}')`, { DeliveryBlockReason: '03' });
    expect(patched.status).toBe(204);
    const [again] = (await orders(`SoldToParty eq '${WEI}'`)).filter((o) => o.SalesOrder === first!.SalesOrder);
    expect(again?.DeliveryBlockReason).toBe('03');
    expect(await orders(`SoldToParty eq '${WEI}'`)).toEqual(await scanned(WEI));
  });
});
