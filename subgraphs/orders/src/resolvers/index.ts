import { decodeId, encodeId, type OrderRecord } from '../../../../adapters/core/src/index.ts';
import type { OrdersContext } from '../context.ts';
import type { Resolvers } from '../generated/resolvers.ts';
import type { OrderModel } from '../models.ts';
import { customerOrders, toOrderModel } from './customerOrders.ts';

async function loadOrder(ctx: OrdersContext, id: string): Promise<OrderModel | null> {
  const decoded = decodeId('ord', id);
  if (!decoded) return null;
  const { loaders } = ctx;
  let record: OrderRecord | null = null;
  if (decoded.system === 'ERP') record = await loaders.erpById.load(decoded.externalId);
  else if (decoded.system === 'POS') record = await loaders.posById.load(decoded.externalId);
  else if (decoded.system === 'MARKETPLACE') record = await loaders.marketplaceById.load(decoded.externalId);
  return record ? toOrderModel(record) : null;
}

export const resolvers: Resolvers<OrdersContext> = {
  Query: {
    order: (_root, { id }, ctx) => loadOrder(ctx, id),
  },
  Customer: {
    orders: (customer, args, ctx, info) => customerOrders(customer, args, ctx, info),
  },
  Order: {
    __resolveReference: (ref, ctx) => loadOrder(ctx, ref.id),
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
