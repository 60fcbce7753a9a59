import type { InventoryContext } from '../context.ts';
import type { Resolvers } from '../generated/resolvers.ts';
import { locationId, locationCodeOf } from '../ids.ts';
import { networkAtp } from '../atp.ts';
import { availability, channelsFor, checkDate, checkQuantity, locationByCode, storesNear, todayOf } from './read.ts';
import { consumeReservation, receiveStock, recordCycleCount, releaseReservation, reserveInventory } from './write.ts';
import { reservationId } from '../ids.ts';

async function findLocation(ctx: InventoryContext, id: string) {
  const code = locationCodeOf(id);
  if (code === undefined) return null;
  return (await ctx.loaders.locations()).find((l) => l.code === code) ?? null;
}

export const resolvers: Resolvers<InventoryContext> = {
  Query: {
    storesNear: (_root, args, ctx, info) => storesNear(args, ctx, info),
    location: (_root, { id }, ctx) => findLocation(ctx, id),
    locations: async (_root, { kind }, ctx) => (await ctx.loaders.locations()).filter((l) => !kind || l.kind === kind),
  },
  Mutation: {
    reserveInventory: (_root, args, ctx) => reserveInventory(args, ctx),
    releaseReservation: (_root, { id }, ctx) => releaseReservation(id, ctx),
    consumeReservation: (_root, { id, receiptNumber }, ctx) => consumeReservation(id, receiptNumber, ctx),
    recordCycleCount: (_root, args, ctx) => recordCycleCount(args, ctx),
    receiveStock: (_root, args, ctx) => receiveStock(args, ctx),
  },
  Location: {
    __resolveReference: (ref, ctx) => findLocation(ctx, ref.id),
    id: (l) => locationId(l.code),
    address: (l) => ({ ...l.address, district: l.address.district ?? null }),
  },
  Product: {
    availability: (product, args, ctx) => availability(product.sku, args, ctx),
    async networkAvailability(product, args, ctx) {
      const quantity = checkQuantity(args.quantity);
      const date = checkDate(args.date);
      const positions = await ctx.loaders.stock.load(product.sku);
      const today = todayOf(positions);
      return { ...networkAtp(positions, date ?? today, quantity, today), positions, today };
    },
  },
  LocationAvailability: {
    location: (a, _args, ctx) => locationByCode(ctx, a.position.locationCode),
    onHand: (a) => a.position.onHand,
    reserved: (a) => a.position.reserved,
    allocated: (a) => a.position.allocated,
    safetyStock: (a) => a.position.safetyStock,
    inbound: (a) => a.position.inbound.map((i) => ({ ...i, countsOnDate: i.eta <= a.date })),
    channelReservations: (a) => a.position.channelReservations,
    byChannel: (a, { channel }, ctx) => channelsFor(ctx, [a.position], a.date, a.quantity, a.today, ctx.policy, channel),
  },
  NetworkAvailability: {
    byChannel: (n, { channel }, ctx) => channelsFor(ctx, n.positions, n.date, n.quantity, n.today, ctx.policy, channel),
  },
  StoreAvailability: {
    atp: (s) => s.availability?.atp ?? null,
    earliestDate: (s) => s.availability?.earliestDate ?? null,
  },
  ReserveInventoryResult: { __resolveType: (r) => r.__typename },
  ReleaseReservationResult: { __resolveType: (r) => r.__typename },
  ConsumeReservationResult: { __resolveType: (r) => r.__typename },
  ReceiveStockResult: { __resolveType: (r) => r.__typename },
  Reservation: {
    id: (r) => reservationId(r.id),
    number: (r) => r.id,
    product: (r) => ({ sku: r.sku }),
    location: (r, _args, ctx) => locationByCode(ctx, r.locationCode),
    channel: (r) => r.channel ?? null,
    reference: (r) => r.reference ?? null,
    consumedBy: (r) => r.consumedBy ?? null,
    closedAt: (r) => r.closedAt ?? null,
  },
  InsufficientStock: {
    location: (r, _args, ctx) => locationByCode(ctx, r.locationCode),
  },
  CycleCount: {
    location: (c, _args, ctx) => locationByCode(ctx, c.locationCode),
  },
  StockReceipt: {
    location: (r, _args, ctx) => locationByCode(ctx, r.locationCode),
    hasDiscrepancies: (r) => r.lines.some((l) => l.discrepancy !== 0),
  },
  UnknownInboundReference: {
    location: (r, _args, ctx) => locationByCode(ctx, r.locationCode),
  },
};
