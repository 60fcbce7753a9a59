import { decodeId, encodeId, type OrderRecord } from '../../../../adapters/core/src/index.ts';
import { forbidden, partnerOrderRefusal } from '../../../runtime/src/index.ts';
import type { OrdersContext } from '../context.ts';
import type { Resolvers } from '../generated/resolvers.ts';
import type { OrderModel } from '../models.ts';
import { orderQuote } from '../capture/orderQuote.ts';
import { placeOrder } from '../capture/placeOrder.ts';
import { customerOrders, toOrderModel } from './customerOrders.ts';

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
  },
  Customer: {
    orders: (customer, args, ctx, info) => customerOrders(customer, args, ctx, info),
  },
  Order: {
    __resolveReference: (ref, ctx) => loadOrder(ctx, ref.id, 'Order'),
    sourceSystem: (o) => o.system,
    sourceId: (o) => o.externalId,
    salesChannel: (o) => o.salesChannel ?? null,
    customer: (o) => (o.customerExternalId ? { id: encodeId('cus', o.system, o.customerExternalId) } : null),
    async lines(o, _args, ctx) {
      if (o.lines) return o.lines;
      if (o.system === 'MARKETPLACE') return ctx.loaders.marketplaceLines.load(o.externalId);
      return null;
    },
    totals: (o) => ({ grandTotal: o.grandTotal }),
    payments: (o) => o.payments ?? null,
  },
  OrderLine: {
    product: (line) => ({ __typename: 'Product', sku: line.sku }),
  },
};
