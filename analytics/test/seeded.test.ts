import { describe, expect, it } from 'vitest';
import { seededRun } from './seeded.ts';

/** Documented in docs/analytics.md: the most unplanted days a four-week run may flag. */
const MAX_UNPLANTED_DAYS = 10;

describe('salesAnomalies on the seeded dataset (scale 1, through the simulators)', () => {
  it('finds every planted anomaly and flags few unplanted days', async () => {
    const run = await seededRun(1);
    expect(run.planted.length).toBeGreaterThanOrEqual(2);
    expect(run.extract.systems.every((s) => s.ok)).toBe(true);
    expect(run.recall).toBe(1);
    expect(run.unplantedDays).toBeLessThanOrEqual(MAX_UNPLANTED_DAYS);
    // The dataset's count history reached the store through GetCycleCounts, and stockAnomalies
    // singles out the planted shrinkage-prone store: most of its counts short, other stores few.
    const { shrinkage } = run;
    expect(shrinkage.store).toBeDefined();
    expect(shrinkage.datasetCounts).toBeGreaterThan(0);
    expect(shrinkage.counts).toBe(shrinkage.datasetCounts);
    expect(shrinkage.topStore).toBe(shrinkage.store);
    expect(shrinkage.flagsAtStore).toBeGreaterThan(shrinkage.countsAtStore / 2);
    const others = Object.entries(shrinkage.flagsByStore).filter(([code]) => code !== shrinkage.store);
    expect(Math.max(0, ...others.map(([, n]) => n))).toBeLessThan(shrinkage.flagsAtStore / 10);
  }, 600_000);
});
