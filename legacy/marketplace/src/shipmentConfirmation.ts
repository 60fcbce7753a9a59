import { z } from 'zod';
import { invalidInput } from './errors.ts';
import type { OrderStore, StoredOrder } from './store.ts';

/**
 * `confirmShipment` (ordersV0.json `POST /orders/v0/orders/{orderId}/shipmentConfirmation`):
 * a `ConfirmShipmentRequest` (`marketplaceId`, `packageDetail { packageReferenceId, carrierCode,
 * trackingNumber, shipDate, orderItems[{ orderItemId, quantity }] }`) marks the items shipped;
 * the order turns PartiallyShipped or Shipped, as getOrder then shows. 204 without a body on
 * success; 400 InvalidInput (ConfirmShipmentErrorResponse) for a bad body, an item not on the
 * order, more than is left to ship, an order that cannot ship (Pending, Canceled, …) or a
 * marketplace the order is not in. The same package confirmed again (same packageReferenceId
 * and trackingNumber) changes nothing and answers 204, so a retried confirmation is harmless.
 */
const confirmShipmentRequest = z.object({
  marketplaceId: z.string().min(1),
  codCollectionMethod: z.enum(['DirectPayment']).optional(),
  packageDetail: z.object({
    packageReferenceId: z.string().regex(/^[1-9]\d{0,18}$/, 'packageReferenceId must be a positive number'),
    carrierCode: z.string().min(1),
    carrierName: z.string().optional(),
    shippingMethod: z.string().optional(),
    trackingNumber: z.string().min(1),
    shipDate: z
      .string()
      .refine((s) => /^\d{4}-\d{2}-\d{2}T/.test(s) && !Number.isNaN(Date.parse(s)), 'shipDate must be an ISO 8601 date-time'),
    shipFromSupplySourceId: z.string().optional(),
    orderItems: z
      .array(
        z.object({
          orderItemId: z.string().min(1),
          quantity: z.number().int().positive(),
          transparencyCodes: z.array(z.string()).optional(),
        }),
      )
      .min(1),
  }),
});

const SHIPPABLE = new Set(['Unshipped', 'PartiallyShipped']);

export function confirmShipment(store: OrderStore, stored: StoredOrder, body: unknown, now: number): void {
  const parsed = confirmShipmentRequest.safeParse(body);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw invalidInput('Invalid Input', `${issue?.path.join('.') || 'body'}: ${issue?.message ?? 'invalid'}`);
  }
  const { marketplaceId, packageDetail: pkg } = parsed.data;
  const { order } = stored;
  if (marketplaceId !== order.marketplaceId)
    throw invalidInput('Invalid Input', `Order ${order.amazonOrderId} is not in marketplace ${marketplaceId}.`);
  const known = store.packagesOf(order.amazonOrderId);
  const same = known.find((p) => p.packageReferenceId === pkg.packageReferenceId);
  if (same) {
    if (same.trackingNumber === pkg.trackingNumber) return;
    throw invalidInput('Invalid Input', `Package ${pkg.packageReferenceId} was already confirmed with another tracking number.`);
  }
  if (!SHIPPABLE.has(order.orderStatus)) {
    throw invalidInput(
      'Invalid Input',
      `Order ${order.amazonOrderId} is ${order.orderStatus}; only Unshipped or PartiallyShipped orders can be confirmed.`,
    );
  }
  for (const line of pkg.orderItems) {
    const item = order.items.find((i) => i.orderItemId === line.orderItemId);
    if (!item) throw invalidInput('Invalid Input', `Order item ${line.orderItemId} is not on order ${order.amazonOrderId}.`);
    const left = item.quantityOrdered - item.quantityShipped;
    if (line.quantity > left)
      throw invalidInput('Invalid Input', `Order item ${line.orderItemId} has ${left} left to ship, not ${line.quantity}.`);
  }
  for (const line of pkg.orderItems) order.items.find((i) => i.orderItemId === line.orderItemId)!.quantityShipped += line.quantity;
  order.orderStatus = order.items.every((i) => i.quantityShipped >= i.quantityOrdered) ? 'Shipped' : 'PartiallyShipped';
  store.recordPackage(stored, { ...pkg, orderItems: pkg.orderItems.map(({ orderItemId, quantity }) => ({ orderItemId, quantity })) }, now);
}
