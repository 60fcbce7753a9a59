import { z } from 'zod';
import { AdapterError, type CallContext, type OrderRecord } from '../../core/src/index.ts';
import type { ErpAdapter } from './ErpAdapter.ts';
import { PATHS } from './mapping.ts';
import { GIFT_CARD_TYPE, HOLD_CODES, PAY_ON_PICKUP, SERVICE_LEVEL_CODES, SHIPPING_TYPE } from './orderMapping.ts';
import type { OrderAddressRecord, OrderContactRecord, OrderHoldReason, OrderServiceLevel } from './records.ts';

/**
 * Sales order writes (API_SALES_ORDER_SRV deep insert). Kept beside ErpAdapter rather than in
 * it so the read adapter stays small; it shares the adapter's SystemClient (one breaker and
 * one concurrency cap per system). The SAP field names of the create body live here, next to
 * the only code that sends them.
 */

export type SalesOrderChannel = 'WEB' | 'APP' | 'CALL_CENTRE';
/** Why an order is created blocked for delivery (SAP DeliveryBlockReason 01 / 02). */
export type DeliveryBlock = 'AUDIT' | 'FRAUD';

export interface SalesOrderLineRequest {
  sku: string;
  quantity: number;
  deliveryMethod: 'SHIP' | 'PICKUP';
  /** Plant (WMS location code) that fulfils the line: the pickup store, or the shipping site. */
  locationCode?: string;
  /** ISO date the customer was promised. */
  requestedDate?: string;
  /** @default "STANDARD" */
  serviceLevel?: OrderServiceLevel;
}

/** A card or gift card the payment service provider has authorised (token and masked number only). */
export interface SalesOrderPaymentRequest {
  kind: 'CARD' | 'GIFT_CARD';
  /** VISA, MC, AMEX or UPAY for cards. */
  cardBrand?: string;
  /** The last four digits of the card. */
  last4: string;
  /** The PSP's token of the authorisation. */
  token: string;
  /** Decimal string in the order's currency. */
  amount: string;
  /** @default none */
  holderName?: string;
}

export interface SalesOrderCreateRequest {
  customerExternalId: string;
  /** @default "CALL_CENTRE" */
  channel?: SalesOrderChannel;
  /** The caller's reference (≤ 35 chars), unique per customer: a retried create is found by it. */
  reference: string;
  /** @default no block */
  deliveryBlock?: DeliveryBlock;
  /** Audit holds the order is created with (delivery blocks). @default none */
  holds?: readonly OrderHoldReason[];
  /** Ship-to address (SHIP lines). @default none */
  shipTo?: OrderAddressRecord;
  /** @default none */
  contact?: OrderContactRecord;
  /** The balance is paid at the pickup till. @default false */
  payOnPickup?: boolean;
  /** Deliver all SHIP lines together. @default false */
  completeDelivery?: boolean;
  /** @default none */
  payments?: readonly SalesOrderPaymentRequest[];
  lines: readonly SalesOrderLineRequest[];
}

export type SalesOrderCreateOutcome =
  | { kind: 'created'; order: OrderRecord; replayed: boolean }
  | { kind: 'refused'; code: 'UNKNOWN_CUSTOMER' | 'UNKNOWN_PRODUCT' | 'REJECTED'; message: string };

const CHANNEL_CODES: Readonly<Record<SalesOrderChannel, string>> = { WEB: '10', APP: '11', CALL_CENTRE: '12' };
const BLOCK_CODES: Readonly<Record<DeliveryBlock, string>> = { AUDIT: '01', FRAUD: '02' };

const CreateResponseSchema = z.union([
  z.object({ d: z.object({ SalesOrder: z.string().min(1) }) }),
  z.object({ error: z.object({ code: z.string(), message: z.object({ value: z.string() }) }) }),
  z.object({ text: z.string() }),
]);

export const odataDate = (iso: string) => `/Date(${Date.parse(`${iso.slice(0, 10)}T00:00:00Z`)})/`;

/** A_SalesOrderPartnerAddress fields of the ship-to partner (address and contact). */
export function addressBody(shipTo: OrderAddressRecord | undefined, contact: OrderContactRecord | undefined): Record<string, string> {
  return {
    ...(contact?.name !== undefined && { AddresseeFullName: contact.name }),
    ...(contact?.email !== undefined && { EmailAddress: contact.email }),
    ...(contact?.phone !== undefined && { PhoneNumber: contact.phone }),
    ...(shipTo && {
      AddresseeFullName: shipTo.name || contact?.name || '',
      StreetName: shipTo.line1,
      PostalCode: shipTo.postcode,
      CityName: shipTo.city,
      DistrictName: shipTo.district ?? '',
      Country: shipTo.country,
    }),
  };
}

export function paymentBody(p: SalesOrderPaymentRequest): Record<string, string> {
  return {
    ElectronicPaymentType: p.kind === 'GIFT_CARD' ? GIFT_CARD_TYPE : (p.cardBrand ?? 'VISA'),
    ElectronicPayment: `************${p.last4}`,
    PaymentByPaymentServicePrvdr: p.token,
    AuthorizedAmountInAuthznCrcy: p.amount,
    ...(p.holderName && { ElectronicPaymentHolderName: p.holderName }),
  };
}

export function itemBody(l: SalesOrderLineRequest): Record<string, unknown> {
  return {
    Material: l.sku,
    RequestedQuantity: String(l.quantity),
    RequestedQuantityUnit: 'EA',
    ShippingType: l.deliveryMethod === 'PICKUP' ? SHIPPING_TYPE.PICKUP : SHIPPING_TYPE.SHIP,
    DeliveryPriority: SERVICE_LEVEL_CODES[l.serviceLevel ?? 'STANDARD'],
    ...(l.locationCode && { ProductionPlant: l.locationCode }),
    ...(l.requestedDate && { RequestedDeliveryDate: odataDate(l.requestedDate) }),
  };
}

function createBody(r: SalesOrderCreateRequest): Record<string, unknown> {
  const allPickup = r.lines.every((l) => l.deliveryMethod === 'PICKUP');
  const blocks = [...(r.deliveryBlock ? [BLOCK_CODES[r.deliveryBlock]] : []), ...(r.holds ?? []).map((h) => HOLD_CODES[h].code)];
  const unique = [...new Set(blocks)];
  const address = addressBody(r.shipTo, r.contact);
  return {
    SalesOrderType: 'OR',
    SalesOrganization: '1000',
    DistributionChannel: CHANNEL_CODES[r.channel ?? 'CALL_CENTRE'],
    OrganizationDivision: '00',
    SoldToParty: r.customerExternalId,
    PurchaseOrderByCustomer: r.reference,
    // The header's condition is the order's default; each item says its own (ShippingType).
    ShippingCondition: allPickup ? SHIPPING_TYPE.PICKUP : SHIPPING_TYPE.SHIP,
    ...(unique.length > 0 && { DeliveryBlockReason: unique[0], YY1_DeliveryBlocks_SDH: unique.join(',') }),
    ...(r.payOnPickup && { PaymentMethod: PAY_ON_PICKUP }),
    ...(r.completeDelivery && { CompleteDeliveryIsDefined: true }),
    to_Item: { results: r.lines.map(itemBody) },
    ...(Object.keys(address).length > 0 && {
      to_Partner: { results: [{ PartnerFunction: 'WE', Customer: r.customerExternalId, to_Address: { results: [address] } }] },
    }),
    ...(r.payments?.length && { to_PaymentPlanItemDetails: { results: r.payments.map(paymentBody) } }),
  };
}

export class ErpOrderWriter {
  constructor(private readonly erp: ErpAdapter) {}

  /**
   * Creates the sales order, or answers with the order already created under `reference`
   * (a retry after a lost answer, or a saga resumed after a crash). Business refusals come
   * back as `refused`; transport failures throw AdapterError.
   */
  async createSalesOrder(ctx: CallContext, request: SalesOrderCreateRequest): Promise<SalesOrderCreateOutcome> {
    if (request.reference.length < 1 || request.reference.length > 35) throw new RangeError('reference must be 1–35 characters');
    const response = await this.erp.writes.send(ctx, {
      operation: 'createSalesOrder',
      method: 'POST',
      path: PATHS.salesOrder,
      json: createBody(request),
      // Safe to retry: the ERP refuses a second order with the same reference.
      idempotencyKey: request.reference,
      schema: CreateResponseSchema,
    });
    const body = response.body;
    if ('d' in body) return { kind: 'created', order: await this.read(ctx, body.d.SalesOrder), replayed: false };
    const message = 'error' in body ? body.error.message.value : body.text;
    // SAP's business exceptions say why only in their text; these are its messages.
    if (/already exists/i.test(message)) {
      const existing = await this.findByReference(ctx, request.customerExternalId, request.reference);
      if (existing) return { kind: 'created', order: existing, replayed: true };
    }
    if (/sold-to party .* does not exist/i.test(message)) return { kind: 'refused', code: 'UNKNOWN_CUSTOMER', message };
    if (/material .* does not exist/i.test(message)) return { kind: 'refused', code: 'UNKNOWN_PRODUCT', message };
    return { kind: 'refused', code: 'REJECTED', message };
  }

  /** The customer's order created under `reference`, if any. */
  async findByReference(ctx: CallContext, customerExternalId: string, reference: string): Promise<OrderRecord | null> {
    const found = await this.erp.findOrdersByNumber(ctx, reference);
    return found.find((o) => o.customerExternalId === customerExternalId && o.number === reference) ?? null;
  }

  private async read(ctx: CallContext, salesOrder: string): Promise<OrderRecord> {
    const [order] = await this.erp.getOrders(ctx, [salesOrder]);
    if (!order) {
      throw new AdapterError({
        system: 'ERP',
        code: 'UPSTREAM_BAD_RESPONSE',
        message: `ERP created sales order ${salesOrder} but cannot read it`,
      });
    }
    return order;
  }
}
