import type { SubgraphContext, SubgraphDeps } from '../../../runtime/src/index.ts';

export type FulfilmentPartOptions = Record<string, never>;

/** What the fulfilment resolvers use in one request. */
export type FulfilmentPart = Record<string, never>;

/** Called once per process; the function it returns, once per request. */
export function createFulfilmentPart(_deps: SubgraphDeps, _options: FulfilmentPartOptions): (base: SubgraphContext) => FulfilmentPart {
  return () => ({});
}
