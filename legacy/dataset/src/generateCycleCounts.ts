import type { Rng } from './random.ts';
import { DAY_MS, compareText, iso, localMidnight } from './format.ts';
import type { CycleCount, Location, Product } from './types.ts';

/** Stores count a sample of their shelves every four weeks, over the dataset's year. */
const ROUND_DAYS = 28;
const ROUNDS = 13;
/** SKUs counted per store and round at scale 1. */
const SKUS_PER_ROUND = 16;
/** Ordinary counts: most match, a few are one unit off, a rare one is a real miscount. */
const EXACT_SHARE = 0.9;
const MISCOUNT_SHARE = 0.01;
/** Which store (by position among the stores) loses stock: a stable pick, named in docs/dataset.md. */
const SHRINKAGE_STORE_INDEX = 6;
/** At the shrinkage-prone store this share of counts comes up short by SHORTFALL of the system quantity. */
const SHRINKAGE_SHARE = 0.65;
const SHORTFALL = [0.25, 0.6] as const;

/** The planted shrinkage-prone store of a dataset's locations (the generator plants exactly this one). */
export function shrinkageStore(locations: readonly Location[]): string | undefined {
  const stores = locations.filter((l) => l.kind === 'STORE');
  return stores[Math.min(stores.length - 1, SHRINKAGE_STORE_INDEX)]?.code;
}

function ordinaryCount(rng: Rng, system: number): number {
  if (rng.chance(EXACT_SHARE)) return system;
  if (rng.chance(MISCOUNT_SHARE / (1 - EXACT_SHARE))) return Math.max(0, system + (rng.chance(0.5) ? 1 : -1) * rng.int(3, 6));
  return Math.max(0, system + (rng.chance(0.5) ? 1 : -1));
}

/**
 * The stores' cycle-count history (WMS GetCycleCounts), drawn from its own random stream after
 * everything else so no other record changes. Every store counts a fresh sample of the SKUs it
 * stocks each round, in the evening; one store's counts repeatedly fall well short (shrinkage).
 */
export function generateCycleCounts(
  rng: Rng,
  locations: readonly Location[],
  products: readonly Product[],
  refMs: number,
  scale: number,
): CycleCount[] {
  const stores = locations.filter((l) => l.kind === 'STORE');
  const stocked = products.filter((p) => !p.dropShip);
  const perRound = Math.max(3, Math.round(SKUS_PER_ROUND * scale));
  const shrinking = shrinkageStore(locations);
  const today = localMidnight(refMs);
  const counts: CycleCount[] = [];
  for (let round = ROUNDS; round >= 1; round--) {
    // The last round ends a few days before the reference date; each store counts on its own day.
    const roundStart = today - (round * ROUND_DAYS + 3) * DAY_MS;
    const batch: CycleCount[] = [];
    for (const store of stores) {
      const day = roundStart + rng.int(0, ROUND_DAYS - 1) * DAY_MS;
      for (const product of rng.sample(stocked, perRound)) {
        const system = rng.int(2, 30);
        const short = store.code === shrinking && rng.chance(SHRINKAGE_SHARE);
        const counted = short
          ? Math.max(0, system - Math.max(3, Math.round(system * (SHORTFALL[0] + rng.next() * (SHORTFALL[1] - SHORTFALL[0])))))
          : ordinaryCount(rng, system);
        batch.push({
          sku: product.sku,
          locationCode: store.code,
          countedAt: iso(day + rng.int(20 * 3600, 22 * 3600) * 1000),
          previousOnHand: system,
          countedQuantity: counted,
        });
      }
    }
    counts.push(...batch.sort((a, b) => compareText(a.countedAt, b.countedAt) || compareText(a.locationCode, b.locationCode)));
  }
  return counts;
}
