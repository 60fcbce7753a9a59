/**
 * The small entity model the OData V2 engine runs on. Rows hold values in an internal form
 * (dates as epoch ms, decimals as strings) and are rendered to the wire by `render.ts`, so
 * filtering and sorting compare real values, not their `/Date(…)/` spellings.
 */

export type EdmType =
  | 'Edm.String'
  | 'Edm.Decimal'
  | 'Edm.Int32'
  | 'Edm.Boolean'
  /** A calendar date (or date-time without zone); epoch ms, midnight UTC for dates. */
  | 'Edm.DateTime'
  | 'Edm.DateTimeOffset'
  /** A time of day; ms since midnight. */
  | 'Edm.Time';

export type Value = string | number | boolean | null;
export type Row = Readonly<Record<string, Value>>;

export interface Navigation {
  /** Entity set name of the target, within the same service. */
  readonly target: string;
  readonly many: boolean;
  readonly resolve: (row: Row) => readonly Row[];
}

export interface EntitySet {
  /** e.g. "A_SalesOrder". */
  readonly name: string;
  /** e.g. "A_SalesOrderType"; rendered as `<service>.<entityType>` in `__metadata.type`. */
  readonly entityType: string;
  readonly keys: readonly string[];
  readonly properties: Readonly<Record<string, EdmType>>;
  readonly navigation: Readonly<Record<string, Navigation>>;
  readonly rows: readonly Row[];
  /** Looks a row up by its full key. */
  readonly find: (key: Readonly<Record<string, string>>) => Row | undefined;
  /** Weak ETag for `__metadata.etag`, when the entity type has one. */
  readonly etag?: (row: Row) => string;
  /**
   * Edm.String properties `$filter` may look up through an index (`P eq '…'`, or several such
   * terms joined by `or`) rather than test on every row. Only properties no write changes in
   * place on a row: rows may be added or replaced, never edited in that property.
   * @default none
   */
  readonly indexed?: readonly string[];
}

export interface ODataService {
  /** Technical service name, e.g. "API_SALES_ORDER_SRV". */
  readonly name: string;
  /** SAP application component, shown in error `innererror.application.component_id`. */
  readonly componentId: string;
  readonly sets: ReadonlyMap<string, EntitySet>;
  /**
   * Entity sets that accept `POST` (create), by set name: the handler validates the body and
   * returns the created row, or throws an ODataError. Sets without one are read-only (405).
   */
  readonly creators?: ReadonlyMap<string, (body: unknown) => Row>;
  /**
   * Creates through a navigation property (`POST Set(key)/to_Nav`), by `"Set/to_Nav"`: the
   * handler gets the parent row and returns the created row of the navigation's target set.
   */
  readonly relatedCreators?: ReadonlyMap<string, (parent: Row, body: unknown) => Row>;
  /** Entity sets that accept `PATCH` of one entity (answered 204), by set name. */
  readonly updaters?: ReadonlyMap<string, (row: Row, body: unknown) => void>;
}

/** Builds an entity set with a key index, so `find` is a map lookup. */
export function defineEntitySet(definition: Omit<EntitySet, 'find'>): EntitySet {
  const index = new Map<string, Row>();
  const keyOf = (values: readonly (Value | undefined)[]) => values.map((v) => String(v ?? '')).join('\u0000');
  for (const row of definition.rows) index.set(keyOf(definition.keys.map((k) => row[k])), row);
  return {
    ...definition,
    find: (key) => index.get(keyOf(definition.keys.map((k) => key[k]))),
  };
}

/** Groups rows by one property, for cheap one-to-many navigation. */
export function indexBy(rows: readonly Row[], property: string): Map<string, Row[]> {
  const map = new Map<string, Row[]>();
  for (const row of rows) {
    const k = String(row[property] ?? '');
    const list = map.get(k);
    if (list) list.push(row);
    else map.set(k, [row]);
  }
  return map;
}

export function isNumericType(type: EdmType | 'null'): boolean {
  return type === 'Edm.Decimal' || type === 'Edm.Int32';
}

export function isDateType(type: EdmType | 'null'): boolean {
  return type === 'Edm.DateTime' || type === 'Edm.DateTimeOffset';
}
