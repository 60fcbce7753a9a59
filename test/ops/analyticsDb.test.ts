import { describe, expect, it } from 'vitest';
import { readConfig, readSubgraphSettings } from '../../gateway/src/config.ts';
import { DEMO_CREDENTIALS } from '../../gateway/src/simulators.ts';
import { SUBGRAPH_FACTORIES } from '../../gateway/src/subgraphs.ts';
import { createSystems, readSystemsConfig } from '../../subgraphs/runtime/src/index.ts';

describe('ANALYTICS_DB: where the analytics subgraph keeps its DuckDB file', () => {
  it('is unset by default (the subgraph uses .retail360/analytics.duckdb) and read from the environment', () => {
    expect(readConfig({}, [], DEMO_CREDENTIALS).subgraphs).toEqual({});
    expect(readConfig({ ANALYTICS_DB: ':memory:' }, [], DEMO_CREDENTIALS).subgraphs).toEqual({ analyticsDb: ':memory:' });
    expect(readSubgraphSettings({ ANALYTICS_DB: ' /var/lib/retail360/analytics.duckdb ' })).toEqual({
      analyticsDb: '/var/lib/retail360/analytics.duckdb',
    });
    expect(readSubgraphSettings({ ANALYTICS_DB: '' })).toEqual({});
  });

  it('reaches the analytics subgraph: an in-memory store answers without creating a file', async () => {
    const nowhere = 'http://127.0.0.1:9';
    const config = readSystemsConfig(
      { ERP_URL: nowhere, POS_URL: nowhere, WMS_URL: nowhere, CARRIER_URL: nowhere, MARKETPLACE_URL: nowhere },
      DEMO_CREDENTIALS,
    );
    const def = SUBGRAPH_FACTORIES.analytics!({ systems: createSystems(config), store: new Map() }, { analyticsDb: ':memory:' });
    const ctx = def.createContext({ call: undefined, memo: new Map(), stale: undefined } as never) as unknown as {
      analytics(): Promise<{ query(sql: string): Promise<{ file: string }[]>; close(): void }>;
    };
    // First use tries a load: every system refuses, each failure is recorded, the store still opens.
    const store = await ctx.analytics();
    // DuckDB names an in-memory database "memory"; a file store would be named after its file.
    const [db] = await store.query('SELECT path AS file FROM duckdb_databases() WHERE database_name = current_database()');
    expect(db?.file ?? null).toBeNull();
    store.close();
  }, 60_000);
});

describe('FULFILMENT_* settings: the release loop and the rejection limit', () => {
  it('are read as whole numbers and refused, naming the setting, when they are not', () => {
    expect(
      readSubgraphSettings({ FULFILMENT_RELEASE_INTERVAL_MS: '0', FULFILMENT_RELEASE_MIN_AGE_MS: '5000', FULFILMENT_MAX_REJECTIONS: '2' }),
    ).toEqual({ fulfilmentReleaseIntervalMs: 0, fulfilmentReleaseMinAgeMs: 5000, fulfilmentMaxRejections: 2 });
    expect(() => readSubgraphSettings({ FULFILMENT_RELEASE_INTERVAL_MS: 'soon' })).toThrow(/FULFILMENT_RELEASE_INTERVAL_MS/);
    expect(() => readSubgraphSettings({ FULFILMENT_MAX_REJECTIONS: '0' })).toThrow(/FULFILMENT_MAX_REJECTIONS/);
  });

  it('reach the fulfilment subgraph: an interval of 0 leaves its release loop off, the default runs it', () => {
    const nowhere = 'http://127.0.0.1:9';
    const config = readSystemsConfig(
      { ERP_URL: nowhere, POS_URL: nowhere, WMS_URL: nowhere, CARRIER_URL: nowhere, MARKETPLACE_URL: nowhere },
      DEMO_CREDENTIALS,
    );
    type Part = { fulfilment: { maxRejections: number; release: { stop(): void } } };
    const partOf = (settings: Record<string, number>) =>
      SUBGRAPH_FACTORIES.fulfilment!({ systems: createSystems(config), store: new Map() }, settings).createContext({
        call: undefined,
        memo: new Map(),
        stale: undefined,
      } as never) as unknown as Part;
    const timerOf = (p: Part) => (p.fulfilment.release as unknown as { timer?: unknown }).timer;
    const off = partOf({ fulfilmentReleaseIntervalMs: 0, fulfilmentMaxRejections: 2 });
    expect(off.fulfilment.maxRejections).toBe(2);
    expect(timerOf(off)).toBeUndefined();
    const on = partOf({});
    expect(on.fulfilment.maxRejections).toBe(3);
    expect(timerOf(on)).toBeDefined();
    on.fulfilment.release.stop();
  });
});
