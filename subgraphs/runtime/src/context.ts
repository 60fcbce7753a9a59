import type { GraphQLSchema } from 'graphql';
import type { CallContext, CacheStore } from '../../../adapters/core/src/index.ts';
import type { StaleReads } from './staleReads.ts';
import { ANONYMOUS, type Caller } from './caller.ts';
import { PartialFailures } from './errors.ts';
import type { Systems } from './systems.ts';

/** What the gateway hands every subgraph fetch of one client request. */
export interface RequestInfo {
  call: CallContext;
  /** Per-request memo shared by every fetch of the request (DataLoaders live here). */
  memo: Map<string, unknown>;
  /** Answers served stale because a system failed; reported in the response's extensions. */
  stale: StaleReads;
  /** Who is asking (set by the gateway). @default ANONYMOUS */
  caller?: Caller;
}

/** The base of every subgraph's resolver context. */
export interface SubgraphContext {
  call: CallContext;
  systems: Systems;
  partial: PartialFailures;
  memo: Map<string, unknown>;
  stale: StaleReads;
  caller: Caller;
}

export interface SubgraphDeps {
  systems: Systems;
  /** keyv store for caches and identity links. */
  store: CacheStore;
}

/** A subgraph, ready to be served embedded (in-process) or on its own HTTP server. */
export interface SubgraphDefinition<C extends SubgraphContext = SubgraphContext> {
  name: string;
  typeDefs: string;
  schema: GraphQLSchema;
  createContext(request: RequestInfo): C;
}

export function baseContext(name: string, deps: SubgraphDeps, request: RequestInfo): SubgraphContext {
  return {
    call: request.call,
    systems: deps.systems,
    partial: new PartialFailures(name),
    memo: request.memo,
    stale: request.stale,
    caller: request.caller ?? ANONYMOUS,
  };
}

/** A per-request singleton (a DataLoader, say), created on first use. */
export function perRequest<T>(ctx: Pick<SubgraphContext, 'memo'>, key: string, create: () => T): T {
  let value = ctx.memo.get(key) as T | undefined;
  if (value === undefined) {
    value = create();
    ctx.memo.set(key, value);
  }
  return value;
}
