import { isAdapterError, type CallContext } from '../../adapters/core/src/index.ts';
import type { WmsAdapter } from '../../adapters/wms/src/index.ts';
import type { AnalyticsStore, CycleCountRow } from './store.ts';

/** The WMS's cycle-count history (GetCycleCounts), with its own watermark row. */
export const CYCLE_COUNT_FEED = 'WMS:CYCLE_COUNTS' as const;

export interface CycleCountFeedReport {
  ok: boolean;
  fetched: number;
  watermark: string | null;
  ms: number;
  error?: string;
}

/**
 * Counts read since the watermark (inclusive, so the counts at that instant come again and
 * replace themselves: a count is one SKU at one location at one instant).
 */
export async function upsertCycleCounts(store: AnalyticsStore, rows: readonly CycleCountRow[]): Promise<void> {
  if (rows.length === 0) return;
  await store.exclusive(async () => {
    await store.run(`CREATE OR REPLACE TABLE stage_counts (location_code VARCHAR, sku VARCHAR, counted_at VARCHAR, system_qty DOUBLE,
      counted_qty DOUBLE)`);
    await store.append(
      'stage_counts',
      rows.map((r) => [r.locationCode, r.sku, r.countedAt, r.systemQuantity, r.countedQuantity]),
    );
    await store.run(`CREATE OR REPLACE TABLE stage_counts_typed AS SELECT DISTINCT ON (location_code, sku, counted)
      location_code, sku, CAST(counted_at AS TIMESTAMPTZ)::TIMESTAMP AS counted, system_qty, counted_qty FROM stage_counts`);
    await store.run(`DELETE FROM cycle_counts WHERE (location_code, sku, counted_at) IN
      (SELECT location_code, sku, counted FROM stage_counts_typed)`);
    await store.run('INSERT INTO cycle_counts SELECT location_code, sku, counted, system_qty, counted_qty FROM stage_counts_typed');
  });
}

/** Loads the counts recorded since the watermark; a failure keeps the watermark and records the error. */
export async function loadCycleCountFeed(
  store: AnalyticsStore,
  wms: WmsAdapter,
  ctx: CallContext,
  now: () => Date,
): Promise<CycleCountFeedReport> {
  const started = Date.now();
  const since = (await store.watermark(CYCLE_COUNT_FEED))?.watermark ?? null;
  try {
    const counts = await wms.getCycleCounts(ctx, since ? { countedFrom: since } : {});
    await upsertCycleCounts(
      store,
      counts.map((c) => ({
        locationCode: c.locationCode,
        sku: c.sku,
        countedAt: c.countedAt,
        systemQuantity: c.previousOnHand,
        countedQuantity: c.countedQuantity,
      })),
    );
    const newest = counts.reduce<string | null>(
      (w, c) => (w === null || Date.parse(c.countedAt) > Date.parse(w) ? new Date(c.countedAt).toISOString() : w),
      since,
    );
    await store.recordSuccess(CYCLE_COUNT_FEED, now().toISOString(), newest, counts.length);
    return { ok: true, fetched: counts.length, watermark: newest, ms: Date.now() - started };
  } catch (err) {
    const error = isAdapterError(err) ? `${err.code}: ${err.message}` : err instanceof Error ? err.message : String(err);
    await store.recordFailure(CYCLE_COUNT_FEED, now().toISOString(), error);
    return { ok: false, fetched: 0, watermark: since, ms: Date.now() - started, error };
  }
}
