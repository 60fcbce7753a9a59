import type { CallContext } from '../../adapters/core/src/index.ts';
import type { StaleReads } from '../../subgraphs/runtime/src/index.ts';

/** Per client request, shared by every subgraph fetch of its query plan. */
export interface GatewayContext {
  call: CallContext;
  /** Per-request memo (subgraph DataLoaders in embedded mode). */
  memo: Map<string, unknown>;
  /** Cached answers served past their TTL because a system failed (`extensions.stale`). */
  stale: StaleReads;
}
