import { z } from 'zod';
import type { CallContext } from '../../core/src/index.ts';
import type { ErpAdapter } from './ErpAdapter.ts';
import { PATHS } from './mapping.ts';
import { odataString } from './odata.ts';
import { PAY_ON_PICKUP, REJECTION_CODES, SERVICE_LEVEL_CODES, SHIPPING_TYPE, holdCodes, toOrderPayment } from './orderMapping.ts';
import { addressBody, itemBody, odataDate, paymentBody, type SalesOrderLineRequest, type SalesOrderPaymentRequest } from './orderWrites.ts';
import type {
  OrderAddressRecord,
  OrderCancelReason,
  OrderContactRecord,
  OrderHoldReason,
  OrderPaymentRecord,
  OrderServiceLevel,
} from './records.ts';
import { PaymentPlanItemSchema } from './types.ts';

/**
 * Changes to ERP sales orders through API_SALES_ORDER_SRV itself, as SAP clients make them:
 * `PATCH` of the header (delivery blocks, payment method), of an item (quantity, plant,
 * shipping type, priority, rejection reason: SAP cancels by rejecting items) and of its
 * schedule line (date); `POST` through `to_Item`, `to_Partner` and `to_PaymentPlanItemDetails`
 * to add a line, a ship-to partner or a card authorisation. Every write carries the CSRF token
 * (`erp.writes`). PATCHes set values, so repeating one is harmless; the POSTs are not retried
 * here (the caller's idempotency key guards them).
 */

export type ErpChangeRefusal = { kind: 'refused'; code: 'SHIPPED' | 'CANCELLED' | 'REJECTED'; message: string };
export type ErpChangeOutcome<T = null> = { kind: 'done'; value: T } | ErpChangeRefusal;

export interface LineChange {
  quantity?: number;
  deliveryMethod?: 'SHIP' | 'PICKUP';
  locationCode?: string;
  serviceLevel?: OrderServiceLevel;
  /** ISO date. */
  requestedDate?: string;
}

const ErrorSchema = z.object({ error: z.object({ code: z.string(), message: z.object({ value: z.string() }) }) });
const WriteResponseSchema = z.union([z.object({ d: z.record(z.string(), z.unknown()) }), ErrorSchema, z.object({ text: z.string() })]);
const ItemCreatedSchema = z.object({ d: z.object({ SalesOrderItem: z.string().min(1) }) });
const PaymentCreatedSchema = z.object({ d: PaymentPlanItemSchema });

const header = (so: string) => `${PATHS.salesOrder}(${odataString(so)})`;
const itemPath = (so: string, item: string) => `${PATHS.salesOrder}Item(SalesOrder=${odataString(so)},SalesOrderItem=${odataString(item)})`;
const schedulePath = (so: string, item: string) =>
  `${PATHS.salesOrder}ScheduleLine(SalesOrder=${odataString(so)},SalesOrderItem=${odataString(item)},ScheduleLine='1')`;
const shipToPath = (so: string) =>
  `${PATHS.salesOrder}PartnerAddress(SalesOrder=${odataString(so)},PartnerFunction='WE',AddressRepresentationCode='')`;

/** SAP's business exceptions say why only in their text; these are its messages. */
function refusal(body: z.infer<typeof WriteResponseSchema>): ErpChangeRefusal {
  const message = 'error' in body ? body.error.message.value : 'text' in body ? body.text : 'ERP refused the change';
  if (/already been delivered/i.test(message)) return { kind: 'refused', code: 'SHIPPED', message };
  if (/is rejected/i.test(message)) return { kind: 'refused', code: 'CANCELLED', message };
  return { kind: 'refused', code: 'REJECTED', message };
}

export class ErpOrderChanges {
  constructor(private readonly erp: ErpAdapter) {}

  /** Fresh details of sales orders (never cached: a change must read what it changes). */
  getDetails(ctx: CallContext, ids: readonly string[]) {
    return this.erp.getOrderDetails(ctx, ids);
  }

  /** Sets the order's open audit holds (all of them: an empty list releases the order). */
  setHolds(ctx: CallContext, salesOrder: string, holds: readonly OrderHoldReason[]): Promise<ErpChangeOutcome> {
    const codes = holdCodes(holds);
    return this.patch(ctx, 'setOrderHolds', header(salesOrder), {
      DeliveryBlockReason: codes.split(',')[0] ?? '',
      YY1_DeliveryBlocks_SDH: codes,
    });
  }

  /** Whether the balance is paid at the pickup till (else before delivery, by card). */
  setPayOnPickup(ctx: CallContext, salesOrder: string, payOnPickup: boolean): Promise<ErpChangeOutcome> {
    return this.patch(ctx, 'setPaymentMethod', header(salesOrder), { PaymentMethod: payOnPickup ? PAY_ON_PICKUP : '' });
  }

  async changeLine(ctx: CallContext, salesOrder: string, item: string, change: LineChange): Promise<ErpChangeOutcome> {
    const fields: Record<string, unknown> = {
      ...(change.quantity !== undefined && { RequestedQuantity: String(change.quantity) }),
      ...(change.deliveryMethod && { ShippingType: SHIPPING_TYPE[change.deliveryMethod] }),
      ...(change.locationCode !== undefined && { ProductionPlant: change.locationCode }),
      ...(change.serviceLevel && { DeliveryPriority: SERVICE_LEVEL_CODES[change.serviceLevel] }),
    };
    if (Object.keys(fields).length > 0) {
      const done = await this.patch(ctx, 'changeOrderItem', itemPath(salesOrder, item), fields);
      if (done.kind !== 'done') return done;
    }
    if (!change.requestedDate) return { kind: 'done', value: null };
    return this.patch(ctx, 'changeScheduleLine', schedulePath(salesOrder, item), {
      RequestedDeliveryDate: odataDate(change.requestedDate),
    });
  }

  /** Cancels one line (SAP: a reason for rejection on the item). */
  rejectLine(ctx: CallContext, salesOrder: string, item: string, reason: OrderCancelReason): Promise<ErpChangeOutcome> {
    return this.patch(ctx, 'rejectOrderItem', itemPath(salesOrder, item), { SalesDocumentRjcnReason: REJECTION_CODES[reason] });
  }

  /** Adds a line; answers its item number. */
  async addLine(ctx: CallContext, salesOrder: string, line: SalesOrderLineRequest): Promise<ErpChangeOutcome<string>> {
    const response = await this.erp.writes.send(ctx, {
      operation: 'addOrderItem',
      method: 'POST',
      path: `${header(salesOrder)}/to_Item`,
      json: itemBody(line),
      schema: z.union([ItemCreatedSchema, ErrorSchema, z.object({ text: z.string() })]),
    });
    const body = response.body;
    if ('d' in body) return { kind: 'done', value: body.d.SalesOrderItem };
    return refusal(body);
  }

  /** Changes the ship-to address and contact, adding the ship-to partner when the order has none. */
  async changeShipTo(
    ctx: CallContext,
    salesOrder: string,
    shipTo: OrderAddressRecord | undefined,
    contact: OrderContactRecord | undefined,
  ): Promise<ErpChangeOutcome> {
    const fields = addressBody(shipTo, contact);
    const response = await this.erp.writes.send(ctx, {
      operation: 'changeShipTo',
      method: 'PATCH',
      path: shipToPath(salesOrder),
      json: fields,
      passStatuses: [400, 404],
      schema: WriteResponseSchema,
    });
    if (response.status === 204) return { kind: 'done', value: null };
    if (response.status !== 404) return refusal(response.body);
    const added = await this.erp.writes.send(ctx, {
      operation: 'addShipTo',
      method: 'POST',
      path: `${header(salesOrder)}/to_Partner`,
      json: { PartnerFunction: 'WE', to_Address: { results: [fields] } },
      schema: WriteResponseSchema,
    });
    return added.status === 201 ? { kind: 'done', value: null } : refusal(added.body);
  }

  /** Records a card or gift card authorisation against the order. */
  async addPayment(ctx: CallContext, salesOrder: string, payment: SalesOrderPaymentRequest): Promise<ErpChangeOutcome<OrderPaymentRecord>> {
    const response = await this.erp.writes.send(ctx, {
      operation: 'addOrderPayment',
      method: 'POST',
      path: `${header(salesOrder)}/to_PaymentPlanItemDetails`,
      json: paymentBody(payment),
      schema: z.union([PaymentCreatedSchema, ErrorSchema, z.object({ text: z.string() })]),
    });
    const body = response.body;
    if ('d' in body) return { kind: 'done', value: toOrderPayment(body.d) };
    return refusal(body);
  }

  private async patch(ctx: CallContext, operation: string, path: string, json: Record<string, unknown>): Promise<ErpChangeOutcome> {
    const response = await this.erp.writes.send(ctx, { operation, method: 'PATCH', path, json, schema: WriteResponseSchema });
    return response.status === 204 ? { kind: 'done', value: null } : refusal(response.body);
  }
}
