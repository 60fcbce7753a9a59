import type { AnalyticsStore } from './store.ts';
import { checkPeriod } from './summary.ts';

export type AnomalyScope = 'STORE' | 'CHANNEL' | 'SKU';
export type AnomalyMetric = 'ORDERS' | 'UNITS';

export interface SalesAnomalyOptions {
  /** What is counted per day. @default "ORDERS" (SKU scope: "UNITS") */
  metric?: AnomalyMetric | undefined;
  /** Same weekdays looked back for the baseline. @default 8 */
  weeks?: number | undefined;
  /** Robust deviations (|observed − expected| ÷ scale) at which a day is flagged. @default 3.5 */
  threshold?: number | undefined;
  /** Days where neither the observed value nor the baseline median reaches this are never flagged. @default 10 */
  minVolume?: number | undefined;
}

export interface SalesAnomaly {
  scope: AnomalyScope;
  key: string;
  day: string;
  metric: AnomalyMetric;
  observed: number;
  expected: number;
  expectedLow: number;
  expectedHigh: number;
  /** Signed robust z-score: (observed − expected) ÷ max(1.4826·MAD·level, √expected, 1). */
  score: number;
  direction: 'HIGH' | 'LOW';
  reason: string;
}

/** Keys whose baseline median reaches this set the day's business level. */
const LEVEL_MIN_VOLUME = 3;
const KEY: Record<AnomalyScope, string> = { STORE: 'store_code', CHANNEL: 'channel', SKU: 'sku' };
const WEEKDAY = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];
const round = (n: number, digits = 1) => Math.round(n * 10 ** digits) / 10 ** digits;

/**
 * Days on which a store, channel or SKU departs from its own same-weekday baseline: the median
 * and MAD of the same weekday over the previous `weeks` weeks (days without sales count as 0),
 * times the day's business level (the median, over the keys with volume, of observed ÷ own
 * median), so a season or ramp that lifts every store at once moves the expectation with it; one
 * key's spike or outage does not move a median. The scale never drops below √expected (the noise
 * of a count), and a minimum volume keeps tiny series out altogether.
 */
export async function salesAnomalies(
  store: AnalyticsStore,
  from: string,
  to: string,
  scope: AnomalyScope,
  options: SalesAnomalyOptions = {},
): Promise<SalesAnomaly[]> {
  checkPeriod(from, to);
  const metric = options.metric ?? (scope === 'SKU' ? 'UNITS' : 'ORDERS');
  const weeks = Math.min(26, Math.max(3, Math.floor(options.weeks ?? 8)));
  const threshold = options.threshold ?? 3.5;
  const minVolume = options.minVolume ?? 10;
  const value = metric === 'ORDERS' ? `COUNT(DISTINCT system || ':' || order_id)` : 'SUM(quantity)';
  const key = KEY[scope];
  const rows = await store.query<{ k: string; day: string; obs: number; med: number; mad: number; level: number | null }>(
    `WITH cal AS (SELECT CAST(d AS DATE) AS day FROM range(CAST($from AS DATE) - ${7 * weeks}, CAST($to AS DATE) + 1, INTERVAL 1 DAY) t(d)),
     base AS (
       SELECT ${key} AS k, day, ${value} AS v FROM sales_lines
       WHERE status <> 'CANCELLED' AND ${key} IS NOT NULL AND day BETWEEN CAST($from AS DATE) - ${7 * weeks} AND CAST($to AS DATE)
       GROUP BY ALL),
     keys AS (SELECT DISTINCT k FROM base),
     series AS (SELECT keys.k, cal.day, COALESCE(base.v, 0) AS v FROM keys CROSS JOIN cal LEFT JOIN base ON base.k = keys.k AND base.day = cal.day),
     hist AS (
       SELECT t.k, t.day, t.v AS obs, h.v AS hv FROM series t JOIN series h
         ON h.k = t.k AND h.day < t.day AND h.day >= t.day - ${7 * weeks} AND (t.day - h.day) % 7 = 0
       WHERE t.day BETWEEN CAST($from AS DATE) AND CAST($to AS DATE)),
     med AS (SELECT k, day, obs, MEDIAN(hv) AS med FROM hist GROUP BY k, day, obs),
     stats AS (
       SELECT m.k, m.day, m.obs, m.med, MEDIAN(ABS(h.hv - m.med)) AS mad
       FROM med m JOIN hist h ON h.k = m.k AND h.day = m.day GROUP BY m.k, m.day, m.obs, m.med),
     level AS (SELECT day, MEDIAN(obs / med) AS level FROM stats WHERE med >= $levelMin GROUP BY day)
     SELECT s.k, CAST(s.day AS VARCHAR) AS day, s.obs, s.med, s.mad, l.level
     FROM stats s LEFT JOIN level l USING (day)`,
    { from, to, levelMin: LEVEL_MIN_VOLUME },
  );
  const out: SalesAnomaly[] = [];
  for (const r of rows) {
    const obs = Number(r.obs);
    // The day's business level: the median key's volume against its own baseline (1 when no key is big enough to say).
    const level = r.level === null ? 1 : Number(r.level);
    const expected = Number(r.med) * level;
    if (obs < minVolume && expected < minVolume) continue;
    const scale = Math.max(1.4826 * Number(r.mad) * level, Math.sqrt(expected), 1);
    const score = (obs - expected) / scale;
    if (Math.abs(score) < threshold) continue;
    const low = Math.max(0, expected - threshold * scale);
    const high = expected + threshold * scale;
    const weekday = WEEKDAY[new Date(`${r.day}T00:00:00Z`).getUTCDay()] ?? '';
    const what = metric === 'ORDERS' ? 'orders' : 'units';
    const direction = score > 0 ? 'HIGH' : 'LOW';
    out.push({
      scope,
      key: r.k,
      day: r.day,
      metric,
      observed: obs,
      expected: round(expected),
      expectedLow: round(low),
      expectedHigh: round(high),
      score: round(score, 2),
      direction,
      reason:
        `${scope.toLowerCase()} ${r.k} had ${obs} ${what} on ${weekday} ${r.day}. Its last ${weeks} ${weekday}s had a median of ${Number(r.med)}, ` +
        `and the business as a whole ran at ${round(level * 100)}% of its usual ${weekday} that day, so about ${round(expected)} was expected ` +
        `(usual range ${round(low)}–${round(high)}): ${round(Math.abs(score))} robust deviations ${direction === 'HIGH' ? 'above' : 'below'} normal.`,
    });
  }
  return out.sort((a, b) => Math.abs(b.score) - Math.abs(a.score) || (a.day < b.day ? -1 : a.day > b.day ? 1 : a.key < b.key ? -1 : 1));
}

export interface StockAnomaly {
  kind: 'CYCLE_COUNT' | 'RECEIVING';
  locationCode: string;
  sku: string;
  at: string;
  observed: number;
  expected: number;
  expectedLow: number;
  expectedHigh: number;
  score: number;
  reason: string;
}

export interface StockAnomalyOptions {
  /** Only this location. @default every location */
  locationId?: string | undefined;
  /** Relative tolerance of a count or receipt against the system quantity. @default 0.1 */
  tolerance?: number | undefined;
  /** Absolute tolerance in units (small quantities). @default 2 */
  minUnits?: number | undefined;
}

/**
 * Cycle counts far off the system quantity (shrinkage when below) and receipts that differ from
 * what was shipped; the score is the gap in tolerances (|gap| ÷ max(minUnits, tolerance × expected)).
 */
export async function stockAnomalies(store: AnalyticsStore, options: StockAnomalyOptions = {}): Promise<StockAnomaly[]> {
  const tolerance = options.tolerance ?? 0.1;
  const minUnits = options.minUnits ?? 2;
  const loc = options.locationId ?? null;
  const counts = await store.query<{ location_code: string; sku: string; at: string; observed: number; expected: number }>(
    `SELECT location_code, sku, CAST(counted_at AS VARCHAR) AS at, counted_qty AS observed, system_qty AS expected FROM cycle_counts WHERE $loc IS NULL OR location_code = $loc
     UNION ALL
     SELECT location_code, sku || ' (' || reference || ')', CAST(received_on AS VARCHAR), received, expected FROM receivings WHERE $loc IS NULL OR location_code = $loc`,
    { loc },
  );
  const nCounts =
    (await store.query<{ n: number }>('SELECT COUNT(*) AS n FROM cycle_counts WHERE $loc IS NULL OR location_code = $loc', { loc }))[0]
      ?.n ?? 0;
  const out: StockAnomaly[] = [];
  counts.forEach((r, i) => {
    const kind = i < Number(nCounts) ? 'CYCLE_COUNT' : 'RECEIVING';
    const band = Math.max(minUnits, tolerance * Number(r.expected));
    const gap = Number(r.observed) - Number(r.expected);
    if (Math.abs(gap) <= band) return;
    const sku = kind === 'RECEIVING' ? (r.sku.split(' ')[0] ?? r.sku) : r.sku;
    out.push({
      kind,
      locationCode: r.location_code,
      sku,
      at: r.at,
      observed: Number(r.observed),
      expected: Number(r.expected),
      expectedLow: Math.max(0, Number(r.expected) - band),
      expectedHigh: Number(r.expected) + band,
      score: round(gap / band, 2),
      reason:
        kind === 'CYCLE_COUNT'
          ? `Counted ${r.observed} of ${sku} at ${r.location_code} where the WMS held ${r.expected}: ${Math.abs(gap)} units ${gap < 0 ? 'missing (possible shrinkage)' : 'more than recorded'}.`
          : `Received ${r.observed} of ${r.sku} at ${r.location_code} where ${r.expected} were shipped: ${Math.abs(gap)} units ${gap < 0 ? 'short' : 'over'}.`,
    });
  });
  return out.sort((a, b) => Math.abs(b.score) - Math.abs(a.score));
}
