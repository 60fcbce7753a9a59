/**
 * The ERP documents fulfilment creates:
 *
 * - `API_BILLING_DOCUMENT_SRV` / `A_BillingDocument`: the sale's financial posting (an F2
 *   invoice). `PurchaseOrderByCustomer` carries the caller's reference and is unique, so a
 *   repeated posting is refused, never doubled. Billing a sales order completes it (delivery and
 *   process status C), as the document flow of a delivered and invoiced order does in SAP.
 * - `API_PURCHASEORDER_PROCESS_SRV` / `A_PurchaseOrder` with `to_PurchaseOrderItem`: drop-ship
 *   purchase orders to a supplier (type NB, released: processing status 02), deep insert, unique
 *   `CorrespondenceExternalReference`.
 *
 * Both accept `POST` (CSRF token required, as every write of the simulator).
 */
import type { Dataset } from '../../../dataset/src/index.ts';
import { ODataError, SAP_CODES } from '../odata/errors.ts';
import { defineEntitySet, type EdmType, type EntitySet, type ODataService, type Row, type Value } from '../odata/model.ts';
import { localDate } from './dates.ts';

const BILLING_DOCUMENT_SERVICE = 'API_BILLING_DOCUMENT_SRV';
const PURCHASE_ORDER_SERVICE = 'API_PURCHASEORDER_PROCESS_SRV';

const S: EdmType = 'Edm.String';
const DEC: EdmType = 'Edm.Decimal';
const DT: EdmType = 'Edm.DateTime';
const DTO: EdmType = 'Edm.DateTimeOffset';
const BOOL: EdmType = 'Edm.Boolean';

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

function asEntity(raw: unknown): Record<string, unknown> {
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) throw badBody('The request body is not a JSON entity.');
  return raw as Record<string, unknown>;
}

function billing(salesOrders: EntitySet): { set: EntitySet; create: (body: unknown) => Row } {
  const rows: Row[] = [];
  const byId = new Map<string, Row>();
  const byReference = new Map<string, Row>();
  let next = 90_000_000;
  const set: EntitySet = {
    name: 'A_BillingDocument',
    entityType: 'A_BillingDocumentType',
    keys: ['BillingDocument'],
    properties: {
      BillingDocument: S,
      BillingDocumentType: S,
      SalesOrder: S,
      PurchaseOrderByCustomer: S,
      SoldToParty: S,
      TotalNetAmount: DEC,
      TransactionCurrency: S,
      BillingDocumentDate: DT,
      CreationDateTime: DTO,
    },
    navigation: {},
    rows,
    find: (key) => byId.get(key.BillingDocument ?? ''),
  };
  const create = (raw: unknown): Row => {
    const body = asEntity(raw);
    const reference = text(body, 'PurchaseOrderByCustomer', 35, true);
    const salesOrder = text(body, 'SalesOrder', 10);
    const amount = text(body, 'TotalNetAmount', 20, true);
    if (!/^\d{1,15}(\.\d{1,2})?$/.test(amount)) throw badBody("Property 'TotalNetAmount' must be a decimal with at most 2 places.");
    if (byReference.has(reference)) throw rejected(`Billing document with reference '${reference}' already exists.`);
    const order = salesOrder ? (salesOrders.find({ SalesOrder: salesOrder }) as Record<string, Value> | undefined) : undefined;
    if (salesOrder && !order) throw rejected(`Sales order ${salesOrder} does not exist.`);
    const now = Date.now();
    const row: Record<string, Value> = {
      BillingDocument: String(++next),
      BillingDocumentType: 'F2',
      SalesOrder: salesOrder,
      PurchaseOrderByCustomer: reference,
      SoldToParty: order ? String(order.SoldToParty ?? '') : text(body, 'SoldToParty', 10),
      TotalNetAmount: amount,
      TransactionCurrency: text(body, 'TransactionCurrency', 5) || 'CNY',
      BillingDocumentDate: localDate(new Date(now).toISOString()),
      CreationDateTime: now,
    };
    if (order) {
      // The order's document flow is complete: delivered and invoiced.
      order.OverallDeliveryStatus = 'C';
      order.OverallTotalDeliveryStatus = 'C';
      order.OverallSDProcessStatus = 'C';
      order.LastChangeDateTime = now;
    }
    rows.push(row);
    byId.set(String(row.BillingDocument), row);
    byReference.set(reference, row);
    return row;
  };
  return { set, create };
}

function purchaseOrders(dataset: Dataset): { sets: EntitySet[]; create: (body: unknown) => Row } {
  const rows: Row[] = [];
  const items: Row[] = [];
  const byId = new Map<string, Row>();
  const itemsOf = new Map<string, Row[]>();
  const byReference = new Set<string>();
  const suppliers = new Set(dataset.locations.filter((l) => l.kind === 'SUPPLIER').map((l) => l.code));
  const products = new Set(dataset.products.map((p) => p.sku));
  let next = 4_500_100_000;
  const itemSet = defineEntitySet({
    name: 'A_PurchaseOrderItem',
    entityType: 'A_PurchaseOrderItemType',
    keys: ['PurchaseOrder', 'PurchaseOrderItem'],
    properties: { PurchaseOrder: S, PurchaseOrderItem: S, Material: S, OrderQuantity: DEC, Plant: S },
    navigation: {},
    rows: items,
  });
  const header: EntitySet = {
    name: 'A_PurchaseOrder',
    entityType: 'A_PurchaseOrderType',
    keys: ['PurchaseOrder'],
    properties: {
      PurchaseOrder: S,
      PurchaseOrderType: S,
      Supplier: S,
      PurchasingProcessingStatus: S,
      CorrespondenceExternalReference: S,
      YY1_CustomerOrderRef: S,
      PurchaseOrderDate: DT,
      CreationDateTime: DTO,
      IsCompletelyDelivered: BOOL,
    },
    navigation: {
      to_PurchaseOrderItem: {
        target: 'A_PurchaseOrderItem',
        many: true,
        resolve: (r) => itemsOf.get(String(r.PurchaseOrder)) ?? [],
      },
    },
    rows,
    find: (key) => byId.get(key.PurchaseOrder ?? ''),
  };
  const create = (raw: unknown): Row => {
    const body = asEntity(raw);
    const supplier = text(body, 'Supplier', 10, true);
    const reference = text(body, 'CorrespondenceExternalReference', 40, true);
    if (!suppliers.has(supplier)) throw rejected(`Supplier ${supplier} does not exist.`);
    if (byReference.has(reference)) throw rejected(`Purchase order with reference '${reference}' already exists.`);
    const rawItems = body.to_PurchaseOrderItem;
    const list = Array.isArray(rawItems) ? rawItems : (rawItems as { results?: unknown } | undefined)?.results;
    if (!Array.isArray(list) || list.length === 0 || list.length > 100) throw badBody("'to_PurchaseOrderItem' must hold 1 to 100 items.");
    const now = Date.now();
    const po = String(++next);
    const lines = list.map((rawItem, i): Row => {
      const item = asEntity(rawItem);
      const material = text(item, 'Material', 40, true);
      if (!products.has(material)) throw rejected(`Item ${i + 1}: material ${material} does not exist.`);
      const qty = Number(item.OrderQuantity);
      if (!Number.isSafeInteger(qty) || qty < 1) throw badBody(`Item ${i + 1}: 'OrderQuantity' must be a whole number of at least 1.`);
      return {
        PurchaseOrder: po,
        PurchaseOrderItem: String((i + 1) * 10),
        Material: material,
        OrderQuantity: String(qty),
        Plant: supplier,
      };
    });
    const row: Row = {
      PurchaseOrder: po,
      PurchaseOrderType: 'NB',
      Supplier: supplier,
      PurchasingProcessingStatus: '02',
      CorrespondenceExternalReference: reference,
      YY1_CustomerOrderRef: text(body, 'YY1_CustomerOrderRef', 40),
      PurchaseOrderDate: localDate(new Date(now).toISOString()),
      CreationDateTime: now,
      IsCompletelyDelivered: false,
    };
    rows.push(row);
    items.push(...lines);
    byId.set(po, row);
    itemsOf.set(po, lines);
    byReference.add(reference);
    return row;
  };
  return { sets: [header, itemSet], create };
}

/** The billing and purchasing services; billing completes orders of `salesOrders` (A_SalesOrder). */
export function buildFulfilmentDocumentServices(dataset: Dataset, salesOrders: EntitySet): ODataService[] {
  const invoices = billing(salesOrders);
  const pos = purchaseOrders(dataset);
  return [
    {
      name: BILLING_DOCUMENT_SERVICE,
      componentId: 'SD-BIL',
      sets: new Map([[invoices.set.name, invoices.set]]),
      creators: new Map([[invoices.set.name, invoices.create]]),
    },
    {
      name: PURCHASE_ORDER_SERVICE,
      componentId: 'MM-PUR-PO',
      sets: new Map(pos.sets.map((s) => [s.name, s])),
      creators: new Map([['A_PurchaseOrder', pos.create]]),
    },
  ];
}
