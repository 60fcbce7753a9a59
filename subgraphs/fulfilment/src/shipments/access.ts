import type { ShipmentRecord } from '../../../../adapters/carrier/src/index.ts';
import { decodeId } from '../../../../adapters/core/src/index.ts';
import { forbidden, partnerOrderRefusal, type SubgraphContext } from '../../../runtime/src/index.ts';

/** AmazonOrderId's "3-7-7": the only references a partner's parcels can carry. */
const MARKETPLACE_ORDER_ID = /^\d{3}-\d{7}-\d{7}$/;

/** An order as its entity representation tells it: which system, which id, which marketplace. */
export function orderOf(ref: {
  id: string;
  salesChannel?: string | null;
}): { system: string; sourceId: string; channel: string } | undefined {
  const decoded = decodeId('ord', ref.id);
  if (!decoded) return undefined;
  // The channel only matters for partners, who may read marketplace orders alone.
  return {
    system: decoded.system,
    sourceId: decoded.externalId,
    channel: decoded.system === 'MARKETPLACE' ? 'MARKETPLACE' : decoded.system,
  };
}

/** Order.shipments: a partner reads only the parcels of its own marketplace's orders. */
export function assertOrderShipmentsAccess(ctx: SubgraphContext, ref: { id: string; salesChannel?: string | null }): void {
  const order = orderOf(ref);
  const refusal = partnerOrderRefusal(
    ctx.caller,
    { channel: order?.channel ?? '', salesChannel: ref.salesChannel ?? null },
    'Order.shipments',
  );
  if (refusal) throw refusal;
}

/**
 * shipment(trackingNumber): a partner may track a parcel only when it belongs to an order of its
 * own marketplace, which the parcel's reference (the order id) and the marketplace tell.
 */
export async function assertShipmentAccess(ctx: SubgraphContext, shipment: ShipmentRecord): Promise<void> {
  if (ctx.caller.role !== 'partner') return;
  // A split order's parcels carry "<order id>/<part>" (fulfilment's shipFulfilment): the order is before the slash.
  const reference = (shipment.orderReference ?? '').split('/')[0]!.trim();
  const [order] = MARKETPLACE_ORDER_ID.test(reference) ? await ctx.systems.marketplace.getOrders(ctx.call, [reference]) : [null];
  if (!order) throw forbidden('shipment', 'partner keys may track only parcels of their own marketplace orders');
  const refusal = partnerOrderRefusal(ctx.caller, { channel: order.channel, salesChannel: order.salesChannel ?? null }, 'shipment');
  if (refusal) throw refusal;
}
