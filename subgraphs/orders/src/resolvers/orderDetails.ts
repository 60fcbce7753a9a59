import { balanceDue, type OrderDetailsRecord } from '../../../../adapters/erp/src/index.ts';
import type { OrdersContext } from '../context.ts';
import type { OrderLineModel, OrderModel } from '../models.ts';

/** ERP order details for the fields below; other channels have none (their fields answer null or empty). */
const detailsOf = (o: OrderModel, ctx: OrdersContext): Promise<OrderDetailsRecord | null> =>
  o.system === 'ERP' ? ctx.loaders.erpDetails.load(o.externalId) : Promise.resolve(null);

/** Order fields read from the ERP's order details (one batched ERP call per request, uncached). */
export const orderDetailFields = {
  async holds(o: OrderModel, _args: unknown, ctx: OrdersContext) {
    if (o.system !== 'ERP') return [];
    return (await detailsOf(o, ctx))?.holds ?? null;
  },
  async balanceDue(o: OrderModel, _args: unknown, ctx: OrdersContext) {
    const d = await detailsOf(o, ctx);
    return d ? { amount: balanceDue(d), currency: d.grandTotal.currency } : null;
  },
  payOnPickup: async (o: OrderModel, _args: unknown, ctx: OrdersContext) => (await detailsOf(o, ctx))?.payOnPickup ?? null,
  consolidated: async (o: OrderModel, _args: unknown, ctx: OrdersContext) => (await detailsOf(o, ctx))?.completeDelivery ?? null,
  async contact(o: OrderModel, _args: unknown, ctx: OrdersContext) {
    const d = await detailsOf(o, ctx);
    return d && Object.keys(d.contact).length > 0 ? d.contact : null;
  },
  shippingAddress: async (o: OrderModel, _args: unknown, ctx: OrdersContext) => (await detailsOf(o, ctx))?.shipTo ?? null,
};

/** Lines carry their order so that ERP line details can be read when asked for. */
export const withOrder = (o: OrderModel, lines: OrderLineModel[]): OrderLineModel[] =>
  lines.map((l) => ({ ...l, orderSystem: o.system, orderExternalId: o.externalId }));

export async function lineServiceLevel(line: OrderLineModel, ctx: OrdersContext) {
  if (line.orderSystem !== 'ERP' || !line.orderExternalId) return null;
  const d = await ctx.loaders.erpDetails.load(line.orderExternalId);
  return d?.lines.find((l) => l.lineId === line.lineId)?.serviceLevel ?? null;
}
