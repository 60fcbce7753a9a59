import type { CallContext } from '../../adapters/core/src/index.ts';
import type { Caller, StaleReads } from '../../subgraphs/runtime/src/index.ts';

/** Per client request, shared by every subgraph fetch of its query plan. */
export interface GatewayContext {
  call: CallContext;
  /** Per-request memo (subgraph DataLoaders in embedded mode). */
  memo: Map<string, unknown>;
  /** Cached answers served past their TTL because a system failed (`extensions.stale`). */
  stale: StaleReads;
  /** Who is asking (gateway/src/auth): anonymous when no credential was sent. */
  caller: Caller;
  /** The client's address (rate-limit key of anonymous callers, audit). */
  clientIp?: string;
}
