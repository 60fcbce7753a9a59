import { baseContext, type RequestInfo, type SubgraphContext, type SubgraphDeps } from '../../runtime/src/index.ts';
import { createFulfilmentPart, type FulfilmentPart, type FulfilmentPartOptions } from './fulfilment/context.ts';
import { createShipmentsPart, type ShipmentsPart, type ShipmentsPartOptions } from './shipments/context.ts';

/** Options of the fulfilment subgraph: those of its two parts. */
export interface FulfilmentOptions {
  /** @default {} */
  fulfilment?: FulfilmentPartOptions;
  /** @default {} */
  shipments?: ShipmentsPartOptions;
}

export interface FulfilmentContext extends SubgraphContext {
  /** Sourcing, fulfilment orders and store work (src/fulfilment). */
  fulfilment: FulfilmentPart;
  /** Shipments, tracking and interception (src/shipments). */
  shipments: ShipmentsPart;
}

export function createContextFactory(deps: SubgraphDeps, options: FulfilmentOptions = {}): (request: RequestInfo) => FulfilmentContext {
  const fulfilment = createFulfilmentPart(deps, options.fulfilment ?? {});
  const shipments = createShipmentsPart(deps, options.shipments ?? {});
  return (request) => {
    const base = baseContext('fulfilment', deps, request);
    return { ...base, fulfilment: fulfilment(base), shipments: shipments(base) };
  };
}
