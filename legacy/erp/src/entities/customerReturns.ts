/**
 * API_CUSTOMER_RETURN_SRV (customer returns, as SAP's Returns Management has them) with the
 * credit memo requests that settle them: A_CustomerReturn, A_CustomerReturnItem and
 * A_CreditMemoRequest. Seeded from the dataset's returns kept by the ERP (web, post and
 * call-centre returns); the graph creates returns from every channel here, because the ERP
 * posts the money side of every return.
 *
 * Writes: `POST A_CustomerReturn` (deep insert of `to_Item`, priced by the client from the
 * original order); `PATCH A_CustomerReturn(key)` moves the status (YY1_ReturnStatus_SDH) along
 * REQUESTED → APPROVED | REJECTED → RECEIVED and sets the exchange order; `PATCH
 * A_CustomerReturnItem(key)` sets an item's follow-up activity (disposition); `POST
 * A_CustomerReturn(key)/to_CreditMemoRequest` posts the credit memo and marks the return
 * REFUNDED. `PurchaseOrderByCustomer` is unique per return (duplicate check "error"), and a
 * return takes one credit memo only: a repeated create is refused, so money is posted once.
 */
import type { Dataset, ReturnRecord } from '../../../dataset/src/index.ts';
import { ODataError, SAP_CODES } from '../odata/errors.ts';
import { defineEntitySet, type EdmType, type EntitySet, type ODataService, type Row, type Value } from '../odata/model.ts';
import { instant, localDate } from './dates.ts';

export const CUSTOMER_RETURN_SERVICE = 'API_CUSTOMER_RETURN_SRV';

const S: EdmType = 'Edm.String';
const DEC: EdmType = 'Edm.Decimal';
const DT: EdmType = 'Edm.DateTime';
const DTO: EdmType = 'Edm.DateTimeOffset';

/** YY1_ReturnStatus_SDH codes (custom field; SAP's own return statuses are per process step). */
export const RETURN_STATUS_CODES = { REQUESTED: 'A', APPROVED: 'B', REJECTED: 'C', RECEIVED: 'D', REFUNDED: 'E' } as const;
/** CustRetItmFollowUpActivity codes (follow-up activity after inspection). */
export const FOLLOW_UP_CODES = { RESTOCK: '0001', TRANSFER: '0002', RETURN_TO_VENDOR: '0003', LIQUIDATE: '0004', DESTROY: '0005' } as const;
const ORIGIN_CODES = { ERP: 'SD', POS: 'POS', MARKETPLACE: 'MKT' } as const;
const TENDER_CODES = { ORIGINAL: '01', STORE_CREDIT: '02', GIFT_CARD: '03' } as const;
/** Which status may follow which, by PATCH (an approved return not yet received may still be rejected); REFUNDED only through a credit memo request. */
const NEXT: Record<string, readonly string[]> = { A: ['B', 'C'], B: ['C', 'D'], C: [], D: [], E: [] };

const HEADER: Record<string, EdmType> = {
  CustomerReturn: S,
  CustomerReturnType: S,
  SalesOrganization: S,
  DistributionChannel: S,
  SoldToParty: S,
  PurchaseOrderByCustomer: S,
  CustomerReturnDate: DT,
  CreationDate: DT,
  TotalNetAmount: DEC,
  TransactionCurrency: S,
  SDDocumentReason: S,
  ReferenceSDDocument: S,
  YY1_CreationDateTime_SDH: DTO,
  YY1_ReturnStatus_SDH: S,
  YY1_OriginSystem_SDH: S,
  YY1_ReturnChannel_SDH: S,
  YY1_ReceivingPlant_SDH: S,
  YY1_PosCustomer_SDH: S,
  YY1_ExchangeOrder_SDH: S,
  YY1_RefundTender_SDH: S,
};
const ITEM: Record<string, EdmType> = {
  CustomerReturn: S,
  CustomerReturnItem: S,
  Material: S,
  RequestedQuantity: DEC,
  RequestedQuantityUnit: S,
  NetAmount: DEC,
  TransactionCurrency: S,
  ReturnReason: S,
  CustRetItmFollowUpActivity: S,
  ReceivingPlant: S,
};
const CREDIT_MEMO: Record<string, EdmType> = {
  CreditMemoRequest: S,
  ReferenceSDDocument: S,
  SoldToParty: S,
  PurchaseOrderByCustomer: S,
  TotalNetAmount: DEC,
  TransactionCurrency: S,
  CreationDate: DT,
  YY1_RefundTender_SDH: S,
  YY1_RefundReference_SDH: S,
};

type MutableRow = Record<string, Value>;
const badBody = (message: string) => new ODataError(400, SAP_CODES.badRequestBody, message);
const rejected = (message: string) => new ODataError(400, SAP_CODES.businessError, message);

function text(body: Record<string, unknown>, name: string, max: number, required = false): string {
  const v = body[name];
  if (v === undefined || v === null || v === '') {
    if (required) throw badBody(`Property '${name}' is required.`);
    return '';
  }
  if (typeof v !== 'string' || v.length > max) throw badBody(`Property '${name}' must be a string of at most ${max} characters.`);
  return v;
}

function amount(body: Record<string, unknown>, name: string): string {
  const v = text(body, name, 20, true);
  if (!/^\d{1,13}(\.\d{1,2})?$/.test(v)) throw badBody(`Property '${name}' must be an Edm.Decimal such as "129.00".`);
  return Number(v).toFixed(2);
}

function entity(raw: unknown): Record<string, unknown> {
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) throw badBody('The request body is not a JSON entity.');
  return raw as Record<string, unknown>;
}

function seedRows(dataset: Dataset): { headers: MutableRow[]; items: MutableRow[] } {
  const partnerOf = new Map(dataset.erp.customers.map((c) => [c.personId, c.businessPartner]));
  const headers: MutableRow[] = [];
  const items: MutableRow[] = [];
  for (const r of dataset.returns.filter((x: ReturnRecord) => x.system === 'ERP')) {
    const total = r.lines.reduce((sum, l) => sum + Math.round(Number(l.refundAmount) * 100), 0);
    headers.push({
      CustomerReturn: r.returnId,
      CustomerReturnType: 'CBAR',
      SalesOrganization: '1000',
      DistributionChannel: '10',
      SoldToParty: partnerOf.get(r.personId) ?? '',
      PurchaseOrderByCustomer: `RMA-${r.returnId}`,
      CustomerReturnDate: localDate(r.createdAt),
      CreationDate: localDate(r.createdAt),
      TotalNetAmount: (total / 100).toFixed(2),
      TransactionCurrency: 'CNY',
      SDDocumentReason: '',
      ReferenceSDDocument: r.originalOrderId,
      YY1_CreationDateTime_SDH: instant(r.createdAt),
      YY1_ReturnStatus_SDH: RETURN_STATUS_CODES[r.status],
      YY1_OriginSystem_SDH: ORIGIN_CODES[r.originalOrderSystem],
      YY1_ReturnChannel_SDH: 'POST',
      YY1_ReceivingPlant_SDH: r.storeCode ?? '',
      YY1_PosCustomer_SDH: '',
      YY1_ExchangeOrder_SDH: '',
      YY1_RefundTender_SDH: r.refundTender ? TENDER_CODES[r.refundTender] : '',
    });
    r.lines.forEach((l, i) =>
      items.push({
        CustomerReturn: r.returnId,
        CustomerReturnItem: String((i + 1) * 10),
        Material: l.sku,
        RequestedQuantity: String(l.quantity),
        RequestedQuantityUnit: 'EA',
        NetAmount: l.refundAmount,
        TransactionCurrency: 'CNY',
        ReturnReason: l.reason.slice(0, 40),
        CustRetItmFollowUpActivity: l.disposition ? FOLLOW_UP_CODES[l.disposition] : '',
        ReceivingPlant: r.storeCode ?? '',
      }),
    );
  }
  return { headers, items };
}

/** An entity set over rows that grow and change; the key index is kept by hand. */
function liveSet(name: string, entityType: string, keys: readonly string[], properties: Record<string, EdmType>, rows: MutableRow[]) {
  const keyOf = (k: Readonly<Record<string, unknown>>) => keys.map((p) => String(k[p] ?? '')).join('\u0000');
  const index = new Map(rows.map((r) => [keyOf(r), r]));
  const base = defineEntitySet({ name, entityType, keys, properties, navigation: {}, rows });
  const set = (navigation: EntitySet['navigation']): EntitySet => ({ ...base, rows, navigation, find: (k) => index.get(keyOf(k)) });
  const add = (row: MutableRow) => {
    rows.push(row);
    index.set(keyOf(row), row);
  };
  return { set, add, find: (k: Readonly<Record<string, unknown>>) => index.get(keyOf(k)) };
}

export function buildCustomerReturnService(dataset: Dataset): ODataService {
  const seeded = seedRows(dataset);
  const memoRows: MutableRow[] = [];
  const headers = liveSet('A_CustomerReturn', 'A_CustomerReturnType', ['CustomerReturn'], HEADER, seeded.headers);
  const items = liveSet('A_CustomerReturnItem', 'A_CustomerReturnItemType', ['CustomerReturn', 'CustomerReturnItem'], ITEM, seeded.items);
  const memos = liveSet('A_CreditMemoRequest', 'A_CreditMemoRequestType', ['CreditMemoRequest'], CREDIT_MEMO, memoRows);
  const itemsOf = (r: Row) => seeded.items.filter((i) => i.CustomerReturn === r.CustomerReturn);
  const memosOf = (r: Row) => memoRows.filter((m) => m.ReferenceSDDocument === r.CustomerReturn);
  const headerSet = headers.set({
    to_Item: { target: 'A_CustomerReturnItem', many: true, resolve: itemsOf },
    to_CreditMemoRequest: { target: 'A_CreditMemoRequest', many: true, resolve: memosOf },
  });
  const references = new Set(seeded.headers.map((h) => String(h.PurchaseOrderByCustomer)));
  let lastReturn = seeded.headers.reduce((max, h) => Math.max(max, Number(h.CustomerReturn) || 0), 6_000_000_000) + 1000;
  let lastMemo = 7_000_000_000;

  const create = (raw: unknown): Row => {
    const body = entity(raw);
    const reference = text(body, 'PurchaseOrderByCustomer', 35, true);
    if (references.has(reference)) throw rejected(`Customer reference '${reference}' already exists for a customer return.`);
    const origin = text(body, 'YY1_OriginSystem_SDH', 3, true);
    if (!Object.values(ORIGIN_CODES).includes(origin as never)) throw rejected(`Origin system '${origin}' is not defined.`);
    const status = text(body, 'YY1_ReturnStatus_SDH', 1) || RETURN_STATUS_CODES.REQUESTED;
    if (status !== RETURN_STATUS_CODES.REQUESTED && status !== RETURN_STATUS_CODES.APPROVED) {
      throw rejected(`A customer return is created REQUESTED (A) or APPROVED (B), not '${status}'.`);
    }
    const rawItems = Array.isArray(body.to_Item) ? (body.to_Item as unknown[]) : (body.to_Item as { results?: unknown })?.results;
    if (!Array.isArray(rawItems) || rawItems.length === 0 || rawItems.length > 100)
      throw badBody("A customer return needs 1 to 100 items in 'to_Item'.");
    const id = String(++lastReturn);
    const now = new Date().toISOString();
    const plant = text(body, 'YY1_ReceivingPlant_SDH', 10);
    const rows = rawItems.map((r, i): MutableRow => {
      const it = entity(r);
      const quantity = text(it, 'RequestedQuantity', 9, true);
      if (!/^[1-9]\d{0,5}$/.test(quantity)) throw badBody(`Item ${i + 1}: 'RequestedQuantity' must be a whole number from 1.`);
      return {
        CustomerReturn: id,
        CustomerReturnItem: String((i + 1) * 10),
        Material: text(it, 'Material', 40, true),
        RequestedQuantity: quantity,
        RequestedQuantityUnit: 'EA',
        NetAmount: amount(it, 'NetAmount'),
        TransactionCurrency: 'CNY',
        ReturnReason: text(it, 'ReturnReason', 40),
        CustRetItmFollowUpActivity: '',
        ReceivingPlant: plant,
      };
    });
    const total = rows.reduce((sum, r) => sum + Math.round(Number(r.NetAmount) * 100), 0);
    const head: MutableRow = {
      CustomerReturn: id,
      CustomerReturnType: 'CBAR',
      SalesOrganization: '1000',
      DistributionChannel: text(body, 'DistributionChannel', 2) || '10',
      SoldToParty: text(body, 'SoldToParty', 10),
      PurchaseOrderByCustomer: reference,
      CustomerReturnDate: localDate(now),
      CreationDate: localDate(now),
      TotalNetAmount: (total / 100).toFixed(2),
      TransactionCurrency: 'CNY',
      SDDocumentReason: text(body, 'SDDocumentReason', 3),
      ReferenceSDDocument: text(body, 'ReferenceSDDocument', 40, true),
      YY1_CreationDateTime_SDH: instant(now),
      YY1_ReturnStatus_SDH: status,
      YY1_OriginSystem_SDH: origin,
      YY1_ReturnChannel_SDH: text(body, 'YY1_ReturnChannel_SDH', 12),
      YY1_ReceivingPlant_SDH: plant,
      YY1_PosCustomer_SDH: text(body, 'YY1_PosCustomer_SDH', 40),
      YY1_ExchangeOrder_SDH: '',
      YY1_RefundTender_SDH: '',
    };
    headers.add(head);
    rows.forEach(items.add);
    references.add(reference);
    return head;
  };

  const updateHeader = (row: Row, raw: unknown): void => {
    const body = entity(raw);
    const target = row as MutableRow;
    const status = text(body, 'YY1_ReturnStatus_SDH', 1);
    if (status && status !== target.YY1_ReturnStatus_SDH) {
      if (!NEXT[String(target.YY1_ReturnStatus_SDH)]?.includes(status)) {
        throw rejected(
          `Customer return ${String(target.CustomerReturn)} cannot go from status ${String(target.YY1_ReturnStatus_SDH)} to ${status}.`,
        );
      }
      target.YY1_ReturnStatus_SDH = status;
    }
    const exchange = text(body, 'YY1_ExchangeOrder_SDH', 10);
    if (exchange) target.YY1_ExchangeOrder_SDH = exchange;
  };

  const updateItem = (row: Row, raw: unknown): void => {
    const body = entity(raw);
    const target = row as MutableRow;
    const code = text(body, 'CustRetItmFollowUpActivity', 4);
    if (code && !Object.values(FOLLOW_UP_CODES).includes(code as never)) throw rejected(`Follow-up activity '${code}' is not defined.`);
    if (code) target.CustRetItmFollowUpActivity = code;
    const plant = text(body, 'ReceivingPlant', 10);
    if (plant) target.ReceivingPlant = plant;
  };

  const createMemo = (parent: Row, raw: unknown): Row => {
    const body = entity(raw);
    const ret = parent as MutableRow;
    const existing = memosOf(parent)[0];
    if (existing)
      throw rejected(
        `Credit memo request ${String(existing.CreditMemoRequest)} already exists for customer return ${String(ret.CustomerReturn)}.`,
      );
    if (ret.YY1_ReturnStatus_SDH !== RETURN_STATUS_CODES.RECEIVED) {
      throw rejected(`Customer return ${String(ret.CustomerReturn)} must be received (status D) before it is credited.`);
    }
    const tender = text(body, 'YY1_RefundTender_SDH', 2, true);
    if (!Object.values(TENDER_CODES).includes(tender as never)) throw rejected(`Refund tender '${tender}' is not defined.`);
    const memo: MutableRow = {
      CreditMemoRequest: String(++lastMemo),
      ReferenceSDDocument: String(ret.CustomerReturn),
      SoldToParty: ret.SoldToParty ?? '',
      PurchaseOrderByCustomer: text(body, 'PurchaseOrderByCustomer', 35),
      TotalNetAmount: amount(body, 'TotalNetAmount'),
      TransactionCurrency: 'CNY',
      CreationDate: localDate(new Date().toISOString()),
      YY1_RefundTender_SDH: tender,
      YY1_RefundReference_SDH: text(body, 'YY1_RefundReference_SDH', 40),
    };
    if (Number(memo.TotalNetAmount) > Number(ret.TotalNetAmount)) {
      throw rejected(`Credit ${String(memo.TotalNetAmount)} exceeds the return's value ${String(ret.TotalNetAmount)}.`);
    }
    memos.add(memo);
    ret.YY1_ReturnStatus_SDH = RETURN_STATUS_CODES.REFUNDED;
    ret.YY1_RefundTender_SDH = tender;
    return memo;
  };

  const itemSet = items.set({});
  const memoSet = memos.set({});
  return {
    name: CUSTOMER_RETURN_SERVICE,
    componentId: 'SD-SLS-RE',
    sets: new Map([headerSet, itemSet, memoSet].map((s) => [s.name, s])),
    creators: new Map([['A_CustomerReturn', create]]),
    relatedCreators: new Map([['A_CustomerReturn/to_CreditMemoRequest', createMemo]]),
    updaters: new Map([
      ['A_CustomerReturn', updateHeader],
      ['A_CustomerReturnItem', updateItem],
    ]),
  };
}
