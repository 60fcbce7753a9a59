import type { AnalyticsStore } from './store.ts';
import { checkPeriod, decimal } from './summary.ts';

export interface InventoryWindow {
  /** First day of the demand window (YYYY-MM-DD). @default 89 days before `to` */
  from?: string | undefined;
  /** Last day of the demand window. @default the newest business day loaded */
  to?: string | undefined;
}

export interface AbcRow {
  sku: string;
  category: string | null;
  revenue: string;
  units: number;
  /** Share of the location's revenue in the window (0–1). */
  revenueShare: number;
  /** Cumulative share of the SKUs ranked above this one, plus this one. */
  cumulativeShare: number;
  abcClass: 'A' | 'B' | 'C';
  onHand: number | null;
  /** Units sold per year ÷ units on hand now; null when nothing is on hand. */
  turnover: number | null;
  daysOfCover: number | null;
}

export interface SafetyStockRow {
  sku: string;
  meanDailyDemand: number;
  /** Population standard deviation of daily demand, zero days included. */
  demandStdDev: number;
  leadTimeDays: number;
  serviceLevel: number;
  z: number;
  suggested: number;
  /** What the WMS holds as safety stock today (null when it has no position). */
  current: number | null;
  onHand: number | null;
}

/** Cumulative revenue share (of the SKUs ranked above) under which a SKU is A, then B. */
export const ABC_LIMITS = { A: 0.8, B: 0.95 } as const;

/** Which sales lines draw on a location's stock: a store's own sales and pickups; a DC ships every line without a store. */
function demandScope(kind: string | undefined): string {
  return kind === 'DC' ? 'store_code IS NULL' : kind === 'SUPPLIER' ? 'FALSE' : 'store_code = $loc';
}

async function resolveWindow(store: AnalyticsStore, w: InventoryWindow): Promise<{ from: string; to: string; days: number }> {
  const to =
    w.to ??
    (await store.query<{ d: string | null }>('SELECT CAST(MAX(day) AS VARCHAR) AS d FROM sales_lines'))[0]?.d ??
    new Date().toISOString().slice(0, 10);
  const from = w.from ?? new Date(Date.parse(to) - 89 * 86_400_000).toISOString().slice(0, 10);
  return { from, to, days: checkPeriod(from, to) };
}

async function locationOf(store: AnalyticsStore, loc: string): Promise<{ kind: string; lead_time_days: number } | undefined> {
  return (
    await store.query<{ kind: string; lead_time_days: number }>('SELECT kind, lead_time_days FROM locations WHERE code = $loc', { loc })
  )[0];
}

/**
 * ABC classes by revenue share at one location (A while the SKUs ranked above hold under 80%,
 * B under 95%, else C), with annualised unit turnover against today's stock.
 */
export async function inventoryClassification(store: AnalyticsStore, locationId: string, window: InventoryWindow = {}): Promise<AbcRow[]> {
  const { from, to, days } = await resolveWindow(store, window);
  const location = await locationOf(store, locationId);
  const rows = await store.query<Record<string, string | number | null>>(
    `WITH per AS (
       SELECT sku, SUM(revenue) AS revenue, SUM(quantity) AS units FROM sales_lines
       WHERE status <> 'CANCELLED' AND day BETWEEN CAST($from AS DATE) AND CAST($to AS DATE) AND ${demandScope(location?.kind)}
       GROUP BY sku),
     stocked AS (SELECT sku, on_hand FROM stock WHERE location_code = $loc),
     allskus AS (
       SELECT COALESCE(per.sku, stocked.sku) AS sku, COALESCE(per.revenue, 0) AS revenue, COALESCE(per.units, 0) AS units, stocked.on_hand
       FROM per FULL OUTER JOIN stocked ON stocked.sku = per.sku),
     total AS (SELECT SUM(revenue) AS t FROM allskus),
     ranked AS (
       SELECT a.*, CASE WHEN t > 0 THEN revenue / t ELSE 0 END AS share,
              CASE WHEN t > 0 THEN SUM(revenue) OVER (ORDER BY revenue DESC, sku ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) / t ELSE 1 END AS cum,
              CASE WHEN t > 0 THEN COALESCE(SUM(revenue) OVER (ORDER BY revenue DESC, sku ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING), 0) / t ELSE 1 END AS above
       FROM allskus a, total)
     SELECT r.sku, p.category, CAST(r.revenue AS VARCHAR) AS revenue, r.units, r.share, r.cum, r.on_hand,
            CASE WHEN r.revenue > 0 AND r.above < ${ABC_LIMITS.A} THEN 'A' WHEN r.revenue > 0 AND r.above < ${ABC_LIMITS.B} THEN 'B' ELSE 'C' END AS cls,
            CASE WHEN r.on_hand > 0 THEN r.units * 365.0 / $days / r.on_hand END AS turnover,
            CASE WHEN r.units > 0 THEN COALESCE(r.on_hand, 0) / (r.units / $days) END AS cover
     FROM ranked r LEFT JOIN products p ON p.sku = r.sku
     ORDER BY r.revenue DESC, r.sku`,
    { from, to, loc: locationId, days },
  );
  return rows.map((r) => ({
    sku: String(r.sku),
    category: (r.category as string | null) ?? null,
    revenue: decimal(r.revenue),
    units: Number(r.units),
    revenueShare: Number(r.share),
    cumulativeShare: Number(r.cum),
    abcClass: r.cls as AbcRow['abcClass'],
    onHand: r.on_hand === null ? null : Number(r.on_hand),
    turnover: r.turnover === null ? null : Number(r.turnover),
    daysOfCover: r.cover === null ? null : Number(r.cover),
  }));
}

/** Inverse of the standard normal CDF (Acklam's rational approximation; relative error below 1.2e-9). */
export function normalQuantile(p: number): number {
  if (!(p > 0 && p < 1)) throw new RangeError('serviceLevel must be strictly between 0 and 1');
  const a = [-3.969683028665376e1, 2.209460984245205e2, -2.759285104469687e2, 1.38357751867269e2, -3.066479806614716e1, 2.506628277459239];
  const b = [-5.447609879822406e1, 1.615858368580409e2, -1.556989798598866e2, 6.680131188771972e1, -1.328068155288572e1];
  const c = [-7.784894002430293e-3, -3.223964580411365e-1, -2.400758277161838, -2.549732539343734, 4.374664141464968, 2.938163982698783];
  const d = [7.784695709041462e-3, 3.224671290700398e-1, 2.445134137142996, 3.754408661907416];
  const [a0, a1, a2, a3, a4, a5] = a as [number, number, number, number, number, number];
  const [b0, b1, b2, b3, b4] = b as [number, number, number, number, number];
  const [c0, c1, c2, c3, c4, c5] = c as [number, number, number, number, number, number];
  const [d0, d1, d2, d3] = d as [number, number, number, number];
  const low = 0.02425;
  if (p < low) {
    const q = Math.sqrt(-2 * Math.log(p));
    return (((((c0 * q + c1) * q + c2) * q + c3) * q + c4) * q + c5) / ((((d0 * q + d1) * q + d2) * q + d3) * q + 1);
  }
  if (p > 1 - low) return -normalQuantile(1 - p);
  const q = p - 0.5;
  const r = q * q;
  return ((((((a0 * r + a1) * r + a2) * r + a3) * r + a4) * r + a5) * q) / (((((b0 * r + b1) * r + b2) * r + b3) * r + b4) * r + 1);
}

/**
 * Safety stock = z(serviceLevel) × σ(daily demand) × √(lead time in days), rounded up, for
 * every SKU with demand at the location in the window; beside what the WMS holds today.
 */
export async function safetyStockSuggestions(
  store: AnalyticsStore,
  locationId: string,
  serviceLevel: number,
  window: InventoryWindow = {},
): Promise<SafetyStockRow[]> {
  const z = normalQuantile(serviceLevel);
  const { from, to, days } = await resolveWindow(store, window);
  const location = await locationOf(store, locationId);
  const lead = Math.max(1, location?.lead_time_days ?? 1);
  const rows = await store.query<{ sku: string; s1: number; s2: number; safety_stock: number | null; on_hand: number | null }>(
    `WITH daily AS (
       SELECT sku, day, SUM(quantity) AS q FROM sales_lines
       WHERE status <> 'CANCELLED' AND day BETWEEN CAST($from AS DATE) AND CAST($to AS DATE) AND ${demandScope(location?.kind)}
       GROUP BY sku, day)
     SELECT d.sku, SUM(q) AS s1, SUM(q * q) AS s2, st.safety_stock, st.on_hand
     FROM daily d LEFT JOIN stock st ON st.location_code = $loc AND st.sku = d.sku
     GROUP BY d.sku, st.safety_stock, st.on_hand ORDER BY d.sku`,
    { from, to, loc: locationId },
  );
  return rows
    .map((r) => {
      const mean = Number(r.s1) / days;
      const sd = Math.sqrt(Math.max(0, Number(r.s2) / days - mean * mean));
      return {
        sku: r.sku,
        meanDailyDemand: mean,
        demandStdDev: sd,
        leadTimeDays: lead,
        serviceLevel,
        z,
        suggested: Math.ceil(z * sd * Math.sqrt(lead) - 1e-9),
        current: r.safety_stock === null ? null : Number(r.safety_stock),
        onHand: r.on_hand === null ? null : Number(r.on_hand),
      };
    })
    .sort((a, b) => b.suggested - a.suggested || (a.sku < b.sku ? -1 : 1));
}
