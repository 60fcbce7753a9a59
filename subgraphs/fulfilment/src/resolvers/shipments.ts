import type { FulfilmentContext } from '../context.ts';
import type { Resolvers } from '../generated/resolvers.ts';

/** Shipments, tracking and interception. */
export const shipmentResolvers: Resolvers<FulfilmentContext> = {};
