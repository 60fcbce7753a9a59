import type { AnalyticsStore } from './store.ts';

export type SalesDimension = 'CHANNEL' | 'STORE' | 'CATEGORY' | 'SKU' | 'DAY';

export interface SalesSummaryQuery {
  /** First local business day, YYYY-MM-DD (inclusive). */
  from: string;
  /** Last local business day, YYYY-MM-DD (inclusive). */
  to: string;
  /** @default [] (one total row) */
  groupBy?: readonly SalesDimension[];
  /** Only sales in this currency; amounts are never converted. @default every currency, each its own row */
  currency?: string | undefined;
  /** Weeks averaged for the same-weekday comparison. @default 4 */
  weeks?: number;
}

export interface SalesSummaryRow {
  channel: string | null;
  store: string | null;
  category: string | null;
  sku: string | null;
  day: string | null;
  currency: string;
  /** Decimal strings. */
  revenue: string;
  units: number;
  orders: number;
  averageBasket: string;
  /** Returned units ÷ sold units in the period (null when nothing sold). */
  returnRate: number | null;
  previousRevenue: string;
  /** (revenue − previous) ÷ previous; null when the previous period sold nothing. */
  changeVsPreviousPeriod: number | null;
  /** Mean revenue of the same days shifted back 7, 14, … days. */
  sameWeekdayRevenue: string;
  changeVsSameWeekday: number | null;
}

const DAY_MS = 86_400_000;
const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** The key expression of each dimension; `shift` moves an earlier window's day onto the current one. */
const KEY: Record<SalesDimension, { column: keyof SalesSummaryRow; sales: string; returns: string }> = {
  CHANNEL: { column: 'channel', sales: 'l.channel', returns: "COALESCE(o.channel, 'STORE')" },
  STORE: { column: 'store', sales: 'l.store_code', returns: 'r.store_code' },
  CATEGORY: { column: 'category', sales: "COALESCE(p.category, 'UNKNOWN')", returns: "COALESCE(p.category, 'UNKNOWN')" },
  SKU: { column: 'sku', sales: 'l.sku', returns: 'r.sku' },
  DAY: { column: 'day', sales: 'CAST(l.day + w.shift AS DATE)', returns: 'r.day' },
};

export function checkPeriod(from: string, to: string): number {
  if (!DATE.test(from) || !DATE.test(to)) throw new RangeError('from and to are dates, YYYY-MM-DD');
  const days = (Date.parse(to) - Date.parse(from)) / DAY_MS + 1;
  if (!Number.isFinite(days) || days < 1) throw new RangeError('to must not be before from');
  if (days > 3660) throw new RangeError('a period is at most ten years');
  return days;
}

/** Revenue, units, orders, basket and return rate per group, against the previous period and recent weeks. */
export async function salesSummary(store: AnalyticsStore, q: SalesSummaryQuery): Promise<SalesSummaryRow[]> {
  const days = checkPeriod(q.from, q.to);
  const weeks = Math.min(12, Math.max(1, Math.floor(q.weeks ?? 4)));
  const dims = [...new Set(q.groupBy ?? [])];
  const salesKeys = dims.map((d) => `${KEY[d].sales} AS ${KEY[d].column}`);
  const returnKeys = dims.map((d) => `${KEY[d].returns} AS ${KEY[d].column}`);
  const cols = [...dims.map((d) => KEY[d].column), 'currency'];
  const join = (a: string, b: string) => cols.map((c) => `${a}.${c} IS NOT DISTINCT FROM ${b}.${c}`).join(' AND ');
  const windows = [`('cur', 0)`, `('prev', ${days})`, ...Array.from({ length: weeks }, (_, i) => `('wk', ${7 * (i + 1)})`)].join(', ');
  const sql = `
    WITH w(win, shift) AS (VALUES ${windows}),
    lines AS (SELECT * FROM sales_lines WHERE status <> 'CANCELLED' AND ($currency IS NULL OR currency = $currency)),
    agg AS (
      SELECT w.win, ${[...salesKeys, 'l.currency AS currency'].join(', ')},
             SUM(l.revenue) AS revenue, SUM(l.quantity) AS units, COUNT(DISTINCT l.system || ':' || l.order_id) AS orders
      FROM lines l JOIN w ON l.day BETWEEN CAST($from AS DATE) - w.shift AND CAST($to AS DATE) - w.shift
      LEFT JOIN products p ON p.sku = l.sku
      GROUP BY ALL),
    cur AS (SELECT * FROM agg WHERE win = 'cur'),
    prev AS (SELECT * FROM agg WHERE win = 'prev'),
    wk AS (SELECT ${cols.join(', ')}, SUM(revenue) / ${weeks} AS revenue FROM agg WHERE win = 'wk' GROUP BY ALL),
    ret AS (
      SELECT ${[...returnKeys, 'r.currency AS currency'].join(', ')}, SUM(r.quantity) AS units
      FROM return_lines r
      LEFT JOIN products p ON p.sku = r.sku
      LEFT JOIN (SELECT DISTINCT system, order_id, channel FROM sales_lines) o ON o.system = r.system AND o.order_id = r.source_order_id
      WHERE r.day BETWEEN CAST($from AS DATE) AND CAST($to AS DATE) AND ($currency IS NULL OR r.currency = $currency)
      GROUP BY ALL)
    SELECT ${cols.map((c) => `cur.${c}`).join(', ')},
           CAST(cur.revenue AS VARCHAR) AS revenue, cur.units, cur.orders,
           CAST(ROUND(cur.revenue / cur.orders, 2) AS DECIMAL(18,2))::VARCHAR AS average_basket,
           CASE WHEN cur.units > 0 THEN COALESCE(ret.units, 0) / cur.units END AS return_rate,
           CAST(COALESCE(prev.revenue, 0) AS DECIMAL(18,2))::VARCHAR AS previous_revenue,
           CASE WHEN COALESCE(prev.revenue, 0) > 0 THEN (cur.revenue - prev.revenue) / prev.revenue END AS change_prev,
           CAST(ROUND(COALESCE(wk.revenue, 0), 2) AS DECIMAL(18,2))::VARCHAR AS weekday_revenue,
           CASE WHEN COALESCE(wk.revenue, 0) > 0 THEN (cur.revenue - wk.revenue) / wk.revenue END AS change_wk
    FROM cur
    LEFT JOIN prev ON ${join('cur', 'prev')}
    LEFT JOIN wk ON ${join('cur', 'wk')}
    LEFT JOIN ret ON ${join('cur', 'ret')}
    ORDER BY cur.revenue DESC, ${cols.map((c) => `cur.${c}`).join(', ')}`;
  const rows = await store.query<Record<string, string | number | null>>(sql, { from: q.from, to: q.to, currency: q.currency ?? null });
  const num = (v: unknown): number | null => (v === null || v === undefined ? null : Number(v));
  return rows.map((r) => ({
    channel: (r.channel as string | undefined) ?? null,
    store: (r.store as string | undefined) ?? null,
    category: (r.category as string | undefined) ?? null,
    sku: (r.sku as string | undefined) ?? null,
    day: (r.day as string | undefined) ?? null,
    currency: String(r.currency),
    revenue: decimal(r.revenue),
    units: Number(r.units),
    orders: Number(r.orders),
    averageBasket: decimal(r.average_basket),
    returnRate: num(r.return_rate),
    previousRevenue: decimal(r.previous_revenue),
    changeVsPreviousPeriod: num(r.change_prev),
    sameWeekdayRevenue: decimal(r.weekday_revenue),
    changeVsSameWeekday: num(r.change_wk),
  }));
}

/** DuckDB prints DECIMAL(18,2) with its scale; normalise to two decimals whatever the input. */
export function decimal(v: unknown): string {
  const s = String(v ?? '0');
  const [whole = '0', frac = ''] = s.split('.');
  return `${whole}.${frac.padEnd(2, '0').slice(0, 2)}`;
}
