import type { CallContext } from '../../adapters/core/src/index.ts';

/** Per client request, shared by every subgraph fetch of its query plan. */
export interface GatewayContext {
  call: CallContext;
  /** Per-request memo (subgraph DataLoaders in embedded mode). */
  memo: Map<string, unknown>;
}
