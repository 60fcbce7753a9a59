import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateDataset, shrinkageStore, type Dataset } from '../../dataset/src/index.ts';
import { call, listOf, start, type Started } from './helpers.ts';

type Node = Record<string, unknown>;

let s: Started;
let dataset: Dataset;
beforeAll(async () => {
  dataset = generateDataset({ scale: 0.05 });
  s = await start(dataset);
});
afterAll(async () => {
  await s.sim.close();
});

const countsOf = (body: Node) => listOf<Node>(((body.GetCycleCountsResponse as Node).CycleCounts as Node).CycleCount);

describe('GetCycleCounts on the seeded count history', () => {
  it("serves the dataset's counts, the planted store's short ones among them", async () => {
    const history = dataset.wms.cycleCounts ?? [];
    expect(history.length).toBeGreaterThan(0);
    const reply = await call(s, 'GetCycleCounts', {});
    expect(reply.status).toBe(200);
    const served = countsOf(reply.body);
    expect(served.length).toBe(history.length);
    const first = history[0]!;
    expect(served[0]).toEqual({
      Sku: first.sku,
      LocationCode: first.locationCode,
      CountedAt: first.countedAt,
      PreviousOnHand: String(first.previousOnHand),
      CountedQuantity: String(first.countedQuantity),
      Variance: String(first.countedQuantity - first.previousOnHand),
    });
    const planted = shrinkageStore(dataset.locations)!;
    const atStore = await call(s, 'GetCycleCounts', { LocationCodes: { LocationCode: [planted] } });
    const mine = countsOf(atStore.body);
    expect(mine.length).toBe(history.filter((c) => c.locationCode === planted).length);
    expect(mine.filter((c) => Number(c.Variance) < -2).length).toBeGreaterThan(mine.length / 2);
  });

  it('appends recorded counts to its own copy, never to the shared dataset', async () => {
    const before = (dataset.wms.cycleCounts ?? []).length;
    const sku = dataset.products.find((p) => !p.dropShip)!.sku;
    const recorded = await call(s, 'RecordCycleCount', {
      Sku: sku,
      LocationCode: 'ST001',
      CountedQuantity: 3,
      CountedAt: '2026-11-02T10:00:00.000Z',
    });
    expect(recorded.status).toBe(200);
    const since = await call(s, 'GetCycleCounts', { CountedFrom: '2026-11-02T00:00:00.000Z' });
    expect(countsOf(since.body).map((c) => `${c.Sku}@${c.LocationCode}=${c.CountedQuantity}`)).toEqual([`${sku}@ST001=3`]);
    expect((dataset.wms.cycleCounts ?? []).length).toBe(before);
  });
});
