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
  }, 600_000);
});
