import { graphql } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCallContext } from '../../../adapters/core/src/index.ts';
import { AnalyticsStore } from '../../../analytics/src/index.ts';
import { startSeededSystems, type Systems } from '../../../analytics/test/harness.ts';
import { StaleReads, type Systems as AllSystems } from '../../runtime/src/index.ts';
import { createAnalyticsSubgraph } from '../src/index.ts';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- GraphQL answers are checked field by field below
type AnyData = Record<string, any>;

describe('analytics subgraph', () => {
  let systems: Systems;
  let store: AnalyticsStore;
  let run: (
    query: string,
    variables?: Record<string, unknown>,
  ) => Promise<{ data?: AnyData | null; errors?: readonly { message: string; extensions?: Record<string, unknown> }[] }>;

  beforeAll(async () => {
    systems = await startSeededSystems(0.05);
    store = await AnalyticsStore.open({ path: ':memory:' });
    const def = createAnalyticsSubgraph({ systems: systems.sources as unknown as AllSystems, store: new Map() }, { store });
    run = async (source, variableValues) =>
      (await graphql({
        schema: def.schema,
        source,
        variableValues: variableValues ?? {},
        contextValue: def.createContext({ call: createCallContext(), memo: new Map(), stale: new StaleReads() }),
      })) as never;
  });
  afterAll(async () => {
    store.close();
    await systems.close();
  });

  it('loads through the adapters on refresh and answers every query with freshness', async () => {
    const refreshed = await run('mutation { refreshAnalytics { system ok fetched } }');
    expect(refreshed.errors).toBeUndefined();
    expect(refreshed.data!.refreshAnalytics.every((r: { ok: boolean }) => r.ok)).toBe(true);

    const summary = await run(`{ salesSummary(from: "2026-10-01", to: "2026-10-31", groupBy: [CHANNEL]) {
      rows { channel revenue { amount currency } units orders averageBasket { amount } returnRate changeVsPreviousPeriod changeVsSameWeekday }
      freshness { system stale dataThrough } } }`);
    expect(summary.errors).toBeUndefined();
    const rows = summary.data!.salesSummary.rows;
    expect(rows.map((r: { channel: string }) => r.channel).sort()).toEqual(expect.arrayContaining(['STORE', 'WEB', 'MARKETPLACE']));
    expect(rows[0].revenue.amount).toMatch(/^\d+\.\d{2}$/);
    expect(summary.data!.salesSummary.freshness).toHaveLength(4);
    expect(summary.data!.salesSummary.freshness.every((f: { stale: boolean }) => !f.stale)).toBe(true);

    const abc = await run('{ inventoryClassification(locationId: "ST001") { skus { sku abcClass revenueShare turnover } } }');
    expect(abc.errors).toBeUndefined();
    expect(new Set(abc.data!.inventoryClassification.skus.map((s: { abcClass: string }) => s.abcClass))).toEqual(new Set(['A', 'B', 'C']));

    const ss = await run(
      '{ safetyStockSuggestions(locationId: "ST001", serviceLevel: 0.98) { suggestions { sku suggested current leadTimeDays } } }',
    );
    expect(ss.errors).toBeUndefined();
    expect(ss.data!.safetyStockSuggestions.suggestions.length).toBeGreaterThan(0);

    const anomalies = await run(
      '{ salesAnomalies(from: "2026-10-01", to: "2026-10-31", scope: CHANNEL) { anomalies { key day reason } freshness { system } } }',
    );
    expect(anomalies.errors).toBeUndefined();

    const perf = await run(`{ storePerformance(from: "2026-10-01", to: "2026-10-31") {
      stores { rank store revenue { amount } fulfilments onTimeRate rejectionRate cycleTimeHours } freshness { system feed } } }`);
    expect(perf.errors).toBeUndefined();
    expect(perf.data!.storePerformance.stores[0].rank).toBe(1);
    // The seeded WMS holds no fulfilment tasks until the fulfilment subgraph creates some.
    expect(perf.data!.storePerformance.stores[0]).toMatchObject({ fulfilments: 0, onTimeRate: null });
    expect(perf.data!.storePerformance.freshness.slice(-2)).toEqual([
      { system: 'WMS', feed: 'TASKS' },
      { system: 'WMS', feed: 'CYCLE_COUNTS' },
    ]);
  }, 60_000);

  it('answers member insight with counts only, and the member feeds in its freshness', async () => {
    const res = await run(`{ memberInsight(from: "2026-08-01", to: "2026-10-31", period: MONTH) {
      tiers { tier members activeMembers inactiveMembers pointsBalance abandonedCartMembers }
      periods { start end activeMembers pointsIssued pointsRedeemed pointsExpired pointsExpiring }
      abandonedCarts { members lines units olderThanHours }
      freshness { system feed stale } } }`);
    expect(res.errors).toBeUndefined();
    const insight = res.data!.memberInsight;
    const members = insight.tiers.reduce((n: number, t: { members: number }) => n + t.members, 0);
    expect(members).toBe(systems.dataset.erp.customers.length);
    expect(insight.periods.map((p: { start: string }) => p.start)).toEqual(['2026-08-01', '2026-09-01', '2026-10-01']);
    expect(insight.periods.every((p: { pointsIssued: number }) => p.pointsIssued > 0)).toBe(true);
    expect(insight.freshness.map((f: { feed: string }) => f.feed)).toEqual(['LOYALTY', 'POINTS', 'BASKETS']);
    expect(insight.freshness.every((f: { system: string; stale: boolean }) => f.system === 'ERP' && !f.stale)).toBe(true);
    const bad = await run(
      '{ memberInsight(from: "2026-10-01", to: "2026-10-31", abandonedAfterHours: -3) { abandonedCarts { members } } }',
    );
    expect(bad.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });

  it('refuses a malformed period as BAD_USER_INPUT', async () => {
    const bad = await run('{ salesSummary(from: "October", to: "2026-10-31") { rows { units } } }');
    expect(bad.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });
});
