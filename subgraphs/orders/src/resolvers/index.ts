import { decodeId, encodeId, type OrderRecord } from '../../../../adapters/core/src/index.ts';
import { forbidden, partnerOrderRefusal } from '../../../runtime/src/index.ts';
import type { OrdersContext } from '../context.ts';
import type { Resolvers } from '../generated/resolvers.ts';
import type { OrderModel } from '../models.ts';
import { orderQuote } from '../capture/orderQuote.ts';
import { modifyOrder } from '../capture/modifyOrder.ts';
import { addPayment, approveOrderHold, cancelOrder, changePaymentMethod, rejectOrderHold } from '../capture/orderActions.ts';
import { placeOrder } from '../capture/placeOrder.ts';
import { customerOrders, toOrderModel } from './customerOrders.ts';
import { customerPayments } from './customerPayments.ts';
import { lineServiceLevel, orderDetailFields, withOrder } from './orderDetails.ts';

/** Partners read only their own marketplace's orders: anything else is refused, unknown ids are null. */
async function loadOrder(ctx: OrdersContext, id: string, field: string): Promise<OrderModel | null> {
  const decoded = decodeId('ord', id);
  if (!decoded) return null;
  // Refused before any upstream call: a partner never makes the ERP or POS look up an order.
  if (ctx.caller.role === 'partner' && decoded.system !== 'MARKETPLACE')
    throw forbidden(field, 'partner keys may read only marketplace orders');
  const { loaders } = ctx;
  let record: OrderRecord | null = null;
  if (decoded.system === 'ERP') record = await loaders.erpById.load(decoded.externalId);
  else if (decoded.system === 'POS') record = await loaders.posById.load(decoded.externalId);
  else if (decoded.system === 'MARKETPLACE') record = await loaders.marketplaceById.load(decoded.externalId);
  if (!record) return null;
  const refusal = partnerOrderRefusal(ctx.caller, record, field);
  if (refusal) throw refusal;
  return toOrderModel(record);
}

export const resolvers: Resolvers<OrdersContext> = {
  Query: {
    order: (_root, { id }, ctx) => loadOrder(ctx, id, 'Query.order'),
    orderQuote: (_root, args, ctx) => orderQuote(args, ctx),
  },
  Mutation: {
    placeOrder: (_root, args, ctx) => placeOrder(args, ctx),
    approveOrderHold: (_root, args, ctx) => approveOrderHold(args, ctx),
    rejectOrderHold: (_root, args, ctx) => rejectOrderHold(args, ctx),
    cancelOrder: (_root, args, ctx) => cancelOrder(args, ctx),
    modifyOrder: (_root, args, ctx) => modifyOrder(args, ctx),
    addPayment: (_root, args, ctx) => addPayment(args, ctx),
    changePaymentMethod: (_root, args, ctx) => changePaymentMethod(args, ctx),
  },
  Customer: {
    orders: (customer, args, ctx, info) => customerOrders(customer, args, ctx, info),
    payments: (customer, args, ctx, info) => customerPayments(customer, args, ctx, info),
  },
  CustomerPayment: {
    orderNumber: (p) => p.order.number,
    channel: (p) => p.order.channel,
    sourceSystem: (p) => p.order.system,
    at: (p) => p.order.placedAt,
    cardBrand: (p) => p.cardBrand ?? null,
    cardLast4: (p) => p.cardLast4 ?? null,
  },
  Order: {
    __resolveReference: (ref, ctx) => loadOrder(ctx, ref.id, 'Order'),
    sourceSystem: (o) => o.system,
    sourceId: (o) => o.externalId,
    salesChannel: (o) => o.salesChannel ?? null,
    customer: (o) => (o.customerExternalId ? { id: encodeId('cus', o.system, o.customerExternalId) } : null),
    async lines(o, _args, ctx) {
      if (o.lines) return withOrder(o, o.lines);
      if (o.system === 'MARKETPLACE') return withOrder(o, await ctx.loaders.marketplaceLines.load(o.externalId));
      return null;
    },
    ...orderDetailFields,
    totals: (o) => ({ grandTotal: o.grandTotal }),
    payments: (o) => o.payments ?? null,
  },
  OrderLine: {
    product: (line) => ({ __typename: 'Product', sku: line.sku }),
    serviceLevel: (line, _args, ctx) => lineServiceLevel(line, ctx),
  },
};
