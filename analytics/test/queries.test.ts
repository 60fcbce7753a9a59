import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  AnalyticsStore,
  inventoryClassification,
  safetyStockSuggestions,
  salesAnomalies,
  salesSummary,
  stockAnomalies,
  storePerformance,
} from '../src/index.ts';
import type { SalesLineRow } from '../src/store.ts';

/** Local noon (UTC+8) of a business day. */
const noon = (day: string) => `${day}T04:00:00.000Z`;
const line = (
  system: string,
  orderId: string,
  day: string,
  sku: string,
  quantity: number,
  revenue: string,
  extra: Partial<SalesLineRow> = {},
): SalesLineRow => ({
  system,
  orderId,
  lineId: `${orderId}-${sku}`,
  channel: system === 'POS' ? 'STORE' : 'WEB',
  storeCode: system === 'POS' ? 'ST001' : undefined,
  sku,
  quantity,
  revenue,
  currency: 'CNY',
  status: 'COMPLETED',
  placedAt: noon(day),
  updatedAt: noon(day),
  ...extra,
});

const FIXTURE: SalesLineRow[] = [
  line('POS', 'o0', '2026-09-29', 'A', 2, '200.00'),
  line('POS', 'o1', '2026-10-05', 'A', 2, '200.00'),
  line('POS', 'o2', '2026-10-06', 'A', 4, '400.00'),
  line('POS', 'x1', '2026-10-06', 'A', 10, '1000.00', { status: 'CANCELLED' }),
  line('ERP', 'w1', '2026-10-07', 'A', 1, '100.00'),
  line('POS', 'o3', '2026-10-08', 'A', 1, '100.00'),
  line('POS', 'o3', '2026-10-08', 'B', 1, '50.00'),
  line('POS', 'o4', '2026-10-10', 'B', 3, '150.00'),
  line('POS', 'o5', '2026-10-11', 'C', 1, '50.00'),
];

let store: AnalyticsStore;

beforeAll(async () => {
  store = await AnalyticsStore.open({ path: ':memory:' });
  const keys = [...new Map(FIXTURE.map((r) => [`${r.system}:${r.orderId}`, { system: r.system, orderId: r.orderId }])).values()];
  await store.upsertSalesLines(keys, FIXTURE);
  await store.upsertReturnLines([
    {
      system: 'POS',
      returnId: 'r1',
      lineId: '1',
      storeCode: 'ST001',
      sku: 'A',
      quantity: 1,
      refund: '100.00',
      currency: 'CNY',
      returnedAt: noon('2026-10-09'),
      sourceOrderId: 'o2',
    },
  ]);
  await store.upsertProducts([
    { sku: 'A', category: 'Beauty', name: 'A' },
    { sku: 'B', category: 'Beauty', name: 'B' },
    { sku: 'C', category: 'Home', name: 'C' },
  ]);
  await store.upsertLocations([{ code: 'ST001', kind: 'STORE', name: 'Store 1', leadTimeDays: 4 }]);
  await store.replaceStock(
    [
      { locationCode: 'ST001', sku: 'A', onHand: 14, reserved: 0, safetyStock: 2 },
      { locationCode: 'ST001', sku: 'B', onHand: 0, reserved: 0, safetyStock: 1 },
      { locationCode: 'ST001', sku: 'C', onHand: 5, reserved: 0, safetyStock: 0 },
      { locationCode: 'ST001', sku: 'D', onHand: 3, reserved: 0, safetyStock: 0 },
    ],
    '2026-10-12T00:00:00Z',
  );
});
afterAll(() => store.close());

const WEEK = { from: '2026-10-05', to: '2026-10-11' };

describe('salesSummary (hand-computed)', () => {
  it('totals the week: revenue, units, orders, basket, return rate and both comparisons', async () => {
    const [total] = await salesSummary(store, WEEK);
    // 200+400+100+100+50+150+50; the cancelled order is left out.
    expect(total).toMatchObject({
      revenue: '1050.00',
      units: 13,
      orders: 6,
      averageBasket: '175.00',
      previousRevenue: '200.00',
      sameWeekdayRevenue: '50.00',
    });
    expect(total!.returnRate).toBeCloseTo(1 / 13, 10);
    expect(total!.changeVsPreviousPeriod).toBeCloseTo(4.25, 10); // (1050 − 200) / 200
    expect(total!.changeVsSameWeekday).toBeCloseTo(20, 10); // 4-week mean of 200, 0, 0, 0 = 50
  });

  it('groups by channel, with returns counted against the channel of the sale returned', async () => {
    const rows = await salesSummary(store, { ...WEEK, groupBy: ['CHANNEL'] });
    expect(rows.map((r) => [r.channel, r.revenue, r.units, r.orders, r.averageBasket])).toEqual([
      ['STORE', '950.00', 12, 5, '190.00'],
      ['WEB', '100.00', 1, 1, '100.00'],
    ]);
    expect(rows[0]!.returnRate).toBeCloseTo(1 / 12, 10);
    expect(rows[0]!.changeVsPreviousPeriod).toBeCloseTo(3.75, 10);
    expect(rows[1]!.returnRate).toBe(0);
    expect(rows[1]!.changeVsPreviousPeriod).toBeNull();
  });

  it('groups by category and by day', async () => {
    const cats = await salesSummary(store, { ...WEEK, groupBy: ['CATEGORY'] });
    expect(cats.map((r) => [r.category, r.revenue])).toEqual([
      ['Beauty', '1000.00'],
      ['Home', '50.00'],
    ]);
    const days = await salesSummary(store, { ...WEEK, groupBy: ['DAY'] });
    expect(days.find((r) => r.day === '2026-10-06')).toMatchObject({
      revenue: '400.00',
      previousRevenue: '200.00',
      sameWeekdayRevenue: '50.00',
    }); // 09-29 is both 7 days back and a week back
  });

  it('ranks stores', async () => {
    const [first] = await storePerformance(store, WEEK.from, WEEK.to);
    expect(first).toMatchObject({ rank: 1, store: 'ST001', revenue: '950.00', orders: 5, stockAccuracy: null });
  });
});

describe('inventoryClassification (hand-computed)', () => {
  it('classes by revenue share of the SKUs above, with annualised turnover', async () => {
    const rows = await inventoryClassification(store, 'ST001', WEEK);
    expect(rows.map((r) => [r.sku, r.revenue, r.units, r.abcClass])).toEqual([
      ['A', '700.00', 7, 'A'], // above 0
      ['B', '200.00', 4, 'A'], // above 700/950 = 0.737 < 0.80
      ['C', '50.00', 1, 'B'], // above 900/950 = 0.947 < 0.95
      ['D', '0.00', 0, 'C'], // stocked, never sold
    ]);
    const [a, b, c, d] = rows;
    expect(a!.revenueShare).toBeCloseTo(700 / 950, 10);
    expect(a!.turnover).toBeCloseTo((7 * 365) / 7 / 14, 10); // 26.07
    expect(a!.daysOfCover).toBeCloseTo(14, 10);
    expect(b!.turnover).toBeNull(); // nothing on hand
    expect(c!.turnover).toBeCloseTo((1 * 365) / 7 / 5, 10);
    expect(d!.turnover).toBe(0);
  });
});

describe('safetyStockSuggestions (hand-computed)', () => {
  it('z × σ(daily demand) × √lead time, rounded up, beside the WMS value', async () => {
    const rows = await safetyStockSuggestions(store, 'ST001', 0.95, WEEK);
    const bySku = new Map(rows.map((r) => [r.sku, r]));
    // A: 2,4,0,1,0,0,0 → mean 1, variance 21/7 − 1 = 2; 1.6449 × √2 × √4 = 4.65 → 5
    expect(bySku.get('A')).toMatchObject({ suggested: 5, current: 2, onHand: 14, leadTimeDays: 4 });
    expect(bySku.get('A')!.demandStdDev).toBeCloseTo(Math.SQRT2, 10);
    expect(bySku.get('A')!.z).toBeCloseTo(1.644854, 5);
    // B: 0,0,0,1,0,3,0 → variance 10/7 − 16/49; 1.6449 × 1.0498 × 2 = 3.45 → 4
    expect(bySku.get('B')).toMatchObject({ suggested: 4, current: 1 });
    // C: one unit → σ = √(6/49); 1.6449 × 0.3499 × 2 = 1.15 → 2
    expect(bySku.get('C')).toMatchObject({ suggested: 2, current: 0 });
    await expect(safetyStockSuggestions(store, 'ST001', 1)).rejects.toThrow(/serviceLevel/);
  });
});

describe('anomalies', () => {
  it('flags a day far below its same-weekday median and leaves normal days alone', async () => {
    const s = await AnalyticsStore.open({ path: ':memory:' });
    const rows: SalesLineRow[] = [];
    // 8 Mondays of 30 ± 1 orders (a sixth of the business), then a Monday of 3.
    const mondays = [
      '2026-08-10',
      '2026-08-17',
      '2026-08-24',
      '2026-08-31',
      '2026-09-07',
      '2026-09-14',
      '2026-09-21',
      '2026-09-28',
      '2026-10-05',
    ];
    mondays.forEach((day, w) => {
      const n = w === 8 ? 3 : 29 + (w % 3);
      for (let i = 0; i < n; i++) rows.push(line('POS', `m${w}-${i}`, day, 'A', 1, '10.00', { storeCode: 'ST009' }));
      // The rest of the business: a steady 30 a Monday at each of five other stores.
      for (const store of ['ST010', 'ST011', 'ST012', 'ST013', 'ST014']) {
        for (let i = 0; i < 30; i++) rows.push(line('POS', `${store}-${w}-${i}`, day, 'A', 1, '10.00', { storeCode: store }));
      }
    });
    await s.upsertSalesLines(
      rows.map((r) => ({ system: r.system, orderId: r.orderId })),
      rows,
    );
    const found = await salesAnomalies(s, '2026-09-28', '2026-10-05', 'STORE');
    expect(found).toHaveLength(1);
    expect(found[0]).toMatchObject({ key: 'ST009', day: '2026-10-05', observed: 3, expected: 30, direction: 'LOW' });
    expect(found[0]!.score).toBeLessThan(-4);
    expect(found[0]!.reason).toMatch(/ST009 had 3 orders on Monday 2026-10-05/);
    expect(found[0]!.reason).toMatch(/about 30 /);
    s.close();
  });

  it('flags cycle counts and receipts off the system quantity', async () => {
    const s = await AnalyticsStore.open({ path: ':memory:' });
    await s.addCycleCounts([
      { locationCode: 'ST003', sku: 'A', countedAt: '2026-10-01T02:00:00Z', systemQuantity: 20, countedQuantity: 12 },
      { locationCode: 'ST003', sku: 'B', countedAt: '2026-10-01T02:00:00Z', systemQuantity: 20, countedQuantity: 19 },
    ]);
    await s.addReceivings([{ locationCode: 'ST003', reference: 'TR-1', sku: 'C', expected: 10, received: 6, receivedOn: '2026-10-02' }]);
    const found = await stockAnomalies(s);
    expect(found.map((f) => [f.kind, f.sku, f.observed, f.expected])).toEqual([
      ['CYCLE_COUNT', 'A', 12, 20], // gap 8 over a band of 2 → score −4
      ['RECEIVING', 'C', 6, 10], // gap 4 over a band of 2 → −2
    ]);
    expect(found[0]!.reason).toMatch(/shrinkage/);
    s.close();
  });
});
