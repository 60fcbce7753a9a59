import type { FulfilmentContext } from '../context.ts';
import type { Resolvers } from '../generated/resolvers.ts';
import { assertOrderShipmentsAccess, assertShipmentAccess, orderOf } from '../shipments/access.ts';
import { trackingKey } from '../shipments/context.ts';
import { interceptShipment } from '../shipments/intercept.ts';
import { byFirstScan, toShipment } from '../shipments/model.ts';

type OrderRef = { id: string; salesChannel?: string | null };

/** Shipments, tracking and interception. */
export const shipmentResolvers: Resolvers<FulfilmentContext> = {
  Order: {
    // The whole representation: `salesChannel` (@requires) travels with the id.
    __resolveReference: (ref: OrderRef) => ref,
    shipments: async (parent, _args, ctx) => {
      const ref = parent as OrderRef;
      assertOrderShipmentsAccess(ctx, ref);
      const order = orderOf(ref);
      if (!order) return [];
      const parcels = await ctx.shipments.byReference.load(order.sourceId);
      return [...parcels].sort(byFirstScan).map(toShipment);
    },
  },
  Query: {
    shipment: async (_parent, args, ctx) => {
      const key = trackingKey(args.trackingNumber);
      if (key === '') return null;
      const record = await ctx.shipments.byTrackingNumber.load(key);
      if (!record) return null;
      await assertShipmentAccess(ctx, record);
      return toShipment(record);
    },
  },
  Mutation: {
    interceptShipment: (_parent, args, ctx) => interceptShipment(args, ctx),
  },
  InterceptShipmentResult: {
    __resolveType: (result) => result.__typename!,
  },
};
