import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateDataset, type Dataset } from '../../legacy/dataset/src/index.ts';
import { AnalyticsStore, Extractor, freshness, salesSummary } from '../src/index.ts';
import { startSystems, type Systems } from './harness.ts';

const NEW_AT = '2026-11-01T02:00:00.000Z';

/** The same world plus one new order in each order system, changed after everything before. */
function withNewOrders(base: Dataset): Dataset {
  const next = structuredClone(base);
  const erp = structuredClone(next.erp.orders.at(-1)!);
  next.erp.orders.push({ ...erp, salesOrder: '1999999999', purchaseOrderByCustomer: 'W2026-999999', createdAt: NEW_AT, changedAt: NEW_AT });
  const receipt = structuredClone(next.pos.receipts.find((r) => r.state === 'COMPLETED')!);
  next.pos.receipts.push({
    ...receipt,
    id: 'NEWRECEIPT00000000000000001',
    receiptNumber: `${receipt.storeCode}-20261101-9999`,
    createdAt: NEW_AT,
    updatedAt: NEW_AT,
    closedAt: NEW_AT,
  });
  const mkt = structuredClone(next.marketplace.orders.at(-1)!);
  next.marketplace.orders.push({ ...mkt, amazonOrderId: '999-9999999-9999999', purchaseDate: NEW_AT, lastUpdateDate: NEW_AT });
  return next;
}

const count = async (store: AnalyticsStore, system: string) =>
  Number(
    (await store.query<{ n: number }>('SELECT COUNT(DISTINCT order_id) AS n FROM sales_lines WHERE system = $s', { s: system }))[0]!.n,
  );

describe('incremental extractor', () => {
  let dataset: Dataset;
  let store: AnalyticsStore;
  let systems: Systems | undefined;

  beforeAll(() => {
    dataset = generateDataset({ scale: 0.05 });
  });
  afterAll(async () => {
    await systems?.close();
    store?.close();
  });

  it('loads everything first, then only what changed, and a down system delays only its own data', async () => {
    store = await AnalyticsStore.open({ path: ':memory:' });
    systems = await startSystems(dataset);
    const first = await new Extractor({ store, sources: systems.sources }).run();
    expect(first.systems.map((s) => [s.system, s.ok])).toEqual([
      ['ERP', true],
      ['POS', true],
      ['MARKETPLACE', true],
      ['WMS', true],
    ]);
    const sales = dataset.pos.receipts.length;
    expect(await count(store, 'ERP')).toBe(dataset.erp.orders.length);
    expect(await count(store, 'POS')).toBe(sales);
    expect(await count(store, 'MARKETPLACE')).toBe(dataset.marketplace.orders.length);
    const tillReturns = dataset.returns.filter((r) => r.system === 'POS').length;
    expect(Number((await store.query<{ n: number }>('SELECT COUNT(DISTINCT return_id) AS n FROM return_lines'))[0]!.n)).toBe(tillReturns);
    expect(Number((await store.query<{ n: number }>('SELECT COUNT(*) AS n FROM stock'))[0]!.n)).toBeGreaterThan(0);
    expect(
      Number((await store.query<{ n: number }>('SELECT COUNT(*) AS n FROM products WHERE category IS NOT NULL'))[0]!.n),
    ).toBeGreaterThan(0);

    // Restart against systems holding one new order each: the watermarks make this an increment.
    await systems.close();
    const grown = withNewOrders(dataset);
    systems = await startSystems(grown);
    const erpBoundary = dataset.erp.orders.filter((o) => o.changedAt === first.systems[0]!.watermark).length;
    const second = await new Extractor({ store, sources: systems.sources }).run();
    const erp = second.systems.find((s) => s.system === 'ERP')!;
    // The new order plus the orders sharing the old watermark instant (the bound is inclusive).
    expect(erp.fetched).toBe(1 + erpBoundary);
    expect(erp.watermark).toBe(NEW_AT);
    for (const s of second.systems.filter((x) => x.system !== 'WMS')) expect(s.fetched, s.system).toBeLessThanOrEqual(5);
    expect(await count(store, 'ERP')).toBe(dataset.erp.orders.length + 1);
    expect(await count(store, 'POS')).toBe(sales + 1);
    expect(await count(store, 'MARKETPLACE')).toBe(dataset.marketplace.orders.length + 1);

    // Marketplace down: the others still load; the answer names the stale system.
    systems.sims.marketplace.faults.set({ outage: 'refuse' });
    const third = await new Extractor({ store, sources: systems.sources }).run();
    expect(third.systems.map((s) => [s.system, s.ok])).toEqual([
      ['ERP', true],
      ['POS', true],
      ['MARKETPLACE', false],
      ['WMS', true],
    ]);
    expect(third.systems[2]!.error).toMatch(/UPSTREAM_UNAVAILABLE|CIRCUIT_OPEN/);
    const fresh = await freshness(store);
    expect(fresh.find((f) => f.system === 'MARKETPLACE')).toMatchObject({ stale: true, dataThrough: NEW_AT });
    expect(fresh.find((f) => f.system === 'ERP')).toMatchObject({ stale: false, lastError: null });
    const [total] = await salesSummary(store, { from: '2026-11-01', to: '2026-11-01' });
    expect(total!.orders).toBeGreaterThanOrEqual(3);
  }, 120_000);
});
