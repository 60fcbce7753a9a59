/**
 * Equality lookups over a simulator's row arrays, instead of testing a filter on every row.
 *
 * Rows are pushed, replaced at their position, or removed by the simulators' writes. Rather than
 * have every write path remember to update an index, an index compares the array with the copy
 * it was built from on each lookup — a tight identity loop, far cheaper than a filter per row —
 * and rebuilds when a row moved. The indexed field itself must never change in place on a row:
 * write paths that change it replace the row (fields that do change in place, such as statuses
 * or balances, are simply not indexed).
 */
export type FieldReader<T> = (row: T) => string | undefined;

export interface FieldIndexOptions {
  /**
   * Applied to stored and looked-up values alike, for matches such as "case-insensitive, spaces
   * trimmed". Change detection compares the raw field, so this runs only when (re)building.
   * @default values compared as they are
   */
  normalize?: (value: string) => string;
}

export class FieldIndex<T> {
  private rows: T[] = [];
  private readonly positions = new Map<string, number[]>();
  private version: number | undefined;
  private source: readonly T[] | undefined;
  private readonly normalize: (value: string) => string;

  constructor(
    private readonly read: FieldReader<T>,
    options: FieldIndexOptions = {},
  ) {
    this.normalize = options.normalize ?? ((value) => value);
  }

  /**
   * Rows of `rows` whose (normalised) field equals one of `wanted`, in array order, each once.
   * `version`: a number the caller changes whenever rows may have been added, removed or
   * replaced since; while it stays equal to the last lookup's, the identity check is skipped.
   */
  lookup(rows: readonly T[], wanted: Iterable<string>, version?: number): T[] {
    if (version === undefined || version !== this.version || rows !== this.source) this.sync(rows);
    this.version = version;
    this.source = rows;
    const hits: number[] = [];
    let lists = 0;
    for (const value of new Set(Array.from(wanted, this.normalize))) {
      const at = this.positions.get(value);
      if (!at) continue;
      for (const i of at) hits.push(i);
      lists++;
    }
    // One bucket is already in array order; several are merged back into it.
    if (lists > 1) hits.sort((a, b) => a - b);
    return hits.map((i) => rows[i] as T);
  }

  private unchanged(rows: readonly T[]): boolean {
    const built = this.rows;
    const n = rows.length;
    if (n !== built.length) return false;
    for (let i = 0; i < n; i++) if (rows[i] !== built[i]) return false;
    return true;
  }

  private sync(rows: readonly T[]): void {
    if (this.unchanged(rows)) return;
    this.rows = [...rows];
    this.positions.clear();
    this.rows.forEach((row, i) => {
      const value = this.read(row);
      if (value === undefined) return;
      const key = this.normalize(value);
      const at = this.positions.get(key);
      if (at) at.push(i);
      else this.positions.set(key, [i]);
    });
  }
}

/**
 * One index per (array, name), made on first use and dropped with the array. `name` must stand
 * for one reader and normaliser: those given first for a name are the ones used.
 */
export class FieldIndexes {
  private readonly byRows = new WeakMap<object, Map<string, unknown>>();

  of<T>(rows: readonly T[], name: string, read: FieldReader<T>, options?: FieldIndexOptions): FieldIndex<T> {
    let named = this.byRows.get(rows);
    if (!named) this.byRows.set(rows, (named = new Map()));
    let index = named.get(name) as FieldIndex<T> | undefined;
    if (!index) named.set(name, (index = new FieldIndex(read, options)));
    return index;
  }
}
