import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { findPersonWithMostOrders, generateDataset, shrinkageStore, type Dataset } from '../src/index.ts';

const digest = (value: unknown) => createHash('sha256').update(JSON.stringify(value)).digest('hex');
/** Tolerance stockAnomalies applies by default: 10% of the system quantity, at least 2 units. */
const offBy = (c: { previousOnHand: number; countedQuantity: number }) =>
  c.countedQuantity - c.previousOnHand < -Math.max(2, 0.1 * c.previousOnHand);

function shortByStore(ds: Dataset): Map<string, { counts: number; short: number }> {
  const by = new Map<string, { counts: number; short: number }>();
  for (const c of ds.wms.cycleCounts ?? []) {
    const e = by.get(c.locationCode) ?? { counts: 0, short: 0 };
    e.counts++;
    if (offBy(c)) e.short++;
    by.set(c.locationCode, e);
  }
  return by;
}

describe('cycle-count history', () => {
  const ds = generateDataset({ scale: 1 });
  const counts = ds.wms.cycleCounts ?? [];

  it('counts every store over the year before the reference date, oldest first', () => {
    const stores = ds.locations.filter((l) => l.kind === 'STORE').map((l) => l.code);
    const ref = Date.parse(ds.referenceDate);
    expect(counts.length).toBe(stores.length * 13 * 16);
    expect(new Set(counts.map((c) => c.locationCode))).toEqual(new Set(stores));
    const times = counts.map((c) => Date.parse(c.countedAt));
    expect(times.every((t, i) => t < ref && t > ref - 366 * 86_400_000 && (i === 0 || t >= times[i - 1]!))).toBe(true);
    const skus = new Set(ds.products.filter((p) => !p.dropShip).map((p) => p.sku));
    expect(counts.every((c) => skus.has(c.sku) && c.previousOnHand > 0 && c.countedQuantity >= 0)).toBe(true);
  });

  it('plants one shrinkage-prone store whose counts repeatedly fall well short', () => {
    const planted = shrinkageStore(ds.locations);
    expect(planted).toBe('ST007');
    const by = shortByStore(ds);
    const at = by.get(planted!)!;
    expect(at.short).toBeGreaterThan(at.counts / 2);
    // Short counts on nearly every one of its 13 count days over the year, not one bad day.
    const days = new Set(counts.filter((c) => c.locationCode === planted && offBy(c)).map((c) => c.countedAt.slice(0, 10)));
    expect(days.size).toBeGreaterThanOrEqual(12);
    for (const [code, e] of by) if (code !== planted) expect(e.short).toBeLessThanOrEqual(5);
  });

  it('is drawn from its own stream: every other record is as before it existed', () => {
    // Digests (seed 42, scale 1) of the stock and of everything but the WMS, taken before the history was added.
    expect(digest(ds.wms.stock).slice(0, 16)).toBe('0b29aa9ef17c555b');
    const { wms: _wms, ...rest } = ds;
    expect(digest(rest).slice(0, 16)).toBe('a3e11e307858e6ab');
    const heaviest = findPersonWithMostOrders(ds);
    expect(`${heaviest.person.firstName} ${heaviest.person.lastName} ${heaviest.person.phone}`).toBe('Qiang Liu +8618185298266');
    expect(digest(generateDataset({ scale: 1 }).wms.cycleCounts)).toBe(digest(counts));
  });
});
