import { performance } from 'node:perf_hooks';
import { generateDataset, plantedAnomalies, shrinkageStore, type Dataset, type PlantedAnomaly } from '../../legacy/dataset/src/index.ts';
import {
  AnalyticsStore,
  Extractor,
  salesAnomalies,
  salesSummary,
  stockAnomalies,
  type AnomalyScope,
  type ExtractReport,
  type SalesAnomaly,
} from '../src/index.ts';
import { startSystems } from './harness.ts';

export interface SeededRun {
  scale: number;
  window: { from: string; to: string };
  loadMs: number;
  extract: ExtractReport;
  rows: number;
  summaryMonthMs: number;
  summaryMonthByChannelMs: number;
  planted: PlantedAnomaly[];
  flags: (SalesAnomaly & { verdict: 'PLANTED' | 'SIDE_EFFECT' | 'UNPLANTED' })[];
  found: number;
  recall: number;
  precision: number;
  unplantedDays: number;
  /** stockAnomalies' cycle-count flags against the planted shrinkage-prone store. */
  shrinkage: {
    store: string | undefined;
    /** Counts in the dataset, and in the analytical store after the load. */
    datasetCounts: number;
    counts: number;
    countsAtStore: number;
    flagsByStore: Record<string, number>;
    /** The store with the most shrinkage flags (short counts). */
    topStore: string | undefined;
    flagsAtStore: number;
    /** Short-count flags that fall at the planted store, over all short-count flags. */
    precision: number;
  };
}

async function scoreShrinkage(store: AnalyticsStore, dataset: Dataset): Promise<SeededRun['shrinkage']> {
  const planted = shrinkageStore(dataset.locations);
  const short = (await stockAnomalies(store)).filter((a) => a.kind === 'CYCLE_COUNT' && a.observed < a.expected);
  const flagsByStore: Record<string, number> = {};
  for (const a of short) flagsByStore[a.locationCode] = (flagsByStore[a.locationCode] ?? 0) + 1;
  const ranked = Object.entries(flagsByStore).sort((a, b) => b[1] - a[1]);
  const n = await store.query<{ all: number; here: number }>(
    'SELECT COUNT(*) AS all, COUNT(*) FILTER (WHERE location_code = $code) AS here FROM cycle_counts',
    { code: planted ?? null },
  );
  const flagsAtStore = planted ? (flagsByStore[planted] ?? 0) : 0;
  return {
    store: planted,
    datasetCounts: dataset.wms.cycleCounts?.length ?? 0,
    counts: Number(n[0]?.all ?? 0),
    countsAtStore: Number(n[0]?.here ?? 0),
    flagsByStore,
    topStore: ranked[0]?.[0],
    flagsAtStore,
    precision: short.length ? flagsAtStore / short.length : 1,
  };
}

const DAY_MS = 86_400_000;
const localDay = (ms: number) => new Date(ms + 8 * 3_600_000).toISOString().slice(0, 10);

/** Loads the seeded dataset through the simulators and scores salesAnomalies against the planted events. */
export async function seededRun(scale = 1, path = ':memory:'): Promise<SeededRun> {
  const dataset: Dataset = generateDataset({ scale });
  const systems = await startSystems(dataset);
  const store = await AnalyticsStore.open({ path });
  try {
    const t0 = performance.now();
    const extract = await new Extractor({ store, sources: systems.sources }).run();
    const loadMs = performance.now() - t0;
    const rows = Number((await store.query<{ n: number }>('SELECT COUNT(*) AS n FROM sales_lines'))[0]!.n);
    const ref = Date.parse(dataset.referenceDate);
    const monthFrom = localDay(ref - 31 * DAY_MS);
    const monthTo = localDay(ref - DAY_MS);
    let t = performance.now();
    await salesSummary(store, { from: monthFrom, to: monthTo });
    const summaryMonthMs = performance.now() - t;
    t = performance.now();
    await salesSummary(store, { from: monthFrom, to: monthTo, groupBy: ['CHANNEL', 'STORE', 'DAY'] });
    const summaryMonthByChannelMs = performance.now() - t;

    const window = { from: localDay(ref - 28 * DAY_MS), to: monthTo };
    const planted = plantedAnomalies(dataset.locations, dataset.products, dataset.pos.receipts, ref, scale);
    const flags: SeededRun['flags'] = [];
    for (const scope of ['STORE', 'CHANNEL', 'SKU'] as AnomalyScope[]) {
      for (const a of await salesAnomalies(store, window.from, window.to, scope)) {
        const primary = planted.some((p) => p.scope === a.scope && p.key === a.key && p.day === a.day);
        const side = planted.some((p) => p.day === a.day && p.alsoMoves.some((m) => m.scope === a.scope && m.key === a.key));
        flags.push({ ...a, verdict: primary ? 'PLANTED' : side ? 'SIDE_EFFECT' : 'UNPLANTED' });
      }
    }
    const found = planted.filter((p) =>
      flags.some((f) => f.verdict === 'PLANTED' && f.scope === p.scope && f.key === p.key && f.day === p.day),
    ).length;
    const unplanted = flags.filter((f) => f.verdict === 'UNPLANTED');
    const shrinkage = await scoreShrinkage(store, dataset);
    return {
      scale,
      window,
      loadMs,
      extract,
      rows,
      summaryMonthMs,
      summaryMonthByChannelMs,
      planted,
      flags,
      found,
      recall: planted.length ? found / planted.length : 1,
      precision: flags.length ? (flags.length - unplanted.length) / flags.length : 1,
      unplantedDays: new Set(unplanted.map((f) => f.day)).size,
      shrinkage,
    };
  } finally {
    store.close();
    await systems.close();
  }
}
