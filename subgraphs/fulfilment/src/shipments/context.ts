import type { SubgraphContext, SubgraphDeps } from '../../../runtime/src/index.ts';

export type ShipmentsPartOptions = Record<string, never>;

/** What the shipments resolvers use in one request. */
export type ShipmentsPart = Record<string, never>;

/** Called once per process; the function it returns, once per request. */
export function createShipmentsPart(_deps: SubgraphDeps, _options: ShipmentsPartOptions): (base: SubgraphContext) => ShipmentsPart {
  return () => ({});
}
