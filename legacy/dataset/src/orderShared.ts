/** Pieces every order generator shares: who orders how often, when, and what. */
import type { Product } from './types.ts';
import { WeightedTable, type Rng } from './random.ts';
import { DAY_MS, HOUR_MS, localMidnight } from './format.ts';
import type { PersonPlan } from './generatePeople.ts';

interface AllocationOptions {
  /** Every candidate gets at least one (a marketplace buyer only exists through an order). */
  atLeastOne: boolean;
  /** Share of candidates who never order (registered but inactive). */
  inactiveShare: number;
  /** Orders each heavy person gets in this system. */
  heavyRange: readonly [number, number];
}

/**
 * Splits `total` orders over people with a long-tailed weight, so most people have one or
 * two orders and a few have many, as in a real customer base.
 */
export function allocateOrders(
  rng: Rng,
  candidates: readonly PersonPlan[],
  total: number,
  options: AllocationOptions,
): Map<string, number> {
  const counts = new Map<string, number>();
  const weighted: (readonly [string, number])[] = [];
  let assigned = 0;
  for (const plan of candidates) {
    const id = plan.person.personId;
    if (plan.heavy) {
      const n = rng.int(options.heavyRange[0], options.heavyRange[1]);
      counts.set(id, n);
      assigned += n;
      continue;
    }
    const base = options.atLeastOne ? 1 : 0;
    counts.set(id, base);
    assigned += base;
    if (options.atLeastOne || !rng.chance(options.inactiveShare)) {
      weighted.push([id, Math.min(12, 1 / Math.pow(rng.float(0.001, 1), 0.7))]);
    }
  }
  if (weighted.length === 0) return counts;
  const table = new WeightedTable(weighted);
  for (let i = assigned; i < total; i++) {
    const id = rng.weighted(table);
    counts.set(id, (counts.get(id) ?? 0) + 1);
  }
  return counts;
}

/** Local hour-of-day weights for online orders: lunch breaks and evenings. */
export const ONLINE_HOURS = new WeightedTable(
  Array.from({ length: 24 }, (_, h) => [h, h < 7 ? 1 : h < 12 ? 4 : h < 14 ? 6 : h < 19 ? 4 : 8] as const),
);

/** Local hour-of-day weights for a store open 10:00–22:00, busiest at its peak hours. */
export function storeHours(peakHours: readonly number[]): WeightedTable<number> {
  return new WeightedTable(Array.from({ length: 12 }, (_, i) => [10 + i, peakHours.includes(10 + i) ? 6 : 3] as const));
}

/**
 * A timestamp within the year before `refMs` and not before `minMs`. One in eight orders
 * falls in the last fortnight so that every "still open" state is well represented.
 */
export function pickOrderTime(rng: Rng, refMs: number, minMs: number, hours: WeightedTable<number>): number {
  const maxDays = Math.min(364, Math.floor((refMs - minMs) / DAY_MS));
  if (maxDays >= 0) {
    for (let attempt = 0; attempt < 20; attempt++) {
      const daysBack = rng.chance(0.12) ? rng.int(0, Math.min(14, maxDays)) : rng.int(0, maxDays);
      const t = localMidnight(refMs) - daysBack * DAY_MS + rng.weighted(hours) * HOUR_MS + rng.int(0, HOUR_MS - 1);
      if (t <= refMs && t >= minMs) return Math.floor(t / 1000) * 1000;
    }
  }
  return Math.floor(rng.dateBetween(Math.max(minMs, refMs - DAY_MS), refMs) / 1000) * 1000;
}

const QUANTITY = new WeightedTable([
  [1, 80],
  [2, 15],
  [3, 5],
] as const);
const LINE_COUNT = new WeightedTable([
  [1, 50],
  [2, 28],
  [3, 14],
  [4, 8],
] as const);

export interface DraftLine {
  product: Product;
  quantity: number;
}

/** Distinct products for one order, drawn by popularity. */
export function pickLines(rng: Rng, table: WeightedTable<Product>, maxLines = 4): DraftLine[] {
  const wanted = Math.min(maxLines, rng.weighted(LINE_COUNT));
  const seen = new Set<string>();
  const lines: DraftLine[] = [];
  for (let attempt = 0; lines.length < wanted && attempt < wanted * 5; attempt++) {
    const product = rng.weighted(table);
    if (seen.has(product.sku)) continue;
    seen.add(product.sku);
    lines.push({ product, quantity: rng.weighted(QUANTITY) });
  }
  return lines;
}

/**
 * Makes sure each listed value occurs at least `min` times by relabelling items taken, in
 * order, from `candidates` whose current value is the most common one. Small datasets
 * (tests use scale 0.05) would otherwise miss the rare states. Every value first gets
 * one occurrence, then `min`, and no value is drained below the floor being filled.
 */
export function ensureCoverage<T, V>(
  candidates: readonly T[],
  values: readonly V[],
  min: number,
  get: (item: T) => V,
  set: (item: T, value: V) => void,
): void {
  const count = (value: V) => candidates.reduce((n, c) => (get(c) === value ? n + 1 : n), 0);
  for (const floor of min > 1 ? [1, min] : [1]) {
    for (const value of values) {
      for (let have = count(value); have < floor; have++) {
        const counts = new Map<V, number>();
        for (const c of candidates) counts.set(get(c), (counts.get(get(c)) ?? 0) + 1);
        let commonest: V | undefined;
        let best = floor;
        for (const [v, n] of counts) if (n > best && v !== value) [commonest, best] = [v, n];
        if (commonest === undefined) break;
        const victim = candidates.find((c) => get(c) === commonest);
        if (victim === undefined) break;
        set(victim, value);
      }
    }
  }
}
