import type { AnalyticsStore, ExtractSystem, WatermarkKey } from './store.ts';

export interface SystemFreshness {
  system: ExtractSystem;
  /** The feed of the system (`POINTS`…), null for its orders (or stock) feed. */
  feed: string | null;
  /** Newest change loaded from the system (ISO), null before its first load. */
  dataThrough: string | null;
  lastSuccessAt: string | null;
  lastAttemptAt: string | null;
  /** The last run failed, or the last success is older than `staleAfterMs`. */
  stale: boolean;
  lastError: string | null;
}

const SYSTEMS: readonly ExtractSystem[] = ['ERP', 'POS', 'MARKETPLACE', 'WMS'];

/** How fresh each system's data is (by default the order and stock feeds): every answer carries this. */
export async function freshness(
  store: AnalyticsStore,
  now: Date = new Date(),
  staleAfterMs = 3_600_000,
  keys: readonly WatermarkKey[] = SYSTEMS,
): Promise<SystemFreshness[]> {
  const marks = new Map((await store.watermarks()).map((w) => [w.system, w]));
  return keys.map((key) => {
    const w = marks.get(key);
    const [system, feed] = key.split(':') as [ExtractSystem, string | undefined];
    const old = !w?.lastSuccessAt || now.getTime() - Date.parse(w.lastSuccessAt) > staleAfterMs;
    return {
      system,
      feed: feed ?? null,
      dataThrough: w?.watermark ?? null,
      lastSuccessAt: w?.lastSuccessAt ?? null,
      lastAttemptAt: w?.lastAttemptAt ?? null,
      stale: old || Boolean(w?.lastError),
      lastError: w?.lastError ?? null,
    };
  });
}
