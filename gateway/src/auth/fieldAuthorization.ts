import { createHash } from 'node:crypto';
import type { GatewayExecutor, GatewayGraphQLRequestContext, GatewayInterface } from '@apollo/server-gateway-interface';
import {
  GraphQLError,
  Kind,
  TypeInfo,
  getNullableType,
  isListType,
  isNonNullType,
  print,
  visit,
  visitWithTypeInfo,
  type DocumentNode,
  type FieldNode,
  type FragmentDefinitionNode,
  type GraphQLOutputType,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type SelectionSetNode,
} from 'graphql';
import { ANONYMOUS, type Caller } from '../../../subgraphs/runtime/src/index.ts';
import { maskValue } from './mask.ts';
import { decide, type FieldPolicy } from './policy.ts';

/** Errors per denied field: a list of 10 000 orders does not produce 10 000 identical errors. */
const MAX_ERRORS_PER_FIELD = 20;

interface FieldVerdict {
  coordinate: string;
  type: GraphQLOutputType;
  denied?: string;
  mask?: string;
}

interface Analysis {
  verdicts: Map<FieldNode, FieldVerdict>;
  anyDenied: boolean;
  anyMasked: boolean;
}

/**
 * Wraps the federation gateway so every operation is authorized field by field before the
 * query plan runs (@apollo/gateway reads `@authenticated`/`@requiresScopes` but does not
 * enforce them). A denied field is cut from the operation, so no subgraph or legacy system
 * is asked for it, and comes back null with a FORBIDDEN error naming it; a non-null one
 * nulls its nearest nullable parent, as GraphQL does. Personal fields are masked for
 * callers that may see them only masked.
 */
export function withFieldAuthorization(inner: GatewayInterface, policy: FieldPolicy): GatewayInterface {
  return {
    onSchemaLoadOrUpdate: (callback) => inner.onSchemaLoadOrUpdate(callback),
    stop: () => inner.stop(),
    async load(options) {
      const loaded = await inner.load(options);
      const executor = loaded.executor;
      if (!executor) return loaded;
      return { ...loaded, executor: authorizedExecutor(executor, policy) };
    },
  };
}

function authorizedExecutor(execute: GatewayExecutor, policy: FieldPolicy): GatewayExecutor {
  return async (requestContext) => {
    const caller = (requestContext.context as { caller?: Caller }).caller ?? ANONYMOUS;
    const analysis = cachedAnalysis(requestContext.schema, requestContext.document, policy, caller);
    if (!analysis.anyDenied && !analysis.anyMasked) return execute(requestContext);
    let context: GatewayGraphQLRequestContext = requestContext;
    if (analysis.anyDenied) {
      const document = rewrite(requestContext.document, analysis);
      const operation = document.definitions.find(
        (d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION && d.name?.value === requestContext.operation.name?.value,
      )!;
      // The gateway caches query plans by hash: the cut operation needs its own.
      const queryHash = createHash('sha256').update(print(document)).digest('hex');
      context = { ...requestContext, document, operation, queryHash };
    }
    const result = await execute(context);
    const errors: GraphQLError[] = [];
    if (result.data) {
      const fragments = fragmentsOf(requestContext.document);
      const state = { analysis, fragments, errors, counts: new Map<string, number>() };
      if (walkObject(result.data, requestContext.operation.selectionSet, [], state)) result.data = null;
    }
    return errors.length === 0 ? result : { ...result, errors: [...(result.errors ?? []), ...errors] };
  };
}

/** Role and scope sets seen per document before its analyses are dropped (tokens may narrow scopes). */
const MAX_ANALYSES_PER_DOCUMENT = 32;
const analyses = new WeakMap<FieldPolicy, WeakMap<GraphQLSchema, WeakMap<DocumentNode, Map<string, Analysis>>>>();

/**
 * `analyze`, remembered per document and caller kind. Apollo Server hands the same parsed
 * document object to every request with the same text, and a verdict depends only on the role
 * and scopes, so a repeated operation is walked once per role and scope set, not per request.
 * The analysis is read-only afterwards (rewrite and walk only read it).
 */
export function cachedAnalysis(schema: GraphQLSchema, document: DocumentNode, policy: FieldPolicy, caller: Caller): Analysis {
  let bySchema = analyses.get(policy);
  if (!bySchema) analyses.set(policy, (bySchema = new WeakMap()));
  let byDocument = bySchema.get(schema);
  if (!byDocument) bySchema.set(schema, (byDocument = new WeakMap()));
  let byCaller = byDocument.get(document);
  if (!byCaller) byDocument.set(document, (byCaller = new Map()));
  const key = `${caller.role}\u0000${[...caller.scopes].sort().join(' ')}`;
  let analysis = byCaller.get(key);
  if (!analysis) {
    analysis = analyze(schema, document, policy, caller);
    if (byCaller.size >= MAX_ANALYSES_PER_DOCUMENT) byCaller.clear();
    byCaller.set(key, analysis);
  }
  return analysis;
}

/** Decides every field of the document (fragments included) once, by its static parent type. */
export function analyze(schema: GraphQLSchema, document: DocumentNode, policy: FieldPolicy, caller: Caller): Analysis {
  const verdicts = new Map<FieldNode, FieldVerdict>();
  let anyDenied = false;
  let anyMasked = false;
  const typeInfo = new TypeInfo(schema);
  visit(
    document,
    visitWithTypeInfo(typeInfo, {
      Field(node) {
        const parent = typeInfo.getParentType();
        const def = typeInfo.getFieldDef();
        if (!parent || !def) return;
        const coordinate = `${parent.name}.${node.name.value}`;
        const decision = decide(policy, coordinate, caller);
        const verdict: FieldVerdict = { coordinate, type: def.type };
        if (!decision.allow) {
          verdict.denied = decision.reason;
          anyDenied = true;
        } else if (decision.mask) {
          verdict.mask = decision.mask;
          anyMasked = true;
        }
        verdicts.set(node, verdict);
      },
    }),
  );
  return { verdicts, anyDenied, anyMasked };
}

/** Each denied field becomes `<its response key>: __typename`, so the selection stays valid. */
function rewrite(document: DocumentNode, analysis: Analysis): DocumentNode {
  return visit(document, {
    Field(node) {
      if (!analysis.verdicts.get(node)?.denied) return undefined;
      const key = node.alias?.value ?? node.name.value;
      return {
        kind: Kind.FIELD,
        alias: { kind: Kind.NAME, value: key },
        name: { kind: Kind.NAME, value: '__typename' },
        ...(node.directives && { directives: node.directives }),
      } satisfies FieldNode;
    },
  });
}

function fragmentsOf(document: DocumentNode): Map<string, FragmentDefinitionNode> {
  const map = new Map<string, FragmentDefinitionNode>();
  for (const d of document.definitions) if (d.kind === Kind.FRAGMENT_DEFINITION) map.set(d.name.value, d);
  return map;
}

interface WalkState {
  analysis: Analysis;
  fragments: Map<string, FragmentDefinitionNode>;
  errors: GraphQLError[];
  counts: Map<string, number>;
}

/** Returns true when the object itself must become null (a non-null field in it was denied). */
function walkObject(obj: Record<string, unknown>, selectionSet: SelectionSetNode, path: (string | number)[], state: WalkState): boolean {
  for (const sel of selectionSet.selections) {
    if (sel.kind === Kind.INLINE_FRAGMENT) {
      if (walkObject(obj, sel.selectionSet, path, state)) return true;
      continue;
    }
    if (sel.kind === Kind.FRAGMENT_SPREAD) {
      const fragment = state.fragments.get(sel.name.value);
      if (fragment && walkObject(obj, fragment.selectionSet, path, state)) return true;
      continue;
    }
    const key = sel.alias?.value ?? sel.name.value;
    if (!(key in obj)) continue;
    const verdict = state.analysis.verdicts.get(sel);
    if (!verdict) continue;
    const fieldPath = [...path, key];
    if (verdict.denied) {
      obj[key] = null;
      report(state, verdict, fieldPath);
      if (isNonNullType(verdict.type)) return true;
      continue;
    }
    if (verdict.mask) obj[key] = maskValue(verdict.mask, obj[key]);
    if (sel.selectionSet && obj[key] !== null && obj[key] !== undefined) {
      if (walkValue(obj[key], verdict.type, sel.selectionSet, fieldPath, state)) {
        obj[key] = null;
        if (isNonNullType(verdict.type)) return true;
      }
    }
  }
  return false;
}

function walkValue(
  value: unknown,
  type: GraphQLOutputType,
  selectionSet: SelectionSetNode,
  path: (string | number)[],
  state: WalkState,
): boolean {
  if (value === null || value === undefined) return false;
  const nullable = getNullableType(type);
  if (isListType(nullable)) {
    const items = value as unknown[];
    const itemType = nullable.ofType as GraphQLOutputType;
    for (let i = 0; i < items.length; i++) {
      if (walkValue(items[i], itemType, selectionSet, [...path, i], state)) {
        if (isNonNullType(itemType)) return true;
        items[i] = null;
      }
    }
    return false;
  }
  return walkObject(value as Record<string, unknown>, selectionSet, path, state);
}

function report(state: WalkState, verdict: FieldVerdict, path: (string | number)[]): void {
  const n = state.counts.get(verdict.coordinate) ?? 0;
  state.counts.set(verdict.coordinate, n + 1);
  if (n >= MAX_ERRORS_PER_FIELD) return;
  state.errors.push(
    new GraphQLError(`Forbidden: ${verdict.coordinate} ${verdict.denied}`, {
      path,
      extensions: { code: 'FORBIDDEN', field: verdict.coordinate },
    }),
  );
}
