/**
 * API_SALES_ORDER_SRV: A_SalesOrder, A_SalesOrderItem and A_SalesOrderScheduleLine, built
 * from the dataset's ERP orders. Property names are the spec's (SAP's); only properties the
 * dataset can fill, plus their usual constant companions, are served.
 */
import type { Dataset, ErpOrder, ErpOrderItem, Product } from '../../../dataset/src/index.ts';
import { defineEntitySet, indexBy, type EdmType, type ODataService, type Row } from '../odata/model.ts';
import { dateOnly, instant, localDate, timestampEtag } from './dates.ts';

const S: EdmType = 'Edm.String';
const DEC: EdmType = 'Edm.Decimal';
const DT: EdmType = 'Edm.DateTime';
const DTO: EdmType = 'Edm.DateTimeOffset';
const BOOL: EdmType = 'Edm.Boolean';

export const SALES_ORDER_SERVICE = 'API_SALES_ORDER_SRV';

const HEADER_PROPERTIES: Record<string, EdmType> = {
  SalesOrder: S,
  SalesOrderType: S,
  SalesOrganization: S,
  DistributionChannel: S,
  OrganizationDivision: S,
  SoldToParty: S,
  CreationDate: DT,
  CreatedByUser: S,
  LastChangeDate: DT,
  LastChangeDateTime: DTO,
  PurchaseOrderByCustomer: S,
  CustomerPurchaseOrderDate: DT,
  SalesOrderDate: DT,
  TotalNetAmount: DEC,
  OverallDeliveryStatus: S,
  TotalBlockStatus: S,
  TransactionCurrency: S,
  PricingDate: DT,
  RequestedDeliveryDate: DT,
  ShippingCondition: S,
  CompleteDeliveryIsDefined: BOOL,
  HeaderBillingBlockReason: S,
  DeliveryBlockReason: S,
  CustomerPaymentTerms: S,
  OverallSDProcessStatus: S,
  TotalCreditCheckStatus: S,
  OverallTotalDeliveryStatus: S,
  OverallSDDocumentRejectionSts: S,
  // Custom field (Custom Fields and Logic, business context "Sales Document: Header"): the API
  // has a creation date but no creation time, and the web shop's order timestamp matters.
  YY1_CreationDateTime_SDH: DTO,
  PaymentMethod: S,
  // Custom field: every open delivery block of the order audit, comma-separated (the standard
  // DeliveryBlockReason holds one; an order can fail several checks at different levels).
  YY1_DeliveryBlocks_SDH: S,
};

const ITEM_PROPERTIES: Record<string, EdmType> = {
  SalesOrder: S,
  SalesOrderItem: S,
  HigherLevelItem: S,
  SalesOrderItemCategory: S,
  SalesOrderItemText: S,
  PurchaseOrderByCustomer: S,
  Material: S,
  PricingDate: DT,
  RequestedQuantity: DEC,
  RequestedQuantityUnit: S,
  OrderQuantityUnit: S,
  ConfdDelivQtyInOrderQtyUnit: DEC,
  TransactionCurrency: S,
  NetAmount: DEC,
  MaterialGroup: S,
  ProductionPlant: S,
  StorageLocation: S,
  ShippingPoint: S,
  ShippingType: S,
  DeliveryPriority: S,
  SalesDocumentRjcnReason: S,
  ItemBillingBlockReason: S,
  SDProcessStatus: S,
  DeliveryStatus: S,
};

const SCHEDULE_LINE_PROPERTIES: Record<string, EdmType> = {
  SalesOrder: S,
  SalesOrderItem: S,
  ScheduleLine: S,
  RequestedDeliveryDate: DT,
  ConfirmedDeliveryDate: DT,
  OrderQuantityUnit: S,
  ScheduleLineOrderQuantity: DEC,
  ConfdOrderQtyByMatlAvailCheck: DEC,
  DeliveredQtyInOrderQtyUnit: DEC,
  OpenConfdDelivQtyInOrdQtyUnit: DEC,
  DelivBlockReasonForSchedLine: S,
};

/** Who keyed the order in, by distribution channel (interface users for the online shops). */
/**
 * This ERP's customising of the fields the order capture writes (documented in legacy/erp/README.md):
 * ShippingType (item) 01 parcel delivery, 02 customer pickup; DeliveryPriority (item) the service
 * level; PaymentMethod (header) "" prepaid, P pay on pickup.
 */
const CREATED_BY: Record<string, string> = { '10': 'WEBSHOP_RFC', '11': 'MOBAPP_RFC', '12': 'CC_AGENT' };
const UNIT = 'EA';
/** Rejection reason put on every item of a cancelled order. */
export const CANCELLED_REJECTION_REASON = '00';

interface ItemState {
  delivery: string;
  process: string;
  delivered: number;
}

/** Item-level statuses consistent with the header's (partial delivery: first item only). */
function itemState(order: ErpOrder, item: ErpOrderItem, index: number): ItemState {
  if (order.rejectionStatus === 'C') return { delivery: order.deliveryStatus, process: 'C', delivered: 0 };
  let delivery: string = order.deliveryStatus;
  if (delivery === 'B' && order.items.length > 1) delivery = index === 0 ? 'C' : 'A';
  const delivered = delivery === 'C' ? item.quantity : delivery === 'B' ? Math.floor(item.quantity / 2) : 0;
  const process = order.processStatus === 'B' && delivery === 'C' ? 'C' : order.processStatus;
  return { delivery, process, delivered };
}

export function headerRow(order: ErpOrder): Row {
  const created = localDate(order.createdAt);
  const requested = order.items.reduce((max, i) => (i.requestedDeliveryDate > max ? i.requestedDeliveryDate : max), '');
  const blocked = order.deliveryBlockReason !== '';
  return {
    SalesOrder: order.salesOrder,
    SalesOrderType: order.salesOrderType,
    SalesOrganization: '1000',
    DistributionChannel: order.distributionChannel,
    OrganizationDivision: '00',
    SoldToParty: order.soldToParty,
    CreationDate: created,
    CreatedByUser: CREATED_BY[order.distributionChannel] ?? 'SAP_SYSTEM',
    LastChangeDate: localDate(order.changedAt),
    LastChangeDateTime: instant(order.changedAt),
    PurchaseOrderByCustomer: order.purchaseOrderByCustomer,
    CustomerPurchaseOrderDate: created,
    SalesOrderDate: created,
    TotalNetAmount: order.totalNetAmount,
    OverallDeliveryStatus: order.deliveryStatus,
    TotalBlockStatus: blocked ? 'C' : 'A',
    TransactionCurrency: order.currency,
    PricingDate: created,
    RequestedDeliveryDate: requested ? dateOnly(requested) : null,
    ShippingCondition: order.items[0]?.shippingCondition ?? '01',
    CompleteDeliveryIsDefined: false,
    HeaderBillingBlockReason: '',
    DeliveryBlockReason: order.deliveryBlockReason,
    CustomerPaymentTerms: '0001',
    OverallSDProcessStatus: order.processStatus,
    TotalCreditCheckStatus: order.deliveryBlockReason === '01' ? 'B' : 'A',
    OverallTotalDeliveryStatus: order.deliveryStatus,
    OverallSDDocumentRejectionSts: order.rejectionStatus,
    YY1_CreationDateTime_SDH: instant(order.createdAt),
    PaymentMethod: '',
    YY1_DeliveryBlocks_SDH: order.deliveryBlockReason,
  };
}

export function itemRow(order: ErpOrder, item: ErpOrderItem, index: number, product: Product | undefined): Row {
  const state = itemState(order, item, index);
  const rejected = order.rejectionStatus === 'C';
  return {
    SalesOrder: order.salesOrder,
    SalesOrderItem: item.item,
    HigherLevelItem: '',
    SalesOrderItemCategory: 'TAN',
    SalesOrderItemText: product?.name ?? item.material,
    PurchaseOrderByCustomer: order.purchaseOrderByCustomer,
    Material: item.material,
    PricingDate: localDate(order.createdAt),
    RequestedQuantity: String(item.quantity),
    RequestedQuantityUnit: UNIT,
    OrderQuantityUnit: UNIT,
    ConfdDelivQtyInOrderQtyUnit: rejected ? '0' : String(item.quantity),
    TransactionCurrency: order.currency,
    NetAmount: item.netAmount,
    MaterialGroup: product?.category ?? '',
    ProductionPlant: item.plant ?? '',
    StorageLocation: '',
    ShippingPoint: item.plant ?? '',
    // Per item, as the order's lines may differ: "01" parcel delivery, "02" customer pickup at the plant.
    ShippingType: item.shippingCondition,
    DeliveryPriority: '02',
    SalesDocumentRjcnReason: rejected ? CANCELLED_REJECTION_REASON : '',
    ItemBillingBlockReason: '',
    SDProcessStatus: state.process,
    DeliveryStatus: state.delivery,
  };
}

export function scheduleLineRow(order: ErpOrder, item: ErpOrderItem, index: number): Row {
  const state = itemState(order, item, index);
  const confirmed = order.rejectionStatus === 'C' ? 0 : item.quantity;
  const date = dateOnly(item.requestedDeliveryDate);
  return {
    SalesOrder: order.salesOrder,
    SalesOrderItem: item.item,
    ScheduleLine: '1',
    RequestedDeliveryDate: date,
    ConfirmedDeliveryDate: confirmed > 0 ? date : null,
    OrderQuantityUnit: UNIT,
    ScheduleLineOrderQuantity: String(item.quantity),
    ConfdOrderQtyByMatlAvailCheck: String(confirmed),
    DeliveredQtyInOrderQtyUnit: String(state.delivered),
    OpenConfdDelivQtyInOrdQtyUnit: String(Math.max(0, confirmed - state.delivered)),
    DelivBlockReasonForSchedLine: '',
  };
}

export function buildSalesOrderService(dataset: Dataset): ODataService {
  const products = new Map(dataset.products.map((p) => [p.sku, p]));
  const orders = [...dataset.erp.orders].sort((a, b) => a.salesOrder.localeCompare(b.salesOrder));
  const headers = orders.map(headerRow);
  const items = orders.flatMap((o) => o.items.map((it, i) => itemRow(o, it, i, products.get(it.material))));
  const scheduleLines = orders.flatMap((o) => o.items.map((it, i) => scheduleLineRow(o, it, i)));

  const itemsByOrder = indexBy(items, 'SalesOrder');
  const linesByItem = new Map<string, Row[]>();
  for (const line of scheduleLines) {
    const k = `${line.SalesOrder}/${line.SalesOrderItem}`;
    linesByItem.set(k, [...(linesByItem.get(k) ?? []), line]);
  }

  const salesOrder = defineEntitySet({
    name: 'A_SalesOrder',
    entityType: 'A_SalesOrderType',
    keys: ['SalesOrder'],
    properties: HEADER_PROPERTIES,
    rows: headers,
    // Changes re-render an order's rows (salesOrderStore); billing edits statuses in place, not these.
    indexed: ['SalesOrder', 'SoldToParty', 'PurchaseOrderByCustomer'],
    navigation: {
      to_Item: { target: 'A_SalesOrderItem', many: true, resolve: (r) => itemsByOrder.get(String(r.SalesOrder)) ?? [] },
    },
    etag: (r) => timestampEtag(Number(r.LastChangeDateTime)),
  });
  const item = defineEntitySet({
    name: 'A_SalesOrderItem',
    entityType: 'A_SalesOrderItemType',
    keys: ['SalesOrder', 'SalesOrderItem'],
    properties: ITEM_PROPERTIES,
    rows: items,
    navigation: {
      to_SalesOrder: {
        target: 'A_SalesOrder',
        many: false,
        resolve: (r) => {
          const header = salesOrder.find({ SalesOrder: String(r.SalesOrder) });
          return header ? [header] : [];
        },
      },
      to_ScheduleLine: {
        target: 'A_SalesOrderScheduleLine',
        many: true,
        resolve: (r) => linesByItem.get(`${r.SalesOrder}/${r.SalesOrderItem}`) ?? [],
      },
    },
  });
  const scheduleLine = defineEntitySet({
    name: 'A_SalesOrderScheduleLine',
    entityType: 'A_SalesOrderScheduleLineType',
    keys: ['SalesOrder', 'SalesOrderItem', 'ScheduleLine'],
    properties: SCHEDULE_LINE_PROPERTIES,
    rows: scheduleLines,
    navigation: {},
  });
  return {
    name: SALES_ORDER_SERVICE,
    componentId: 'SD-SLS-API',
    sets: new Map([salesOrder, item, scheduleLine].map((s) => [s.name, s])),
  };
}
