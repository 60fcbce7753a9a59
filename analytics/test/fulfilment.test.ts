import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TaskRecord } from '../../adapters/wms/src/index.ts';
import { AnalyticsStore, fulfilmentByLocation, storePerformance, upsertTasks } from '../src/index.ts';
import type { SalesLineRow } from '../src/store.ts';

type Status = TaskRecord['status'];
const task = (
  id: string,
  locationCode: string,
  createdAt: string,
  events: [Status, string][],
  extra: Partial<TaskRecord> = {},
): TaskRecord => ({
  id,
  kind: 'PICK',
  status: events.at(-1)?.[0] ?? 'CREATED',
  locationCode,
  lines: [{ sku: 'SKU-1', quantity: 1 }],
  createdAt,
  events: [['CREATED', createdAt] as [Status, string], ...events].map(([status, at]) => ({ status, at })),
  ...extra,
});

// Window: local (UTC+8) days 2026-10-01 … 2026-10-07.
const TASKS: TaskRecord[] = [
  // Placed 00:00, due next day, shipped 12:00: on time, 12 h.
  task(
    'T1',
    'ST001',
    '2026-10-02T02:00:00.000Z',
    [
      ['ACCEPTED', '2026-10-02T03:00:00.000Z'],
      ['SHIPPED', '2026-10-02T12:00:00.000Z'],
    ],
    {
      orderPlacedAt: '2026-10-02T00:00:00.000Z',
      dueBy: '2026-10-03T00:00:00.000Z',
    },
  ),
  // No placement time: measured from creation; ready at 08:00 against a 06:00 due time: late, 6 h.
  task('T2', 'ST001', '2026-10-03T02:00:00.000Z', [['READY_FOR_PICKUP', '2026-10-03T08:00:00.000Z']], {
    fulfilmentType: 'PICKUP',
    dueBy: '2026-10-03T06:00:00.000Z',
  }),
  task('T3', 'ST001', '2026-10-04T02:00:00.000Z', [['REJECTED', '2026-10-04T03:00:00.000Z']], { rejectionReason: 'OUT_OF_STOCK' }),
  // A replenishment transfer is not a customer fulfilment: left out.
  task('T4', 'ST001', '2026-10-04T02:00:00.000Z', [['SHIPPED', '2026-10-04T05:00:00.000Z']], { kind: 'TRANSFER' }),
  // A transfer serving a pickup counts; no due time, so only its cycle time: 24 h.
  task('T5', 'ST001', '2026-10-05T02:00:00.000Z', [['READY_FOR_PICKUP', '2026-10-05T20:00:00.000Z']], {
    kind: 'TRANSFER',
    fulfilmentType: 'PICKUP',
    orderPlacedAt: '2026-10-04T20:00:00.000Z',
  }),
  // 20:00 UTC on 09-30 is 04:00 on 10-01 locally: inside, still open.
  task('T6', 'ST001', '2026-09-30T20:00:00.000Z', []),
  // 17:00 UTC on 10-07 is 10-08 locally: outside.
  task('T7', 'ST001', '2026-10-07T17:00:00.000Z', [['REJECTED', '2026-10-07T18:00:00.000Z']]),
  task('T8', 'ST002', '2026-10-02T02:00:00.000Z', [['SHIPPED', '2026-10-02T05:00:00.000Z']], { dueBy: '2026-10-02T10:00:00.000Z' }),
];

const sale = (orderId: string, storeCode: string, revenue: string): SalesLineRow => ({
  system: 'POS',
  orderId,
  lineId: `${orderId}-1`,
  channel: 'STORE',
  storeCode,
  sku: 'SKU-1',
  quantity: 1,
  revenue,
  currency: 'CNY',
  status: 'COMPLETED',
  placedAt: '2026-10-03T04:00:00.000Z',
  updatedAt: '2026-10-03T04:00:00.000Z',
});

let store: AnalyticsStore;
beforeAll(async () => {
  store = await AnalyticsStore.open({ path: ':memory:' });
  // T3 first seen open, then rejected: the second read replaces the first.
  await upsertTasks(store, [task('T3', 'ST001', '2026-10-04T02:00:00.000Z', [])]);
  await upsertTasks(store, TASKS);
  const sales = [sale('s1', 'ST001', '300.00'), sale('s2', 'ST002', '100.00')];
  await store.upsertSalesLines(
    sales.map((s) => ({ system: s.system, orderId: s.orderId })),
    sales,
  );
});
afterAll(() => store.close());

describe('fulfilment measures per store (hand-computed, definitions of fulfilmentKpis)', () => {
  it('counts, on-time rate, rejection rate and cycle time per location', async () => {
    const byLocation = await fulfilmentByLocation(store, '2026-10-01', '2026-10-07');
    // ST001: T1, T2, T3, T5, T6. On time: T1 of T1, T2. Rejected: T3 of 5. Cycle: (12 + 6 + 24) / 3.
    expect(byLocation.get('ST001')).toEqual({ fulfilments: 5, onTimeRate: 0.5, rejectionRate: 0.2, cycleTimeHours: 14 });
    expect(byLocation.get('ST002')).toEqual({ fulfilments: 1, onTimeRate: 1, rejectionRate: 0, cycleTimeHours: 3 });
  });

  it('storePerformance carries them beside sales and stock accuracy', async () => {
    const rows = await storePerformance(store, '2026-10-01', '2026-10-07');
    expect(rows.map((r) => [r.rank, r.store, r.fulfilments, r.onTimeRate, r.rejectionRate, r.cycleTimeHours])).toEqual([
      [1, 'ST001', 5, 0.5, 0.2, 14],
      [2, 'ST002', 1, 1, 0, 3],
    ]);
    const none = await storePerformance(store, '2026-10-03', '2026-10-03');
    // Sales that day, but the only task created at ST001 that day is T2 (late): no rejection.
    expect(none.find((r) => r.store === 'ST001')).toMatchObject({ fulfilments: 1, onTimeRate: 0, rejectionRate: 0, cycleTimeHours: 6 });
    expect(none.find((r) => r.store === 'ST002')).toMatchObject({
      fulfilments: 0,
      onTimeRate: null,
      rejectionRate: null,
      cycleTimeHours: null,
    });
  });
});
