import type { FulfilmentContext } from '../context.ts';
import type { Resolvers } from '../generated/resolvers.ts';
import { fulfilmentResolvers } from './fulfilment.ts';
import { shipmentResolvers } from './shipments.ts';

/** The two parts' resolvers, type by type (both extend Query, Mutation and Order). */
function merge(...parts: Resolvers<FulfilmentContext>[]): Resolvers<FulfilmentContext> {
  const out: Record<string, Record<string, unknown>> = {};
  for (const part of parts) {
    for (const [type, fields] of Object.entries(part)) out[type] = { ...out[type], ...(fields as Record<string, unknown>) };
  }
  return out as Resolvers<FulfilmentContext>;
}

export const resolvers: Resolvers<FulfilmentContext> = merge(
  { Order: { __resolveReference: (ref: { id: string }) => ({ id: ref.id }) } } as Resolvers<FulfilmentContext>,
  fulfilmentResolvers,
  shipmentResolvers,
);
