/**
 * Seeded randomness for the dataset. Math.random is never used: every value in the
 * dataset must follow from (seed, scale, referenceDate) alone.
 */

const DAY_MS = 86_400_000;

/** cyrb128: turns any string into four well-mixed 32-bit words to seed sfc32 with. */
function cyrb128(input: string): [number, number, number, number] {
  let h1 = 1779033703;
  let h2 = 3144134277;
  let h3 = 1013904242;
  let h4 = 2773480762;
  for (let i = 0; i < input.length; i++) {
    const k = input.charCodeAt(i);
    h1 = h2 ^ Math.imul(h1 ^ k, 597399067);
    h2 = h3 ^ Math.imul(h2 ^ k, 2869860233);
    h3 = h4 ^ Math.imul(h3 ^ k, 951274213);
    h4 = h1 ^ Math.imul(h4 ^ k, 2716044179);
  }
  h1 = Math.imul(h3 ^ (h1 >>> 18), 597399067);
  h2 = Math.imul(h4 ^ (h2 >>> 22), 2869860233);
  h3 = Math.imul(h1 ^ (h3 >>> 17), 951274213);
  h4 = Math.imul(h2 ^ (h4 >>> 19), 2716044179);
  h1 ^= h2 ^ h3 ^ h4;
  h2 ^= h1;
  h3 ^= h1;
  h4 ^= h1;
  return [h1 >>> 0, h2 >>> 0, h3 >>> 0, h4 >>> 0];
}

/** A precomputed cumulative table, so repeated weighted picks cost a binary search. */
export class WeightedTable<T> {
  readonly items: readonly T[];
  private readonly cumulative: number[];

  constructor(entries: readonly (readonly [T, number])[]) {
    if (entries.length === 0) throw new RangeError('WeightedTable needs at least one entry');
    this.items = entries.map(([item]) => item);
    let sum = 0;
    this.cumulative = entries.map(([, weight]) => (sum += Math.max(0, weight)));
    if (sum <= 0) throw new RangeError('WeightedTable needs a positive total weight');
  }

  /** From `{ value: weight }`; keys keep their insertion order, so picks are stable. */
  static of<K extends string>(weights: Partial<Record<K, number>>): WeightedTable<K> {
    return new WeightedTable(Object.entries(weights).map(([k, w]) => [k as K, Number(w)] as const));
  }

  /** Maps u in [0, 1) to an item. */
  at(u: number): T {
    const target = u * (this.cumulative[this.cumulative.length - 1] ?? 0);
    let lo = 0;
    let hi = this.cumulative.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((this.cumulative[mid] ?? 0) > target) hi = mid;
      else lo = mid + 1;
    }
    return this.items[lo] as T;
  }
}

export const UPPER_ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';
export const LOWER_ALNUM = 'abcdefghijklmnopqrstuvwxyz0123456789';
export const BASE62 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
const DIGITS = '0123456789';
const scratch = Buffer.allocUnsafe(64);

/**
 * sfc32 generator. Streams are derived from (seed, label) rather than from the parent's
 * state, so adding a draw in one part of the generator never shifts the data of another.
 */
export class Rng {
  /** Held in a typed array: plain number fields outside the small-integer range would allocate on every draw. */
  private readonly state = new Int32Array(4);

  constructor(
    readonly seed: number,
    readonly stream = 'root',
  ) {
    this.state.set(cyrb128(`${seed}:${stream}`));
    for (let i = 0; i < 12; i++) this.next();
  }

  fork(label: string): Rng {
    return new Rng(this.seed, `${this.stream}/${label}`);
  }

  /** Uniform in [0, 1). */
  next(): number {
    const s = this.state;
    const a = s[0] as number;
    const b = s[1] as number;
    const c = s[2] as number;
    const d = ((s[3] as number) + 1) | 0;
    const t = (((a + b) | 0) + d) | 0;
    s[0] = b ^ (b >>> 9);
    s[1] = (c + (c << 3)) | 0;
    s[2] = (((c << 21) | (c >>> 11)) + t) | 0;
    s[3] = d;
    return (t >>> 0) / 4294967296;
  }

  /** Integer in [min, max], both inclusive. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  float(min: number, max: number): number {
    return min + this.next() * (max - min);
  }

  chance(probability: number): boolean {
    return this.next() < probability;
  }

  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new RangeError('pick from an empty list');
    return items[Math.floor(this.next() * items.length)] as T;
  }

  weighted<T>(table: WeightedTable<T> | readonly (readonly [T, number])[]): T {
    const t = table instanceof WeightedTable ? table : new WeightedTable(table);
    return t.at(this.next());
  }

  /** Fisher–Yates, in place. */
  shuffle<T>(items: T[]): T[] {
    for (let i = items.length - 1; i > 0; i--) {
      const j = Math.floor(this.next() * (i + 1));
      const tmp = items[i] as T;
      items[i] = items[j] as T;
      items[j] = tmp;
    }
    return items;
  }

  /** k distinct items in random order. */
  sample<T>(items: readonly T[], k: number): T[] {
    return this.shuffle([...items]).slice(0, Math.max(0, k));
  }

  /** Alphabets are ASCII; the bytes go through a scratch buffer so each id is one flat string. */
  string(length: number, alphabet: string = UPPER_ALNUM): string {
    const buf = length <= scratch.length ? scratch : Buffer.allocUnsafe(length);
    for (let i = 0; i < length; i++) buf[i] = alphabet.charCodeAt(Math.floor(this.next() * alphabet.length));
    return buf.toString('latin1', 0, length);
  }

  digits(length: number): string {
    return this.string(length, DIGITS);
  }

  /** Epoch milliseconds uniformly in [fromMs, toMs]. */
  dateBetween(fromMs: number, toMs: number): number {
    return Math.floor(fromMs + this.next() * Math.max(0, toMs - fromMs));
  }

  /** Epoch milliseconds between minDays and maxDays before refMs. */
  daysBefore(refMs: number, minDays: number, maxDays: number): number {
    return this.dateBetween(refMs - maxDays * DAY_MS, refMs - minDays * DAY_MS);
  }
}

/** The table of the first band whose upper age bound (days) exceeds `age`. */
export function byAge<T>(bands: readonly (readonly [number, WeightedTable<T>])[], age: number): WeightedTable<T> {
  for (const [maxAge, table] of bands) if (age < maxAge) return table;
  const last = bands[bands.length - 1];
  if (!last) throw new RangeError('no age bands');
  return last[1];
}

/**
 * Draws strings until one is new, so ids that must be unique stay unique without
 * relying on the odds of a collision.
 */
export function uniqueDraw(taken: Set<string>, draw: () => string): string {
  for (;;) {
    const value = draw();
    if (!taken.has(value)) {
      taken.add(value);
      return value;
    }
  }
}
