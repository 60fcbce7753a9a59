import { AnalyticsStore, DEFAULT_ANALYTICS_PATH, Extractor } from '../../../analytics/src/index.ts';
import { baseContext, type RequestInfo, type SubgraphContext, type SubgraphDeps } from '../../runtime/src/index.ts';

export interface AnalyticsOptions {
  /** An open store (tests); otherwise one is opened at `path` on first use. @default opened lazily */
  store?: AnalyticsStore;
  /** DuckDB file (or `:memory:`). @default DEFAULT_ANALYTICS_PATH */
  path?: string;
  /** Load from the systems on first use when the store has never been loaded. @default true */
  loadOnFirstUse?: boolean;
  /** A system whose last successful load is older than this is reported stale, in ms. @default 3600000 */
  staleAfterMs?: number;
}

export interface AnalyticsContext extends SubgraphContext {
  /** The store, opened (and first loaded) on first use. */
  analytics(): Promise<AnalyticsStore>;
  /** Runs the extractor; concurrent callers share one run. */
  refresh(): ReturnType<Extractor['run']>;
  staleAfterMs: number;
}

export function createContextFactory(deps: SubgraphDeps, options: AnalyticsOptions = {}): (request: RequestInfo) => AnalyticsContext {
  let opened: Promise<AnalyticsStore> | undefined = options.store ? Promise.resolve(options.store) : undefined;
  let running: ReturnType<Extractor['run']> | undefined;
  const refresh = async (): ReturnType<Extractor['run']> => {
    const store = await open();
    running ??= new Extractor({ store, sources: deps.systems }).run().finally(() => {
      running = undefined;
    });
    return running;
  };
  const open = (): Promise<AnalyticsStore> => {
    opened ??= AnalyticsStore.open({ path: options.path ?? DEFAULT_ANALYTICS_PATH }).then(async (store) => {
      if ((options.loadOnFirstUse ?? true) && (await store.watermarks()).length === 0) {
        running ??= new Extractor({ store, sources: deps.systems }).run().finally(() => {
          running = undefined;
        });
        await running;
      }
      return store;
    });
    return opened;
  };
  return (request) => ({
    ...baseContext('analytics', deps, request),
    analytics: open,
    refresh,
    staleAfterMs: options.staleAfterMs ?? 3_600_000,
  });
}
