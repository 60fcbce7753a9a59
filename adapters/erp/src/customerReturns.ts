import { z } from 'zod';
import { AdapterError, parseJson, type CallContext, type Money } from '../../core/src/index.ts';
import type { ErpAdapter } from './ErpAdapter.ts';
import { anyOf, chunk, encodeQuery, nextLinkQuery, odataString, parseODataDate, unique } from './odata.ts';
import { collectionOf, odataDecimal } from './types.ts';

/**
 * Customer returns and their credit memos (API_CUSTOMER_RETURN_SRV): reads, the create, the
 * status and disposition updates and the credit memo that posts a return's money. Like
 * orderWrites.ts, the SAP field names and codes of this service live here, next to the only
 * code that sends and reads them. Writes go through the adapter's CSRF client (`erp.writes`).
 */

export type ReturnStatus = 'REQUESTED' | 'APPROVED' | 'REJECTED' | 'RECEIVED' | 'REFUNDED';
export type ReturnDisposition = 'RESTOCK' | 'TRANSFER' | 'RETURN_TO_VENDOR' | 'LIQUIDATE' | 'DESTROY';
export type RefundTender = 'ORIGINAL' | 'STORE_CREDIT' | 'GIFT_CARD';
export type ReturnOrigin = 'ERP' | 'POS' | 'MARKETPLACE';
export type ReturnChannel = 'STORE' | 'POST' | 'WEB' | 'CALL_CENTRE';

export interface CustomerReturnLineRecord {
  /** The ERP item number ("10", "20", …). */
  item: string;
  sku: string;
  quantity: number;
  /** What this line refunds (quantity × the price paid). */
  amount: Money;
  reason: string;
  disposition?: ReturnDisposition;
  /** Where the item went (the receiving store, or a TRANSFER's destination). */
  locationCode?: string;
}

export interface CreditMemoRecord {
  id: string;
  amount: Money;
  tender: RefundTender;
  /** The money side's own id: POS refund, gift card activity, or empty when the ERP pays out. */
  refundReference?: string;
}

export interface CustomerReturnRecord {
  /** SAP customer return number. */
  id: string;
  /** The caller's reference (unique): a retried create is found by it. */
  reference: string;
  status: ReturnStatus;
  originSystem: ReturnOrigin;
  /** The original order's id in its own system. */
  originalOrderId: string;
  channel?: ReturnChannel;
  /** WMS code of the store that took the return. */
  storeCode?: string;
  /** ERP customer (sold-to party); absent for a till customer without an ERP record. */
  customerExternalId?: string;
  posCustomerId?: string;
  exchangeOrderId?: string;
  refundTender?: RefundTender;
  createdAt: string;
  total: Money;
  lines: CustomerReturnLineRecord[];
  creditMemo?: CreditMemoRecord;
}

export interface CustomerReturnCreateRequest {
  reference: string;
  status: 'REQUESTED' | 'APPROVED';
  originSystem: ReturnOrigin;
  originalOrderId: string;
  channel: ReturnChannel;
  storeCode?: string;
  customerExternalId?: string;
  posCustomerId?: string;
  lines: readonly { sku: string; quantity: number; amount: Money; reason: string }[];
}

export type ErpWriteOutcome<T> = { kind: 'done'; value: T; replayed: boolean } | { kind: 'refused'; message: string };

export const SERVICE = '/sap/opu/odata/sap/API_CUSTOMER_RETURN_SRV';
export const EXPAND = 'to_Item,to_CreditMemoRequest';
const STATUS: Readonly<Record<ReturnStatus, string>> = { REQUESTED: 'A', APPROVED: 'B', REJECTED: 'C', RECEIVED: 'D', REFUNDED: 'E' };
const FOLLOW_UP: Readonly<Record<ReturnDisposition, string>> = {
  RESTOCK: '0001',
  TRANSFER: '0002',
  RETURN_TO_VENDOR: '0003',
  LIQUIDATE: '0004',
  DESTROY: '0005',
};
const ORIGIN: Readonly<Record<ReturnOrigin, string>> = { ERP: 'SD', POS: 'POS', MARKETPLACE: 'MKT' };
const TENDER: Readonly<Record<RefundTender, string>> = { ORIGINAL: '01', STORE_CREDIT: '02', GIFT_CARD: '03' };
const CHANNELS: readonly ReturnChannel[] = ['STORE', 'POST', 'WEB', 'CALL_CENTRE'];
const FILTER_CHUNK = 20;

const invert = <K extends string>(m: Readonly<Record<K, string>>) => new Map(Object.entries(m).map(([k, v]) => [v as string, k as K]));
const STATUS_OF = invert(STATUS);
const FOLLOW_UP_OF = invert(FOLLOW_UP);
const ORIGIN_OF = invert(ORIGIN);
const TENDER_OF = invert(TENDER);

const ItemSchema = z.object({
  CustomerReturnItem: z.string(),
  Material: z.string(),
  RequestedQuantity: odataDecimal,
  NetAmount: odataDecimal,
  TransactionCurrency: z.string(),
  ReturnReason: z.string().nullish(),
  CustRetItmFollowUpActivity: z.string().nullish(),
  ReceivingPlant: z.string().nullish(),
});
const MemoSchema = z.object({
  CreditMemoRequest: z.string(),
  TotalNetAmount: odataDecimal,
  TransactionCurrency: z.string(),
  YY1_RefundTender_SDH: z.string(),
  YY1_RefundReference_SDH: z.string().nullish(),
});
const ReturnSchema = z.object({
  CustomerReturn: z.string().min(1),
  PurchaseOrderByCustomer: z.string(),
  SoldToParty: z.string().nullish(),
  ReferenceSDDocument: z.string(),
  TotalNetAmount: odataDecimal,
  TransactionCurrency: z.string(),
  YY1_CreationDateTime_SDH: z.string(),
  YY1_ReturnStatus_SDH: z.string(),
  YY1_OriginSystem_SDH: z.string(),
  YY1_ReturnChannel_SDH: z.string().nullish(),
  YY1_ReceivingPlant_SDH: z.string().nullish(),
  YY1_PosCustomer_SDH: z.string().nullish(),
  YY1_ExchangeOrder_SDH: z.string().nullish(),
  YY1_RefundTender_SDH: z.string().nullish(),
  to_Item: z.object({ results: z.array(ItemSchema) }),
  to_CreditMemoRequest: z.object({ results: z.array(MemoSchema) }),
});
type SapReturn = z.infer<typeof ReturnSchema>;
export const ReturnsSchema = collectionOf(ReturnSchema);
const CreatedSchema = z.union([
  z.object({ d: z.object({ CustomerReturn: z.string().min(1) }) }),
  z.object({ d: z.object({ CreditMemoRequest: z.string().min(1) }) }),
  z.object({ error: z.object({ message: z.object({ value: z.string() }) }) }),
  z.object({ text: z.string() }),
]);

const money = (amount: string, currency: string): Money => ({ amount: Number(amount).toFixed(2), currency });
const some = (v: string | null | undefined) => (v ? v : undefined);

export function toRecord(r: SapReturn): CustomerReturnRecord {
  const status = STATUS_OF.get(r.YY1_ReturnStatus_SDH);
  const origin = ORIGIN_OF.get(r.YY1_OriginSystem_SDH);
  if (!status || !origin) {
    throw new AdapterError({
      system: 'ERP',
      code: 'UPSTREAM_BAD_RESPONSE',
      message: `ERP customer return ${r.CustomerReturn} has unknown codes`,
    });
  }
  const memo = r.to_CreditMemoRequest.results[0];
  const channel = CHANNELS.find((c) => c === r.YY1_ReturnChannel_SDH);
  const tender = r.YY1_RefundTender_SDH ? TENDER_OF.get(r.YY1_RefundTender_SDH) : undefined;
  const memoTender = memo ? TENDER_OF.get(memo.YY1_RefundTender_SDH) : undefined;
  return {
    id: r.CustomerReturn,
    reference: r.PurchaseOrderByCustomer,
    status,
    originSystem: origin,
    originalOrderId: r.ReferenceSDDocument,
    ...(channel && { channel }),
    ...(some(r.YY1_ReceivingPlant_SDH) && { storeCode: r.YY1_ReceivingPlant_SDH as string }),
    ...(some(r.SoldToParty) && { customerExternalId: r.SoldToParty as string }),
    ...(some(r.YY1_PosCustomer_SDH) && { posCustomerId: r.YY1_PosCustomer_SDH as string }),
    ...(some(r.YY1_ExchangeOrder_SDH) && { exchangeOrderId: r.YY1_ExchangeOrder_SDH as string }),
    ...(tender && { refundTender: tender }),
    createdAt: new Date(parseODataDate(r.YY1_CreationDateTime_SDH)).toISOString(),
    total: money(r.TotalNetAmount, r.TransactionCurrency),
    lines: r.to_Item.results.map((i) => {
      const disposition = i.CustRetItmFollowUpActivity ? FOLLOW_UP_OF.get(i.CustRetItmFollowUpActivity) : undefined;
      return {
        item: i.CustomerReturnItem,
        sku: i.Material,
        quantity: Number(i.RequestedQuantity),
        amount: money(i.NetAmount, i.TransactionCurrency),
        reason: i.ReturnReason ?? '',
        ...(disposition && { disposition }),
        ...(some(i.ReceivingPlant) && { locationCode: i.ReceivingPlant as string }),
      };
    }),
    ...(memo &&
      memoTender && {
        creditMemo: {
          id: memo.CreditMemoRequest,
          amount: money(memo.TotalNetAmount, memo.TransactionCurrency),
          tender: memoTender,
          ...(some(memo.YY1_RefundReference_SDH) && { refundReference: memo.YY1_RefundReference_SDH as string }),
        },
      }),
  };
}

function refusalText(body: z.infer<typeof CreatedSchema>): string {
  return 'error' in body ? body.error.message.value : 'text' in body ? body.text : 'ERP refused the write';
}

/** The ERP's customer returns; one instance per ERP adapter (it holds no state of its own). */
export class ErpCustomerReturns {
  constructor(private readonly erp: ErpAdapter) {}

  /** Returns of these ERP customers (sold-to parties), newest first, aligned to `ids`. */
  async forCustomers(ctx: CallContext, ids: readonly string[]): Promise<CustomerReturnRecord[][]> {
    return this.grouped(ctx, 'SoldToParty', ids, (r) => r.customerExternalId);
  }

  /** Returns of these till customers (POS customer ids) without an ERP record, aligned to `ids`. */
  async forPosCustomers(ctx: CallContext, ids: readonly string[]): Promise<CustomerReturnRecord[][]> {
    return this.grouped(ctx, 'YY1_PosCustomer_SDH', ids, (r) => r.posCustomerId);
  }

  /** Returns taken against these original orders (their own systems' ids), aligned to `ids`. */
  async forOriginalOrders(ctx: CallContext, ids: readonly string[]): Promise<CustomerReturnRecord[][]> {
    return this.grouped(ctx, 'ReferenceSDDocument', ids, (r) => r.originalOrderId);
  }

  /** The return whose exchange placed each of these ERP sales orders, aligned to `ids`. */
  async forExchangeOrders(ctx: CallContext, ids: readonly string[]): Promise<(CustomerReturnRecord | null)[]> {
    const found = await this.grouped(ctx, 'YY1_ExchangeOrder_SDH', ids, (r) => r.exchangeOrderId);
    return found.map((list) => list[0] ?? null);
  }

  async get(ctx: CallContext, ids: readonly string[]): Promise<(CustomerReturnRecord | null)[]> {
    const found = await this.grouped(ctx, 'CustomerReturn', ids, (r) => r.id);
    return found.map((list) => list[0] ?? null);
  }

  async findByReference(ctx: CallContext, reference: string): Promise<CustomerReturnRecord | null> {
    return (await this.grouped(ctx, 'PurchaseOrderByCustomer', [reference], (r) => r.reference))[0]?.[0] ?? null;
  }

  /** Creates the return, or answers with the one already created under `reference`. */
  async create(ctx: CallContext, request: CustomerReturnCreateRequest): Promise<ErpWriteOutcome<CustomerReturnRecord>> {
    const response = await this.erp.writes.send(ctx, {
      operation: 'createCustomerReturn',
      method: 'POST',
      path: `${SERVICE}/A_CustomerReturn`,
      json: {
        CustomerReturnType: 'CBAR',
        SalesOrganization: '1000',
        SoldToParty: request.customerExternalId ?? '',
        PurchaseOrderByCustomer: request.reference,
        ReferenceSDDocument: request.originalOrderId,
        YY1_ReturnStatus_SDH: STATUS[request.status],
        YY1_OriginSystem_SDH: ORIGIN[request.originSystem],
        YY1_ReturnChannel_SDH: request.channel,
        YY1_ReceivingPlant_SDH: request.storeCode ?? '',
        YY1_PosCustomer_SDH: request.posCustomerId ?? '',
        to_Item: {
          results: request.lines.map((l) => ({
            Material: l.sku,
            RequestedQuantity: String(l.quantity),
            NetAmount: l.amount.amount,
            ReturnReason: l.reason.slice(0, 40),
          })),
        },
      },
      idempotencyKey: request.reference,
      schema: CreatedSchema,
    });
    const body = response.body;
    if ('d' in body && 'CustomerReturn' in body.d)
      return { kind: 'done', value: await this.read(ctx, body.d.CustomerReturn), replayed: false };
    const message = refusalText(body);
    if (/already exists/i.test(message)) {
      const existing = await this.findByReference(ctx, request.reference);
      if (existing) return { kind: 'done', value: existing, replayed: true };
    }
    return { kind: 'refused', message };
  }

  /** Moves the status (the ERP refuses a transition its workflow does not allow). */
  async setStatus(ctx: CallContext, id: string, status: 'APPROVED' | 'REJECTED' | 'RECEIVED'): Promise<ErpWriteOutcome<null>> {
    return this.patch(ctx, 'setCustomerReturnStatus', `A_CustomerReturn(${odataString(id)})`, { YY1_ReturnStatus_SDH: STATUS[status] });
  }

  async setExchangeOrder(ctx: CallContext, id: string, salesOrder: string): Promise<ErpWriteOutcome<null>> {
    return this.patch(ctx, 'setCustomerReturnExchange', `A_CustomerReturn(${odataString(id)})`, { YY1_ExchangeOrder_SDH: salesOrder });
  }

  async setDisposition(
    ctx: CallContext,
    id: string,
    item: string,
    disposition: ReturnDisposition,
    locationCode?: string,
  ): Promise<ErpWriteOutcome<null>> {
    return this.patch(
      ctx,
      'setCustomerReturnItemFollowUp',
      `A_CustomerReturnItem(CustomerReturn=${odataString(id)},CustomerReturnItem=${odataString(item)})`,
      { CustRetItmFollowUpActivity: FOLLOW_UP[disposition], ...(locationCode && { ReceivingPlant: locationCode }) },
    );
  }

  /**
   * Posts the credit memo of a received return (its status becomes REFUNDED). The ERP takes one
   * credit memo per return: a repeat is answered with the memo posted the first time.
   */
  async postCreditMemo(
    ctx: CallContext,
    id: string,
    memo: { amount: Money; tender: RefundTender; reference: string; refundReference?: string },
  ): Promise<ErpWriteOutcome<CreditMemoRecord>> {
    const response = await this.erp.writes.send(ctx, {
      operation: 'postCreditMemoRequest',
      method: 'POST',
      path: `${SERVICE}/A_CustomerReturn(${odataString(id)})/to_CreditMemoRequest`,
      json: {
        TotalNetAmount: memo.amount.amount,
        PurchaseOrderByCustomer: memo.reference,
        YY1_RefundTender_SDH: TENDER[memo.tender],
        YY1_RefundReference_SDH: memo.refundReference ?? '',
      },
      idempotencyKey: memo.reference,
      passStatuses: [400, 404],
      schema: CreatedSchema,
    });
    const body = response.body;
    if ('d' in body && 'CreditMemoRequest' in body.d) {
      const posted = (await this.read(ctx, id)).creditMemo;
      if (posted) return { kind: 'done', value: posted, replayed: false };
    }
    const message = refusalText(body);
    if (/already exists/i.test(message)) {
      const existing = (await this.read(ctx, id)).creditMemo;
      if (existing) return { kind: 'done', value: existing, replayed: true };
    }
    return { kind: 'refused', message };
  }

  private async patch(ctx: CallContext, operation: string, entity: string, json: Record<string, string>): Promise<ErpWriteOutcome<null>> {
    const response = await this.erp.writes.send(ctx, {
      operation,
      method: 'PATCH',
      path: `${SERVICE}/${entity}`,
      json,
      // A PATCH sets values: repeating it changes nothing more.
      idempotencyKey: `${operation}:${entity}:${JSON.stringify(json)}`,
      passStatuses: [400, 404],
      schema: CreatedSchema.or(z.object({}).passthrough()),
    });
    if (response.status < 300) return { kind: 'done', value: null, replayed: false };
    return { kind: 'refused', message: refusalText(response.body as z.infer<typeof CreatedSchema>) };
  }

  private async read(ctx: CallContext, id: string): Promise<CustomerReturnRecord> {
    const [found] = await this.get(ctx, [id]);
    if (!found)
      throw new AdapterError({
        system: 'ERP',
        code: 'UPSTREAM_BAD_RESPONSE',
        message: `ERP wrote customer return ${id} but cannot read it`,
      });
    return found;
  }

  private async grouped(
    ctx: CallContext,
    field: string,
    keys: readonly string[],
    keyOf: (r: CustomerReturnRecord) => string | undefined,
  ): Promise<CustomerReturnRecord[][]> {
    const wanted = unique(keys).filter((k) => k !== '');
    const records: CustomerReturnRecord[] = [];
    for (const part of chunk(wanted, FILTER_CHUNK)) {
      let query: string | undefined = encodeQuery({ $filter: anyOf(field, part), $expand: EXPAND, $format: 'json', $top: '1000' });
      for (let page = 0; query && page < 50; page++) {
        const response: { body: z.infer<typeof ReturnsSchema> } = await this.erp.client.request(ctx, {
          operation: 'readCustomerReturns',
          path: `${SERVICE}/A_CustomerReturn?${query}`,
          parse: parseJson,
          schema: ReturnsSchema,
        });
        records.push(...response.body.d.results.map(toRecord));
        query = response.body.d.__next ? nextLinkQuery(response.body.d.__next) : undefined;
      }
    }
    records.sort((a, b) => (a.createdAt < b.createdAt ? 1 : a.createdAt > b.createdAt ? -1 : 0));
    return keys.map((k) => records.filter((r) => keyOf(r) === k));
  }
}
