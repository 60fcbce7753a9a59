import { z } from 'zod';
import { AdapterError, parseJson, type CallContext, type Money } from '../../core/src/index.ts';
import type { ErpAdapter } from './ErpAdapter.ts';
import { anyOf, encodeQuery } from './odata.ts';

/**
 * The ERP documents fulfilment writes, through the adapter's client and its shared CSRF writer:
 * the sale's billing document (the financial posting, once per reference) and drop-ship
 * purchase orders to a supplier. Both are idempotent by a caller reference the ERP keeps unique.
 */

const BILLING_PATH = '/sap/opu/odata/sap/API_BILLING_DOCUMENT_SRV/A_BillingDocument';
const PO_PATH = '/sap/opu/odata/sap/API_PURCHASEORDER_PROCESS_SRV/A_PurchaseOrder';

/** `/Date(ms)/` or `/Date(ms+0000)/` → ISO instant. */
const odataInstant = z
  .string()
  .regex(/^\/Date\(-?\d+([+-]\d{4})?\)\/$/)
  .transform((v) => new Date(Number(/-?\d+/.exec(v)![0])).toISOString());

const BillingDocument = z.object({
  BillingDocument: z.string().min(1),
  SalesOrder: z.string(),
  PurchaseOrderByCustomer: z.string(),
  TotalNetAmount: z.string(),
  TransactionCurrency: z.string(),
  CreationDateTime: odataInstant,
});
const PurchaseOrder = z.object({
  PurchaseOrder: z.string().min(1),
  Supplier: z.string(),
  PurchasingProcessingStatus: z.string(),
  CorrespondenceExternalReference: z.string(),
  YY1_CustomerOrderRef: z.string(),
  CreationDateTime: odataInstant,
  IsCompletelyDelivered: z.boolean(),
  to_PurchaseOrderItem: z.object({ results: z.array(z.object({ Material: z.string(), OrderQuantity: z.string() })) }).optional(),
});
const collection = <T extends z.ZodType>(item: T) => z.object({ d: z.object({ results: z.array(item) }) });
const CreateAnswer = z.union([
  z.object({ d: z.object({}).passthrough() }),
  z.object({ error: z.object({ code: z.string(), message: z.object({ value: z.string() }) }) }),
  z.object({ text: z.string() }),
]);

export interface SalePostingRecord {
  /** The billing document number. */
  document: string;
  /** The caller's reference (unique: one posting per reference). */
  reference: string;
  salesOrder?: string;
  amount: Money;
  postedAt: string;
}

export interface SalePostingRequest {
  /** ≤ 35 characters; a second posting with it answers with the first. */
  reference: string;
  /** The ERP sales order being invoiced (completes it); absent for marketplace sales. */
  salesOrder?: string;
  amount: Money;
}

export type PurchaseOrderStatus = 'RELEASED' | 'DELIVERED' | 'CANCELLED';

export interface PurchaseOrderRecord {
  purchaseOrder: string;
  supplier: string;
  status: PurchaseOrderStatus;
  reference: string;
  customerOrderRef: string;
  createdAt: string;
  lines: { sku: string; quantity: number }[];
}

export interface DropShipRequest {
  /** ≤ 40 characters, unique: a repeat answers with the first purchase order. */
  reference: string;
  /** The supplier's location code (its vendor number in the ERP). */
  supplier: string;
  /** Which customer order the supplier ships to (its reference). */
  customerOrderRef: string;
  lines: readonly { sku: string; quantity: number }[];
}

export type ErpDocumentOutcome<T> = { kind: 'done'; record: T; replayed: boolean } | { kind: 'refused'; message: string };

function toPosting(b: z.infer<typeof BillingDocument>): SalePostingRecord {
  return {
    document: b.BillingDocument,
    reference: b.PurchaseOrderByCustomer,
    ...(b.SalesOrder && { salesOrder: b.SalesOrder }),
    amount: { amount: b.TotalNetAmount, currency: b.TransactionCurrency },
    postedAt: b.CreationDateTime,
  };
}

function toPurchaseOrder(p: z.infer<typeof PurchaseOrder>): PurchaseOrderRecord {
  return {
    purchaseOrder: p.PurchaseOrder,
    supplier: p.Supplier,
    status: p.IsCompletelyDelivered ? 'DELIVERED' : p.PurchasingProcessingStatus === '08' ? 'CANCELLED' : 'RELEASED',
    reference: p.CorrespondenceExternalReference,
    customerOrderRef: p.YY1_CustomerOrderRef,
    createdAt: p.CreationDateTime,
    lines: (p.to_PurchaseOrderItem?.results ?? []).map((i) => ({ sku: i.Material, quantity: Number(i.OrderQuantity) })),
  };
}

export class ErpFulfilmentWriter {
  constructor(private readonly erp: ErpAdapter) {}

  /** Billing documents posted under any of `references` (≤ 40 per call). */
  async salePostings(ctx: CallContext, references: readonly string[]): Promise<SalePostingRecord[]> {
    if (references.length === 0) return [];
    const query = encodeQuery({ $filter: anyOf('PurchaseOrderByCustomer', references.slice(0, 40)), $format: 'json' });
    const response = await this.erp.client.request(ctx, {
      operation: 'getBillingDocuments',
      path: `${BILLING_PATH}?${query}`,
      parse: parseJson,
      schema: collection(BillingDocument),
    });
    return response.body.d.results.map(toPosting);
  }

  /** Posts the sale once: a repeat (or a retry after a lost answer) answers with the first document. */
  async postSale(ctx: CallContext, request: SalePostingRequest): Promise<ErpDocumentOutcome<SalePostingRecord>> {
    const [existing] = await this.salePostings(ctx, [request.reference]);
    if (existing) return { kind: 'done', record: existing, replayed: true };
    const body = await this.create(ctx, 'createBillingDocument', BILLING_PATH, request.reference, {
      PurchaseOrderByCustomer: request.reference,
      ...(request.salesOrder && { SalesOrder: request.salesOrder }),
      TotalNetAmount: request.amount.amount,
      TransactionCurrency: request.amount.currency,
    });
    const [posted] = await this.salePostings(ctx, [request.reference]);
    if (posted) return { kind: 'done', record: posted, replayed: body !== null && /already exists/i.test(body) };
    return { kind: 'refused', message: body ?? 'ERP did not post the sale' };
  }

  /** Drop-ship purchase orders raised for a customer order reference. */
  async purchaseOrdersFor(ctx: CallContext, customerOrderRef: string): Promise<PurchaseOrderRecord[]> {
    return (await this.purchaseOrdersForMany(ctx, [customerOrderRef]))[0] ?? [];
  }

  /** Drop-ship purchase orders per customer order reference, aligned to `refs` (one request per 40). */
  async purchaseOrdersForMany(ctx: CallContext, refs: readonly string[]): Promise<PurchaseOrderRecord[][]> {
    const chunks: string[][] = [];
    for (let i = 0; i < refs.length; i += 40) chunks.push(refs.slice(i, i + 40));
    const found = (await Promise.all(chunks.map((chunk) => this.readPurchaseOrders(ctx, chunk)))).flat();
    return refs.map((r) => found.filter((p) => p.customerOrderRef === r));
  }

  private async readPurchaseOrders(ctx: CallContext, refs: readonly string[]): Promise<PurchaseOrderRecord[]> {
    const query = encodeQuery({
      $filter: anyOf('YY1_CustomerOrderRef', refs),
      $expand: 'to_PurchaseOrderItem',
      $format: 'json',
    });
    const response = await this.erp.client.request(ctx, {
      operation: 'getPurchaseOrders',
      path: `${PO_PATH}?${query}`,
      parse: parseJson,
      schema: collection(PurchaseOrder),
    });
    return response.body.d.results.map(toPurchaseOrder);
  }

  /** Raises the drop-ship purchase order once per reference. */
  async createDropShipOrder(ctx: CallContext, request: DropShipRequest): Promise<ErpDocumentOutcome<PurchaseOrderRecord>> {
    const find = async () => (await this.purchaseOrdersFor(ctx, request.customerOrderRef)).find((p) => p.reference === request.reference);
    const existing = await find();
    if (existing) return { kind: 'done', record: existing, replayed: true };
    const refusal = await this.create(ctx, 'createPurchaseOrder', PO_PATH, request.reference, {
      PurchaseOrderType: 'NB',
      Supplier: request.supplier,
      CorrespondenceExternalReference: request.reference,
      YY1_CustomerOrderRef: request.customerOrderRef,
      to_PurchaseOrderItem: { results: request.lines.map((l) => ({ Material: l.sku, OrderQuantity: String(l.quantity) })) },
    });
    const created = await find();
    if (created) return { kind: 'done', record: created, replayed: refusal !== null };
    return { kind: 'refused', message: refusal ?? 'ERP did not create the purchase order' };
  }

  /** POSTs a document; null when created, else the ERP's refusal text. */
  private async create(ctx: CallContext, operation: string, path: string, key: string, json: unknown): Promise<string | null> {
    const response = await this.erp.writes.send(ctx, { operation, method: 'POST', path, json, idempotencyKey: key, schema: CreateAnswer });
    const body = response.body;
    if ('d' in body) return null;
    if ('error' in body) return body.error.message.value;
    if (response.status >= 400) return body.text;
    throw new AdapterError({ system: 'ERP', code: 'UPSTREAM_BAD_RESPONSE', message: `ERP answered ${operation} without a document` });
  }
}
