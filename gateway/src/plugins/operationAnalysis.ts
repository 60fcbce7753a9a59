import {
  getNamedType,
  getNullableType,
  isLeafType,
  isListType,
  isObjectType,
  isInterfaceType,
  Kind,
  valueFromAST,
  type DirectiveNode,
  type FragmentDefinitionNode,
  type GraphQLField,
  type GraphQLNamedType,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type SelectionSetNode,
  type ValueNode,
} from 'graphql';

export interface CostModel {
  /** Cost of a field by schema coordinate; default 1 for object fields, 0 for scalars. */
  fieldCosts: Record<string, number>;
  /** Size of a list field without a `first` argument, by coordinate. */
  listSizes: Record<string, number>;
  defaultListSize: number;
  /** Lists that are short when searched by a key argument (see KEYED_LOOKUPS). */
  keyedLookups: Record<string, { args: readonly string[]; size: number }>;
}

export interface OperationShape {
  depth: number;
  aliases: number;
  directives: number;
  cost: number;
  /** Selects `__schema` or `__type` somewhere. */
  introspection: boolean;
  /** Longest string literal in the operation's arguments. */
  longestString: number;
  /** The walk stopped early because fragments expand beyond any sane size. */
  truncated: boolean;
}

/** Expanded field visits before the analysis gives up (fragment spreads can expand exponentially). */
const MAX_VISITS = 50_000;
const CONNECTION_LISTS = new Set(['nodes', 'edges']);

/**
 * Measures one operation as it will execute: fragments expanded, list sizes multiplied down
 * the tree. Cost of a field = its unit cost × the product of the sizes of the lists above it;
 * a list's size is its `first` argument (literal, variable or schema default) when it has one,
 * a connection's `first` sizes its `nodes`/`edges`, otherwise a per-field or default size.
 */
export function analyzeOperation(
  schema: GraphQLSchema,
  operation: OperationDefinitionNode,
  fragments: Record<string, FragmentDefinitionNode>,
  variables: Record<string, unknown>,
  model: CostModel,
): OperationShape {
  const shape: OperationShape = {
    depth: 0,
    aliases: 0,
    directives: countDirectives(operation.directives),
    cost: 0,
    introspection: false,
    longestString: 0,
    truncated: false,
  };
  for (const def of operation.variableDefinitions ?? []) shape.directives += countDirectives(def.directives);
  const root = schema.getRootType(operation.operation);
  if (!root) return shape;
  let visits = 0;

  const walk = (
    set: SelectionSetNode,
    parent: GraphQLNamedType,
    depth: number,
    multiplier: number,
    connectionSize: number | undefined,
    seen: readonly string[],
  ) => {
    for (const sel of set.selections) {
      if (++visits > MAX_VISITS) {
        shape.truncated = true;
        return;
      }
      shape.directives += countDirectives(sel.directives);
      if (sel.kind === Kind.INLINE_FRAGMENT) {
        const type = sel.typeCondition ? (schema.getType(sel.typeCondition.name.value) ?? parent) : parent;
        walk(sel.selectionSet, type, depth, multiplier, connectionSize, seen);
        continue;
      }
      if (sel.kind === Kind.FRAGMENT_SPREAD) {
        const frag = fragments[sel.name.value];
        if (!frag || seen.includes(frag.name.value)) continue;
        shape.directives += countDirectives(frag.directives);
        walk(frag.selectionSet, schema.getType(frag.typeCondition.name.value) ?? parent, depth, multiplier, connectionSize, [
          ...seen,
          frag.name.value,
        ]);
        continue;
      }
      const name = sel.name.value;
      if (sel.alias) shape.aliases += 1;
      for (const arg of sel.arguments ?? []) shape.longestString = Math.max(shape.longestString, longestLiteral(arg.value));
      if (name === '__schema' || name === '__type') {
        shape.introspection = true;
        continue;
      }
      if (name === '__typename') continue;
      shape.depth = Math.max(shape.depth, depth);
      const field = isObjectType(parent) || isInterfaceType(parent) ? parent.getFields()[name] : undefined;
      if (!field) continue;
      const coordinate = `${parent.name}.${name}`;
      const named = getNamedType(field.type);
      const unitCost = model.fieldCosts[coordinate] ?? (isLeafType(named) ? 0 : 1);
      shape.cost += unitCost * multiplier;
      if (!sel.selectionSet) continue;
      const first = firstArgument(field, sel.arguments ?? [], variables);
      let childMultiplier = multiplier;
      let childConnection: number | undefined;
      if (isListType(getNullableType(field.type))) {
        let size =
          first ?? (CONNECTION_LISTS.has(name) ? connectionSize : undefined) ?? model.listSizes[coordinate] ?? model.defaultListSize;
        const keyed = model.keyedLookups[coordinate];
        if (keyed && hasAnyArgument(sel.arguments ?? [], keyed.args, variables)) size = Math.min(size, keyed.size);
        childMultiplier = multiplier * Math.max(size, 0);
      } else if (first !== undefined) {
        childConnection = first;
      }
      walk(sel.selectionSet, named, depth + 1, childMultiplier, childConnection, seen);
    }
  };
  walk(operation.selectionSet, root, 1, 1, undefined, []);
  return shape;
}

function hasAnyArgument(
  args: readonly { name: { value: string }; value: ValueNode }[],
  names: readonly string[],
  variables: Record<string, unknown>,
): boolean {
  return args.some((a) => {
    if (!names.includes(a.name.value)) return false;
    if (a.value.kind === Kind.NULL) return false;
    if (a.value.kind === Kind.VARIABLE) return variables[a.value.name.value] != null;
    return true;
  });
}

function countDirectives(directives: readonly DirectiveNode[] | undefined): number {
  return directives?.length ?? 0;
}

function firstArgument(
  field: GraphQLField<unknown, unknown>,
  args: readonly { name: { value: string }; value: ValueNode }[],
  variables: Record<string, unknown>,
): number | undefined {
  const def = field.args.find((a) => a.name === 'first');
  if (!def) return undefined;
  const given = args.find((a) => a.name.value === 'first');
  const value = given ? valueFromAST(given.value, def.type, variables) : def.defaultValue;
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
}

function longestLiteral(value: ValueNode): number {
  switch (value.kind) {
    case Kind.STRING:
      return value.value.length;
    case Kind.LIST:
      return Math.max(0, ...value.values.map(longestLiteral));
    case Kind.OBJECT:
      return Math.max(0, ...value.fields.map((f) => longestLiteral(f.value)));
    default:
      return 0;
  }
}

/** Longest string anywhere in the request's variables. */
export function longestVariableString(value: unknown, depth = 0): number {
  if (typeof value === 'string') return value.length;
  if (depth > 20 || value === null || typeof value !== 'object') return 0;
  let max = 0;
  for (const v of Array.isArray(value) ? value : Object.values(value)) max = Math.max(max, longestVariableString(v, depth + 1));
  return max;
}
