import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCallContext } from '../../adapters/core/src/index.ts';
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
  // The member feeds: a new posting, a new cart line and a partner whose account changed.
  const posting = structuredClone(next.erp.pointsHistory!.at(-1)!);
  next.erp.pointsHistory!.push({ ...posting, postingId: 'PT9999999999', postedAt: NEW_AT, points: 42, reason: 'PURCHASE' });
  const line = structuredClone(next.erp.basketItems!.at(-1)!);
  next.erp.basketItems!.push({ ...line, basket: 'CART', item: '990', addedAt: NEW_AT, changedAt: NEW_AT });
  next.erp.customers[0]!.changedAt = NEW_AT;
  return next;
}

/** The ERP's local (UTC+8) calendar day of an instant: the partner's LastChangeDate. */
const localDay = (iso: string) => new Date(Date.parse(iso) + 8 * 3_600_000).toISOString().slice(0, 10);
const rows = async (store: AnalyticsStore, table: string) =>
  Number((await store.query<{ n: number }>(`SELECT COUNT(*) AS n FROM ${table}`))[0]!.n);

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
    expect(first.systems.map((s) => [s.system, s.feed, s.ok])).toEqual([
      ['ERP', undefined, true],
      ['POS', undefined, true],
      ['MARKETPLACE', undefined, true],
      ['ERP', 'LOYALTY', true],
      ['ERP', 'POINTS', true],
      ['ERP', 'BASKETS', true],
      ['ERP', 'RETURNS', true],
      ['WMS', undefined, true],
      ['WMS', 'TASKS', true],
      ['WMS', 'CYCLE_COUNTS', true],
    ]);
    expect(await rows(store, 'members')).toBe(dataset.erp.customers.length);
    expect(await rows(store, 'points_ledger')).toBe(dataset.erp.pointsHistory!.length);
    expect(await rows(store, 'basket_lines')).toBe(dataset.erp.basketItems!.length);
    expect(first.systems.filter((s) => !s.feed).map((s) => [s.system, s.ok])).toEqual([
      ['ERP', true],
      ['POS', true],
      ['MARKETPLACE', true],
      ['WMS', true],
    ]);
    const sales = dataset.pos.receipts.length;
    expect(await count(store, 'ERP')).toBe(dataset.erp.orders.length);
    expect(await count(store, 'POS')).toBe(sales);
    expect(await count(store, 'MARKETPLACE')).toBe(dataset.marketplace.orders.length);
    // Till returns from the POS, web and post returns from the ERP (a rejected one sent nothing back).
    const returns = dataset.returns.filter((r) => r.system === 'POS' || r.status !== 'REJECTED').length;
    expect(Number((await store.query<{ n: number }>('SELECT COUNT(DISTINCT return_id) AS n FROM return_lines'))[0]!.n)).toBe(returns);
    const history = dataset.wms.cycleCounts!.length;
    expect(await rows(store, 'cycle_counts')).toBe(history);
    expect(Number((await store.query<{ n: number }>('SELECT COUNT(*) AS n FROM stock'))[0]!.n)).toBeGreaterThan(0);
    expect(
      Number((await store.query<{ n: number }>('SELECT COUNT(*) AS n FROM products WHERE category IS NOT NULL'))[0]!.n),
    ).toBeGreaterThan(0);

    // Restart against systems holding one new order each: the watermarks make this an increment.
    await systems.close();
    const grown = withNewOrders(dataset);
    systems = await startSystems(grown);
    // A pick at a store in the restarted WMS: the tasks feed loads it with its state.
    const stocked = grown.wms.stock.find(
      (p) => p.onHand - p.reserved - p.allocated - p.safetyStock >= 1 && p.locationCode.startsWith('ST'),
    )!;
    const created = await systems.sources.wms.createTask(
      createCallContext({ requestId: 'extractor-test', deadline: Date.now() + 30_000 }),
      {
        kind: 'PICK',
        fulfilmentType: 'SHIP',
        locationCode: stocked.locationCode,
        orderReference: 'ORD-EXTRACT-1',
        lines: [{ sku: stocked.sku, quantity: 1 }],
      },
    );
    expect(created.outcome).toBe('CREATED');
    // A count 3 units short at the same place: the cycle-count feed loads it against the book quantity.
    const counted = await systems.sources.wms.recordCycleCount(
      createCallContext({ requestId: 'extractor-count', deadline: Date.now() + 30_000 }),
      {
        sku: stocked.sku,
        locationCode: stocked.locationCode,
        countedQuantity: Math.max(0, stocked.onHand - 3),
        countedAt: NEW_AT,
      },
    );
    expect(counted).toBeDefined();
    const erpBoundary = dataset.erp.orders.filter((o) => o.changedAt === first.systems[0]!.watermark).length;
    const firstFeed = (feed: string) => first.systems.find((s) => s.feed === feed)!.watermark!;
    const second = await new Extractor({ store, sources: systems.sources }).run();
    const erp = second.systems.find((s) => s.system === 'ERP' && !s.feed)!;
    // Member feeds read from their watermarks too: the new record plus those at the inclusive bound.
    const feed = (name: string) => second.systems.find((s) => s.feed === name)!;
    const at = (iso: string, mark: string) => Date.parse(iso) === Date.parse(mark);
    expect(feed('POINTS').fetched).toBe(1 + dataset.erp.pointsHistory!.filter((p) => at(p.postedAt, firstFeed('POINTS'))).length);
    expect(feed('BASKETS').fetched).toBe(1 + dataset.erp.basketItems!.filter((b) => at(b.changedAt, firstFeed('BASKETS'))).length);
    expect(feed('LOYALTY').fetched).toBe(grown.erp.customers.filter((c) => localDay(c.changedAt) >= firstFeed('LOYALTY')).length);
    expect(feed('LOYALTY').fetched).toBeLessThan(dataset.erp.customers.length / 4);
    expect(feed('POINTS').watermark).toBe(NEW_AT);
    expect(await rows(store, 'points_ledger')).toBe(dataset.erp.pointsHistory!.length + 1);
    expect(await rows(store, 'basket_lines')).toBe(dataset.erp.basketItems!.length + 1);
    expect(await rows(store, 'members')).toBe(dataset.erp.customers.length);
    expect(feed('TASKS')).toMatchObject({ ok: true, fetched: 1 });
    // The new count plus the seeded history's counts at the old watermark instant (inclusive bound).
    const countBoundary = dataset.wms.cycleCounts!.filter((c) => at(c.countedAt, firstFeed('CYCLE_COUNTS'))).length;
    expect(countBoundary).toBeGreaterThan(0);
    expect(feed('CYCLE_COUNTS')).toMatchObject({ ok: true, fetched: 1 + countBoundary, watermark: NEW_AT });
    expect(
      await store.query(
        'SELECT location_code, sku, system_qty, counted_qty FROM cycle_counts WHERE counted_at >= CAST($at AS TIMESTAMPTZ)::TIMESTAMP',
        { at: NEW_AT },
      ),
    ).toEqual([
      { location_code: stocked.locationCode, sku: stocked.sku, system_qty: stocked.onHand, counted_qty: Math.max(0, stocked.onHand - 3) },
    ]);
    expect(await store.query('SELECT location_code, status FROM fulfilment_tasks')).toEqual([
      { location_code: stocked.locationCode, status: 'CREATED' },
    ]);
    // The new order plus the orders sharing the old watermark instant (the bound is inclusive).
    expect(erp.fetched).toBe(1 + erpBoundary);
    expect(erp.watermark).toBe(NEW_AT);
    for (const s of second.systems.filter((x) => x.system !== 'WMS' && !x.feed)) expect(s.fetched, s.system).toBeLessThanOrEqual(5);
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
      ['ERP', true],
      ['ERP', true],
      ['ERP', true],
      ['ERP', true],
      ['WMS', true],
      ['WMS', true],
      ['WMS', true],
    ]);
    // The count at the watermark instant is read again and replaces itself: still one row.
    expect(await rows(store, 'cycle_counts')).toBe(history + 1);
    expect(third.systems[2]!.error).toMatch(/UPSTREAM_UNAVAILABLE|CIRCUIT_OPEN/);
    const fresh = await freshness(store);
    expect(fresh.find((f) => f.system === 'MARKETPLACE')).toMatchObject({ stale: true, dataThrough: NEW_AT });
    expect(fresh.find((f) => f.system === 'ERP')).toMatchObject({ stale: false, lastError: null });
    const [total] = await salesSummary(store, { from: '2026-11-01', to: '2026-11-01' });
    expect(total!.orders).toBeGreaterThanOrEqual(3);
  }, 120_000);
});
