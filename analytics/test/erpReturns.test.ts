import { afterAll, describe, expect, it } from 'vitest';
import { createCallContext } from '../../adapters/core/src/index.ts';
import { generateDataset, type Dataset } from '../../legacy/dataset/src/index.ts';
import { AnalyticsStore } from '../src/index.ts';
import { ERP_RETURN_FEED, loadErpReturnFeed } from '../src/erpReturnsFeed.ts';
import { startSystems, type Systems } from './harness.ts';

const NEW_AT = '2026-11-01T03:00:00.000Z';
const ctx = () => createCallContext({ requestId: 'erp-returns-feed', deadline: Date.now() + 60_000 });
const now = () => new Date('2026-11-01T04:00:00.000Z');

/** The web, post and call-centre returns the analytical store should count (a rejected one sent nothing back). */
const counted = (ds: Dataset) => ds.returns.filter((r) => r.system === 'ERP' && r.status !== 'REJECTED');

describe('ERP customer returns feed', () => {
  let systems: Systems | undefined;
  let store: AnalyticsStore | undefined;
  afterAll(async () => {
    await systems?.close();
    store?.close();
  });

  it('loads every ERP return first, then only those created since, keyed to their sale', async () => {
    const dataset = generateDataset({ scale: 0.05 });
    const erpReturns = dataset.returns.filter((r) => r.system === 'ERP');
    expect(counted(dataset).length).toBeGreaterThan(0);
    expect(erpReturns.length).toBeGreaterThan(counted(dataset).length);
    store = await AnalyticsStore.open({ path: ':memory:' });
    systems = await startSystems(dataset);

    const first = await loadErpReturnFeed(store, systems.sources.erp, ctx(), now);
    expect(first).toMatchObject({ ok: true, fetched: erpReturns.length });
    const newestSeeded = erpReturns
      .map((r) => r.createdAt)
      .sort()
      .at(-1)!;
    expect(first.watermark).toBe(newestSeeded);
    expect((await store.watermark(ERP_RETURN_FEED))?.watermark).toBe(newestSeeded);
    const lines = await store.query<{ return_id: string; quantity: number; system: string }>(
      'SELECT return_id, quantity, system FROM return_lines ORDER BY return_id, line_id',
    );
    expect(new Set(lines.map((l) => l.return_id))).toEqual(new Set(counted(dataset).map((r) => r.returnId)));
    expect(lines.reduce((n, l) => n + Number(l.quantity), 0)).toBe(
      counted(dataset).reduce((n, r) => n + r.lines.reduce((m, l) => m + l.quantity, 0), 0),
    );

    // Restart on a world with one more web return: the second read fetches it and the boundary only.
    await systems.close();
    const grown = structuredClone(dataset);
    const template = counted(dataset)[0]!;
    grown.returns.push({ ...structuredClone(template), returnId: '6099999999', createdAt: NEW_AT, status: 'REQUESTED' });
    systems = await startSystems(grown);
    const second = await loadErpReturnFeed(store, systems.sources.erp, ctx(), now);
    const atBoundary = erpReturns.filter((r) => Date.parse(r.createdAt) === Date.parse(newestSeeded)).length;
    expect(second).toMatchObject({ ok: true, fetched: 1 + atBoundary, watermark: NEW_AT });
    expect(Number((await store.query<{ n: number }>('SELECT COUNT(DISTINCT return_id) AS n FROM return_lines'))[0]!.n)).toBe(
      counted(dataset).length + 1,
    );
    // A third read with nothing new reads the boundary return again, and it replaces itself.
    const third = await loadErpReturnFeed(store, systems.sources.erp, ctx(), now);
    expect(third).toMatchObject({ ok: true, fetched: 1, watermark: NEW_AT });
    // Keyed to its sale for return rates: the original order's system and id.
    const rows = await store.query<{ system: string; source_order_id: string; units: number }>(
      "SELECT system, source_order_id, SUM(quantity) AS units FROM return_lines WHERE return_id = '6099999999' GROUP BY ALL",
    );
    expect(rows.map((r) => ({ ...r, units: Number(r.units) }))).toEqual([
      { system: 'ERP', source_order_id: template.originalOrderId, units: template.lines.reduce((n, l) => n + l.quantity, 0) },
    ]);
  }, 120_000);

  it('keeps its watermark and records the error when the ERP is down', async () => {
    const local = await AnalyticsStore.open({ path: ':memory:' });
    const down = await startSystems(generateDataset({ scale: 0.05 }));
    try {
      down.sims.erp.faults.set({ outage: 'refuse' });
      const report = await loadErpReturnFeed(local, down.sources.erp, ctx(), now);
      expect(report.ok).toBe(false);
      expect(report.watermark).toBeNull();
      expect(report.error).toMatch(/UPSTREAM_UNAVAILABLE|CIRCUIT_OPEN/);
      expect((await local.watermark(ERP_RETURN_FEED))?.lastError).toBe(report.error);
    } finally {
      local.close();
      await down.close();
    }
  }, 60_000);
});
