import { baseContext, type RequestInfo, type SubgraphContext, type SubgraphDeps } from '../../runtime/src/index.ts';

/** Options of the returns subgraph. */
export type ReturnsOptions = Record<string, never>;

export type ReturnsContext = SubgraphContext;

export function createContextFactory(deps: SubgraphDeps, _options: ReturnsOptions = {}): (request: RequestInfo) => ReturnsContext {
  return (request) => ({ ...baseContext('returns', deps, request) });
}
