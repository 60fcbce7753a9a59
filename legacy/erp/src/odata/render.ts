/** Rows to OData V2 JSON ("verbose" format): `__metadata`, `/Date(…)/`, decimals as strings. */
import type { EdmType, EntitySet, ODataService, Row, Value } from './model.ts';
import type { ExpandTree, SelectTree } from './query.ts';

export interface RenderContext {
  service: ODataService;
  /** Absolute service root, e.g. "http://host:5001/sap/opu/odata/sap/API_SALES_ORDER_SRV". */
  serviceRoot: string;
}

function pad2(n: number): string {
  return String(n).padStart(2, '0');
}

/** `PT13H45M10S`, the V2 JSON form of Edm.Time. */
export function formatTime(ms: number): string {
  const total = Math.floor(ms / 1000);
  return `PT${pad2(Math.floor(total / 3600))}H${pad2(Math.floor(total / 60) % 60)}M${pad2(total % 60)}S`;
}

export function formatValue(type: EdmType, value: Value): Value {
  if (value === null) return null;
  switch (type) {
    case 'Edm.DateTime':
      return `/Date(${Number(value)})/`;
    case 'Edm.DateTimeOffset':
      return `/Date(${Number(value)}+0000)/`;
    case 'Edm.Time':
      return formatTime(Number(value));
    case 'Edm.Decimal':
      return String(value);
    default:
      return value;
  }
}

/** OData V2 key literal: strings quoted with `''` escaping. */
function keyLiteral(v: Value): string {
  return `'${String(v ?? '').replace(/'/g, "''")}'`;
}

/** `A_SalesOrder('1000000123')` or `A_SalesOrderItem(SalesOrder='…',SalesOrderItem='10')`. */
export function entityPath(set: EntitySet, row: Row): string {
  const [only] = set.keys;
  const predicate =
    set.keys.length === 1 && only !== undefined
      ? keyLiteral(row[only] ?? null)
      : set.keys.map((k) => `${k}=${keyLiteral(row[k] ?? null)}`).join(',');
  return `${set.name}(${encodeURIComponent(predicate).replace(/%3D/g, '=').replace(/%2C/g, ',').replace(/%27/g, "'")})`;
}

function included(select: SelectTree | undefined, name: string, isNav: boolean): boolean {
  if (!select || select.all) return true;
  return isNav ? select.nav.has(name) : select.props.has(name);
}

export function renderEntity(
  ctx: RenderContext,
  set: EntitySet,
  row: Row,
  expand: ExpandTree,
  select: SelectTree | undefined,
): Record<string, unknown> {
  const uri = `${ctx.serviceRoot}/${entityPath(set, row)}`;
  const out: Record<string, unknown> = {
    __metadata: {
      id: uri,
      uri,
      type: `${ctx.service.name}.${set.entityType}`,
      ...(set.etag && { etag: set.etag(row) }),
    },
  };
  for (const [name, type] of Object.entries(set.properties)) {
    if (included(select, name, false)) out[name] = formatValue(type, row[name] ?? null);
  }
  for (const [name, navigation] of Object.entries(set.navigation)) {
    const childExpand = expand.get(name);
    if (!childExpand && !included(select, name, true)) continue;
    if (!childExpand) {
      out[name] = { __deferred: { uri: `${uri}/${name}` } };
      continue;
    }
    const target = ctx.service.sets.get(navigation.target) as EntitySet;
    const childSelect = select && !select.all ? select.nav.get(name) : undefined;
    const related = navigation.resolve(row).map((r) => renderEntity(ctx, target, r, childExpand, childSelect));
    out[name] = navigation.many ? { results: related } : (related[0] ?? null);
  }
  return out;
}
