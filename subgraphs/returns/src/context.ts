import { baseContext, type RequestInfo, type SubgraphContext, type SubgraphDeps } from '../../runtime/src/index.ts';

/** Options of the returns subgraph. */
export interface ReturnsOptions {}

export interface ReturnsContext extends SubgraphContext {}

export function createContextFactory(deps: SubgraphDeps, _options: ReturnsOptions = {}): (request: RequestInfo) => ReturnsContext {
  return (request) => ({ ...baseContext('returns', deps, request) });
}
