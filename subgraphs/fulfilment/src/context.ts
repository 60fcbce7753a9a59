import { baseContext, type RequestInfo, type SubgraphContext, type SubgraphDeps } from '../../runtime/src/index.ts';

/** Options of the fulfilment subgraph; each part adds its own. */
export interface FulfilmentOptions {}

export interface FulfilmentContext extends SubgraphContext {}

export function createContextFactory(deps: SubgraphDeps, _options: FulfilmentOptions = {}): (request: RequestInfo) => FulfilmentContext {
  return (request) => ({ ...baseContext('fulfilment', deps, request) });
}
