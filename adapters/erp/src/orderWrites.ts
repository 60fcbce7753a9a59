import { z } from 'zod';
import { AdapterError, parseJson, type CallContext, type OrderRecord } from '../../core/src/index.ts';
import type { ErpAdapter } from './ErpAdapter.ts';
import { PATHS } from './mapping.ts';
import { encodeQuery } from './odata.ts';
import { ServiceDocumentSchema } from './types.ts';

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
}

export interface SalesOrderCreateRequest {
  customerExternalId: string;
  /** @default "CALL_CENTRE" */
  channel?: SalesOrderChannel;
  /** The caller's reference (≤ 35 chars), unique per customer: a retried create is found by it. */
  reference: string;
  /** @default no block */
  deliveryBlock?: DeliveryBlock;
  lines: readonly SalesOrderLineRequest[];
}

export type SalesOrderCreateOutcome =
  | { kind: 'created'; order: OrderRecord; replayed: boolean }
  | { kind: 'refused'; code: 'UNKNOWN_CUSTOMER' | 'UNKNOWN_PRODUCT' | 'REJECTED'; message: string };

const CHANNEL_CODES: Readonly<Record<SalesOrderChannel, string>> = { WEB: '10', APP: '11', CALL_CENTRE: '12' };
const BLOCK_CODES: Readonly<Record<DeliveryBlock, string>> = { AUDIT: '01', FRAUD: '02' };
const SHIP = '01';
const PICKUP = '02';
const SERVICE_ROOT = PATHS.salesOrder.slice(0, PATHS.salesOrder.lastIndexOf('/'));

const CreateResponseSchema = z.union([
  z.object({ d: z.object({ SalesOrder: z.string().min(1) }) }),
  z.object({ error: z.object({ code: z.string(), message: z.object({ value: z.string() }) }) }),
  z.object({ text: z.string() }),
]);

const odataDate = (iso: string) => `/Date(${Date.parse(`${iso.slice(0, 10)}T00:00:00Z`)})/`;

function createBody(r: SalesOrderCreateRequest): Record<string, unknown> {
  const allPickup = r.lines.every((l) => l.deliveryMethod === 'PICKUP');
  return {
    SalesOrderType: 'OR',
    SalesOrganization: '1000',
    DistributionChannel: CHANNEL_CODES[r.channel ?? 'CALL_CENTRE'],
    OrganizationDivision: '00',
    SoldToParty: r.customerExternalId,
    PurchaseOrderByCustomer: r.reference,
    ShippingCondition: allPickup ? PICKUP : SHIP,
    ...(r.deliveryBlock && { DeliveryBlockReason: BLOCK_CODES[r.deliveryBlock] }),
    to_Item: {
      results: r.lines.map((l) => ({
        Material: l.sku,
        RequestedQuantity: String(l.quantity),
        RequestedQuantityUnit: 'EA',
        ShippingCondition: l.deliveryMethod === 'PICKUP' ? PICKUP : SHIP,
        ...(l.locationCode && { ProductionPlant: l.locationCode }),
        ...(l.requestedDate && { RequestedDeliveryDate: odataDate(l.requestedDate) }),
      })),
    },
  };
}

const header = (value: string | string[] | undefined): string | undefined => (Array.isArray(value) ? value[0] : value);

function parseLenient(body: string, contentType: string | undefined): unknown {
  return contentType?.includes('json') ? JSON.parse(body) : { text: body };
}

export class ErpOrderWriter {
  private csrfToken: string | undefined;

  constructor(private readonly erp: ErpAdapter) {}

  /**
   * Creates the sales order, or answers with the order already created under `reference`
   * (a retry after a lost answer, or a saga resumed after a crash). Business refusals come
   * back as `refused`; transport failures throw AdapterError.
   */
  async createSalesOrder(ctx: CallContext, request: SalesOrderCreateRequest): Promise<SalesOrderCreateOutcome> {
    if (request.reference.length < 1 || request.reference.length > 35) throw new RangeError('reference must be 1–35 characters');
    for (let round = 0; round < 2; round++) {
      this.csrfToken ??= await this.fetchCsrfToken(ctx);
      const response = await this.erp.client.request(ctx, {
        operation: 'createSalesOrder',
        method: 'POST',
        path: PATHS.salesOrder,
        headers: { 'x-csrf-token': this.csrfToken },
        json: createBody(request),
        // Safe to retry: the ERP refuses a second order with the same reference.
        idempotencyKey: request.reference,
        passStatuses: [400, 403],
        parse: parseLenient,
        schema: CreateResponseSchema,
      });
      const body = response.body;
      if ('d' in body) return { kind: 'created', order: await this.read(ctx, body.d.SalesOrder), replayed: false };
      if (response.status === 403 && header(response.headers['x-csrf-token'])?.toLowerCase() === 'required') {
        this.csrfToken = undefined;
        continue;
      }
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
    throw new AdapterError({
      system: 'ERP',
      code: 'UPSTREAM_AUTH_FAILED',
      message: 'ERP refused the sales order create (CSRF token or authorisation; check ERP_USERNAME / ERP_PASSWORD roles)',
    });
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

  private async fetchCsrfToken(ctx: CallContext): Promise<string> {
    const response = await this.erp.client.request(ctx, {
      operation: 'fetchCsrfToken',
      path: `${SERVICE_ROOT}/?${encodeQuery({ $format: 'json' })}`,
      headers: { 'x-csrf-token': 'Fetch' },
      parse: parseJson,
      schema: ServiceDocumentSchema,
    });
    const token = header(response.headers['x-csrf-token']);
    if (!token || token.toLowerCase() === 'required') {
      throw new AdapterError({ system: 'ERP', code: 'UPSTREAM_BAD_RESPONSE', message: 'ERP sent no CSRF token' });
    }
    return token;
  }
}
