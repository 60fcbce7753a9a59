import type { FulfilmentContext } from '../context.ts';
import type { Resolvers } from '../generated/resolvers.ts';

/** Sourcing and fulfilment orders. */
export const fulfilmentResolvers: Resolvers<FulfilmentContext> = {};
