/**
 * System query options ($filter, $orderby, $top, $skip, $skiptoken, $inlinecount, $select,
 * $expand, $format), parsed and checked against the entity set before any data is read.
 */
import { FieldIndexes } from '../../../kit/src/index.ts';
import { expressionError, uriError } from './errors.ts';
import { parseFilter, type Expr } from './filterParser.ts';
import { matches } from './filterEval.ts';
import { isNumericType, type EntitySet, type ODataService, type Row, type Value } from './model.ts';

export interface SelectTree {
  all: boolean;
  props: Set<string>;
  nav: Map<string, SelectTree>;
}

/** Navigation property → what to expand below it. */
export type ExpandTree = Map<string, ExpandTree>;

export interface OrderBy {
  property: string;
  desc: boolean;
}

export interface QueryOptions {
  filter?: Expr;
  orderby: OrderBy[];
  top?: number;
  skip: number;
  /** Our server-driven paging token: the absolute offset of the next page. */
  skiptoken: number;
  inlinecount: boolean;
  select?: SelectTree;
  expand: ExpandTree;
}

const COLLECTION_OPTIONS = new Set(['$filter', '$orderby', '$top', '$skip', '$skiptoken', '$inlinecount', '$select', '$expand', '$format']);
const ENTITY_OPTIONS = new Set(['$select', '$expand', '$format']);

function nonNegativeInt(name: string, raw: string): number {
  if (!/^\d{1,9}$/.test(raw)) throw uriError(`Invalid value '${raw}' for system query option ${name}.`);
  return Number(raw);
}

function targetOf(service: ODataService, set: EntitySet, nav: string): EntitySet {
  const navigation = set.navigation[nav];
  const target = navigation && service.sets.get(navigation.target);
  if (!target) throw uriError(`Navigation property '${nav}' not found in type '${set.entityType}'.`);
  return target;
}

export function parseExpand(raw: string, set: EntitySet, service: ODataService): ExpandTree {
  const tree: ExpandTree = new Map();
  for (const path of raw.split(',').map((p) => p.trim())) {
    if (!path) throw uriError(`Invalid $expand '${raw}'.`);
    let node = tree;
    let current = set;
    for (const segment of path.split('/')) {
      const target = targetOf(service, current, segment);
      let child = node.get(segment);
      if (!child) node.set(segment, (child = new Map()));
      node = child;
      current = target;
    }
  }
  return tree;
}

export function parseSelect(raw: string, set: EntitySet, service: ODataService): SelectTree {
  const root: SelectTree = { all: false, props: new Set(), nav: new Map() };
  for (const path of raw.split(',').map((p) => p.trim())) {
    const segments = path.split('/');
    let node = root;
    let current = set;
    segments.forEach((segment, i) => {
      const last = i === segments.length - 1;
      if (last && segment === '*') {
        node.all = true;
      } else if (last && current.properties[segment]) {
        node.props.add(segment);
      } else if (current.navigation[segment]) {
        const target = targetOf(service, current, segment);
        let child = node.nav.get(segment);
        if (!child) node.nav.set(segment, (child = { all: last, props: new Set(), nav: new Map() }));
        node = child;
        current = target;
      } else {
        throw uriError(`Property '${segment}' not found in type '${current.entityType}' ($select).`);
      }
    });
  }
  return root;
}

export function parseOrderBy(raw: string, set: EntitySet): OrderBy[] {
  return raw.split(',').map((part) => {
    const m = /^\s*([A-Za-z_][A-Za-z0-9_]*)(?:\s+(asc|desc))?\s*$/.exec(part);
    if (!m) throw expressionError(`Invalid $orderby expression '${part.trim()}'.`);
    const property = m[1] as string;
    if (!set.properties[property]) throw expressionError(`Property '${property}' not found in type '${set.entityType}' ($orderby).`);
    return { property, desc: m[2] === 'desc' };
  });
}

/**
 * Reads the system query options. Custom options (no `$`, e.g. `sap-client`) are ignored as
 * SAP Gateway ignores options it does not know; unknown or repeated `$` options are a 400.
 */
export function parseQuery(params: URLSearchParams, set: EntitySet, service: ODataService, target: 'collection' | 'entity'): QueryOptions {
  const allowed = target === 'collection' ? COLLECTION_OPTIONS : ENTITY_OPTIONS;
  const seen = new Set<string>();
  for (const name of params.keys()) {
    if (!name.startsWith('$')) continue;
    if (!allowed.has(name)) throw uriError(`System query option '${name}' is not supported for this resource.`);
    if (seen.has(name)) throw uriError(`System query option '${name}' is specified more than once.`);
    seen.add(name);
  }
  const format = params.get('$format');
  if (format !== null && format !== 'json') {
    throw uriError(`Format '${format}' is not supported by this service; use $format=json.`);
  }
  const inlinecount = params.get('$inlinecount');
  if (inlinecount !== null && inlinecount !== 'allpages' && inlinecount !== 'none') {
    throw uriError(`Invalid value '${inlinecount}' for system query option $inlinecount.`);
  }
  const filter = params.get('$filter');
  const orderby = params.get('$orderby');
  const top = params.get('$top');
  const select = params.get('$select');
  const expand = params.get('$expand');
  return {
    ...(filter !== null && { filter: parseFilter(filter, set) }),
    orderby: orderby ? parseOrderBy(orderby, set) : [],
    ...(top !== null && { top: nonNegativeInt('$top', top) }),
    skip: nonNegativeInt('$skip', params.get('$skip') ?? '0'),
    skiptoken: nonNegativeInt('$skiptoken', params.get('$skiptoken') ?? '0'),
    inlinecount: inlinecount === 'allpages',
    ...(select && { select: parseSelect(select, set, service) }),
    expand: expand ? parseExpand(expand, set, service) : new Map(),
  };
}

function sortValue(set: EntitySet, property: string, v: Value): Value {
  const type = set.properties[property];
  return type && isNumericType(type) && typeof v === 'string' ? Number(v) : v;
}

/**
 * The property and string values a filter pins rows to, when one of its top-level `and` terms is
 * `P eq 'a'` or `P eq 'a' or P eq 'b' …` on one Edm.String property: every matching row has one
 * of those values, so an index lookup yields a superset of the matches, in row order.
 */
export function pinnedValues(filter: Expr): { property: string; values: string[] } | undefined {
  if (filter.kind === 'logical' && filter.op === 'and') return pinnedValues(filter.left) ?? pinnedValues(filter.right);
  let property: string | undefined;
  const values: string[] = [];
  const collect = (e: Expr): boolean => {
    if (e.kind === 'logical' && e.op === 'or') return collect(e.left) && collect(e.right);
    if (e.kind !== 'compare' || e.op !== 'eq') return false;
    const [p, v] = e.left.kind === 'property' ? [e.left, e.right] : [e.right, e.left];
    if (p.kind !== 'property' || p.type !== 'Edm.String' || v.kind !== 'literal' || typeof v.value !== 'string') return false;
    if (property !== undefined && property !== p.name) return false;
    property = p.name;
    values.push(v.value);
    return true;
  };
  return collect(filter) && property !== undefined ? { property, values } : undefined;
}

const indexes = new FieldIndexes();

/** The rows a filter can match: an index lookup over a whole entity set where the filter allows. */
function candidates(rows: readonly Row[], filter: Expr, set: EntitySet, writes: number | undefined): readonly Row[] {
  const pinned = rows === set.rows ? pinnedValues(filter) : undefined;
  if (!pinned || !set.indexed?.includes(pinned.property)) return rows;
  const { property } = pinned;
  const read = (row: Row) => {
    const v = row[property];
    return typeof v === 'string' ? v : undefined;
  };
  return indexes.of(rows, property, read).lookup(rows, pinned.values, writes);
}

/**
 * `writes`: how many write requests the service has begun and finished, so indexes can tell that
 * no row moved since their last check. @default unknown: indexes check the rows every time
 */
export function applyFilterAndOrder(rows: readonly Row[], options: QueryOptions, set: EntitySet, writes?: number): Row[] {
  const { filter } = options;
  const out = filter ? candidates(rows, filter, set, writes).filter((row) => matches(filter, row)) : [...rows];
  if (options.orderby.length === 0) return out;
  return out.sort((a, b) => {
    for (const { property, desc } of options.orderby) {
      const x = sortValue(set, property, a[property] ?? null);
      const y = sortValue(set, property, b[property] ?? null);
      if (x === y) continue;
      // OData orders nulls before any value in ascending order.
      const cmp = x === null ? -1 : y === null ? 1 : x < y ? -1 : 1;
      return desc ? -cmp : cmp;
    }
    return 0;
  });
}

export interface PagingLimits {
  /** Page size when the client gives no `$top`. */
  defaultPageSize: number;
  /** Most entities in one response when the client gives `$top`. */
  maxPageSize: number;
}

export interface Page {
  rows: Row[];
  /** Offset for the `__next` link's `$skiptoken`, when the window continues. */
  nextOffset?: number;
  /** `$top` left for the rest of the window, when the client gave one. */
  remainingTop?: number;
}

/**
 * Server-driven paging as SAP Note 3091132 describes for S/4HANA A2X APIs: without `$top`
 * a response holds `defaultPageSize` entities; with `$top` up to `maxPageSize`; whatever is
 * left of the requested window is reached through `__next`.
 */
export function pageOf(matched: readonly Row[], options: QueryOptions, limits: PagingLimits): Page {
  const start = options.skip + options.skiptoken;
  const windowEnd = Math.min(matched.length, options.top === undefined ? matched.length : start + options.top);
  const pageLimit = options.top === undefined ? limits.defaultPageSize : limits.maxPageSize;
  const end = Math.min(windowEnd, start + pageLimit);
  const rows = matched.slice(start, Math.max(start, end));
  if (end >= windowEnd) return { rows };
  return {
    rows,
    nextOffset: end,
    ...(options.top !== undefined && { remainingTop: start + options.top - end }),
  };
}
