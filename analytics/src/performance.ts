import { fulfilmentByLocation } from './fulfilmentTasks.ts';
import type { AnalyticsStore } from './store.ts';
import { salesSummary } from './summary.ts';

export interface StorePerformanceRow {
  rank: number;
  store: string;
  revenue: string;
  currency: string;
  orders: number;
  units: number;
  averageBasket: string;
  returnRate: number | null;
  changeVsPreviousPeriod: number | null;
  /** Share of cycle counts in the period within tolerance of the system quantity; null without counts. */
  stockAccuracy: number | null;
  cycleCounts: number;
  /** Fulfilment tasks (picks, pickup transfers) created at the store in the period. */
  fulfilments: number;
  /** Completed by their due time ÷ completed with a due time; null without such tasks. */
  onTimeRate: number | null;
  rejectionRate: number | null;
  /** Mean hours from order placement to shipped or ready for pickup. */
  cycleTimeHours: number | null;
}

/** Stores ranked by revenue in the period, with return rate, stock accuracy from cycle counts and fulfilment measures. */
export async function storePerformance(store: AnalyticsStore, from: string, to: string, currency?: string): Promise<StorePerformanceRow[]> {
  const sales = (await salesSummary(store, { from, to, groupBy: ['STORE'], currency })).filter((r) => r.store !== null);
  const accuracy = new Map(
    (
      await store.query<{ location_code: string; n: number; ok: number }>(
        `SELECT location_code, COUNT(*) AS n, COUNT(*) FILTER (WHERE ABS(counted_qty - system_qty) <= GREATEST(2, 0.1 * system_qty)) AS ok
         FROM cycle_counts WHERE CAST(counted_at AS DATE) BETWEEN CAST($from AS DATE) AND CAST($to AS DATE) GROUP BY location_code`,
        { from, to },
      )
    ).map((r) => [r.location_code, { n: Number(r.n), ok: Number(r.ok) }]),
  );
  const fulfilment = await fulfilmentByLocation(store, from, to);
  return sales.map((r, i) => {
    const acc = accuracy.get(r.store ?? '');
    const f = fulfilment.get(r.store ?? '');
    return {
      rank: i + 1,
      store: r.store ?? '',
      revenue: r.revenue,
      currency: r.currency,
      orders: r.orders,
      units: r.units,
      averageBasket: r.averageBasket,
      returnRate: r.returnRate,
      changeVsPreviousPeriod: r.changeVsPreviousPeriod,
      stockAccuracy: acc ? acc.ok / acc.n : null,
      cycleCounts: acc?.n ?? 0,
      fulfilments: f?.fulfilments ?? 0,
      onTimeRate: f?.onTimeRate ?? null,
      rejectionRate: f?.rejectionRate ?? null,
      cycleTimeHours: f?.cycleTimeHours ?? null,
    };
  });
}
