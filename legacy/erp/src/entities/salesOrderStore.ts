/**
 * The writable state behind API_SALES_ORDER_SRV: orders created or changed through the API
 * are kept here as documents and rendered into the same rows (header, items, schedule lines,
 * partner addresses, payment card authorisations) that seeded orders have, so reads, filters
 * and `$expand` see a write at once. Seeded orders are copied on their first change; the
 * shared dataset is never modified.
 */
import type { Dataset, ErpOrder, ErpOrderItem } from '../../../dataset/src/index.ts';
import { defineEntitySet, type EdmType, type EntitySet, type ODataService, type Row } from '../odata/model.ts';
import { headerRow, itemRow, scheduleLineRow } from './salesOrders.ts';

const S: EdmType = 'Edm.String';
const DEC: EdmType = 'Edm.Decimal';
const DT: EdmType = 'Edm.DateTime';

/** Per item, what the dataset's items do not carry. */
interface ItemExtra {
  /** SalesDocumentRjcnReason; "" while the item is open. */
  rejection: string;
  /** DeliveryPriority (this ERP's customising: the service level). */
  priority: string;
}

/** A_SalesOrderPartnerAddress of one partner function (WE ship-to carries the order's contact). */
export type PartnerAddress = Record<string, string>;

/** A_SlsOrdPaymentPlanItemDetails: one card (or gift card) authorisation against the order. */
export type PaymentItem = Record<string, string | number>;

export interface OrderDocument {
  order: ErpOrder;
  items: Map<string, ItemExtra>;
  /** Every open delivery block (the header field holds the first; YY1_DeliveryBlocks_SDH all). */
  blocks: string[];
  billingBlock: string;
  paymentMethod: string;
  completeDelivery: boolean;
  partners: Map<string, PartnerAddress>;
  payments: PaymentItem[];
}

const PARTNER_PROPERTIES: Record<string, EdmType> = {
  SalesOrder: S,
  PartnerFunction: S,
  Customer: S,
};

const ADDRESS_PROPERTIES: Record<string, EdmType> = {
  SalesOrder: S,
  PartnerFunction: S,
  AddressRepresentationCode: S,
  AddresseeFullName: S,
  StreetName: S,
  HouseNumber: S,
  PostalCode: S,
  CityName: S,
  DistrictName: S,
  Country: S,
  EmailAddress: S,
  PhoneNumber: S,
};

const PAYMENT_PROPERTIES: Record<string, EdmType> = {
  SalesOrder: S,
  PaymentPlanItem: S,
  ElectronicPaymentType: S,
  ElectronicPayment: S,
  ElectronicPaymentHolderName: S,
  PaymentByPaymentServicePrvdr: S,
  AuthorizedAmountInAuthznCrcy: DEC,
  AuthorizationCurrency: S,
  AuthorizationDate: DT,
  AuthorizationStatusName: S,
};

const cents = (decimal: string): number => Math.round(Number(decimal) * 100);
const decimal = (c: number): string => (c / 100).toFixed(2);

/** A set over rows that can be added or replaced; `find` sees the newest row of a key. */
function writableSet(base: EntitySet, keyOf: (key: Readonly<Record<string, unknown>>) => string) {
  const rows: Row[] = [...base.rows];
  const latest = new Map<string, Row>();
  const put = (row: Row) => {
    const key = keyOf(row);
    const old = latest.get(key) ?? base.find(row as Record<string, string>);
    const at = old ? rows.indexOf(old) : -1;
    if (at >= 0) rows[at] = row;
    else rows.push(row);
    latest.set(key, row);
  };
  const set: EntitySet = { ...base, rows, find: (key) => latest.get(keyOf(key)) ?? base.find(key) };
  return { set, put };
}

/**
 * The sales order service with its writable store. `render` re-renders one document into
 * every set after a change.
 */
export function salesOrderStore(service: ODataService, dataset: Dataset) {
  const products = new Map(dataset.products.map((p) => [p.sku, p]));
  const seeded = new Map(dataset.erp.orders.map((o) => [o.salesOrder, o]));
  const docs = new Map<string, OrderDocument>();
  const itemsOf = new Map<string, Row[]>();
  const linesOf = new Map<string, Row[]>();
  const partnersOf = new Map<string, Row[]>();
  const addressesOf = new Map<string, Row[]>();
  const paymentsOf = new Map<string, Row[]>();
  const base = (name: string) => service.sets.get(name)!;
  const k = (r: Readonly<Record<string, unknown>>, ...names: string[]) => names.map((n) => String(r[n] ?? '')).join('/');

  const header = writableSet(base('A_SalesOrder'), (r) => k(r, 'SalesOrder'));
  const item = writableSet(base('A_SalesOrderItem'), (r) => k(r, 'SalesOrder', 'SalesOrderItem'));
  const line = writableSet(base('A_SalesOrderScheduleLine'), (r) => k(r, 'SalesOrder', 'SalesOrderItem', 'ScheduleLine'));
  const empty = (name: string, entityType: string, keys: string[], properties: Record<string, EdmType>) =>
    defineEntitySet({ name, entityType, keys, properties, rows: [], navigation: {} });
  const partner = writableSet(
    empty('A_SalesOrderHeaderPartner', 'A_SalesOrderHeaderPartnerType', ['SalesOrder', 'PartnerFunction'], PARTNER_PROPERTIES),
    (r) => k(r, 'SalesOrder', 'PartnerFunction'),
  );
  const address = writableSet(
    empty(
      'A_SalesOrderPartnerAddress',
      'A_SalesOrderPartnerAddressType',
      ['SalesOrder', 'PartnerFunction', 'AddressRepresentationCode'],
      ADDRESS_PROPERTIES,
    ),
    (r) => k(r, 'SalesOrder', 'PartnerFunction', 'AddressRepresentationCode'),
  );
  const payment = writableSet(
    empty('A_SlsOrdPaymentPlanItemDetails', 'A_SlsOrdPaymentPlanItemDetailsType', ['SalesOrder', 'PaymentPlanItem'], PAYMENT_PROPERTIES),
    (r) => k(r, 'SalesOrder', 'PaymentPlanItem'),
  );

  const baseHeader = base('A_SalesOrder');
  const baseItem = base('A_SalesOrderItem');
  header.set = {
    ...header.set,
    navigation: {
      ...baseHeader.navigation,
      to_Item: {
        ...baseHeader.navigation.to_Item!,
        resolve: (r) => itemsOf.get(String(r.SalesOrder)) ?? baseHeader.navigation.to_Item!.resolve(r),
      },
      to_Partner: { target: 'A_SalesOrderHeaderPartner', many: true, resolve: (r) => partnersOf.get(String(r.SalesOrder)) ?? [] },
      to_PaymentPlanItemDetails: {
        target: 'A_SlsOrdPaymentPlanItemDetails',
        many: true,
        resolve: (r) => paymentsOf.get(String(r.SalesOrder)) ?? [],
      },
    },
  };
  item.set = {
    ...item.set,
    navigation: {
      to_SalesOrder: {
        ...baseItem.navigation.to_SalesOrder!,
        resolve: (r) => {
          const h = header.set.find({ SalesOrder: String(r.SalesOrder) });
          return h ? [h] : [];
        },
      },
      to_ScheduleLine: {
        ...baseItem.navigation.to_ScheduleLine!,
        resolve: (r) => linesOf.get(k(r, 'SalesOrder', 'SalesOrderItem')) ?? baseItem.navigation.to_ScheduleLine!.resolve(r),
      },
    },
  };
  partner.set = {
    ...partner.set,
    navigation: {
      to_Address: {
        target: 'A_SalesOrderPartnerAddress',
        many: true,
        resolve: (r) => addressesOf.get(k(r, 'SalesOrder', 'PartnerFunction')) ?? [],
      },
    },
  };

  /** Renders a document into every set (after a create or a change). */
  function render(doc: OrderDocument): Row {
    const { order } = doc;
    const open = order.items.filter((it) => !doc.items.get(it.item)?.rejection);
    const rejected = order.items.length - open.length;
    order.rejectionStatus = rejected > 0 && open.length === 0 ? 'C' : '';
    order.totalNetAmount = decimal(open.reduce((sum, it) => sum + cents(it.netAmount), 0));
    order.changedAt = new Date().toISOString();
    const blocked = doc.blocks.length > 0;
    const head: Row = {
      ...headerRow(order),
      DeliveryBlockReason: doc.blocks[0] ?? '',
      YY1_DeliveryBlocks_SDH: doc.blocks.join(','),
      TotalBlockStatus: blocked || doc.billingBlock ? 'C' : 'A',
      HeaderBillingBlockReason: doc.billingBlock,
      PaymentMethod: doc.paymentMethod,
      CompleteDeliveryIsDefined: doc.completeDelivery,
      OverallSDDocumentRejectionSts: order.rejectionStatus === 'C' ? 'C' : rejected > 0 ? 'B' : 'A',
    };
    header.put(head);
    const items = order.items.map((it, i) => {
      const extra = doc.items.get(it.item) ?? { rejection: '', priority: '02' };
      const row = itemRow(order, it, i, products.get(it.material));
      return {
        ...row,
        DeliveryPriority: extra.priority,
        ...(extra.rejection && { SalesDocumentRjcnReason: extra.rejection, ConfdDelivQtyInOrderQtyUnit: '0', SDProcessStatus: 'C' }),
      };
    });
    items.forEach((r) => item.put(r));
    itemsOf.set(order.salesOrder, items);
    order.items.forEach((it, i) => {
      const sl = scheduleLineRow(order, it, i);
      line.put(sl);
      linesOf.set(`${order.salesOrder}/${it.item}`, [sl]);
    });
    const partners: Row[] = [];
    for (const [fn, addr] of doc.partners) {
      const p = { SalesOrder: order.salesOrder, PartnerFunction: fn, Customer: order.soldToParty };
      partner.put(p);
      partners.push(p);
      const a: Row = { ...addr, SalesOrder: order.salesOrder, PartnerFunction: fn, AddressRepresentationCode: '' };
      address.put(a);
      addressesOf.set(`${order.salesOrder}/${fn}`, [a]);
    }
    partnersOf.set(order.salesOrder, partners);
    const pays = doc.payments.map((p) => ({ ...p, SalesOrder: order.salesOrder }) as Row);
    pays.forEach((p) => payment.put(p));
    paymentsOf.set(order.salesOrder, pays);
    return head;
  }

  /** The order's document, copying a seeded order on its first change. */
  function documentOf(salesOrder: string): OrderDocument | undefined {
    const existing = docs.get(salesOrder);
    if (existing) return existing;
    const original = seeded.get(salesOrder);
    if (!original) return undefined;
    const doc: OrderDocument = {
      order: structuredClone(original),
      items: new Map(),
      blocks: original.deliveryBlockReason ? [original.deliveryBlockReason] : [],
      billingBlock: '',
      paymentMethod: '',
      completeDelivery: false,
      partners: new Map(),
      payments: [],
    };
    if (original.rejectionStatus === 'C') for (const it of original.items) doc.items.set(it.item, { rejection: '00', priority: '02' });
    docs.set(salesOrder, doc);
    return doc;
  }

  const priced = (material: string, quantity: number, plant: string | undefined): Pick<ErpOrderItem, 'netPrice' | 'netAmount'> => {
    const product = products.get(material);
    const price = (plant && product?.storePrices[plant]) || product?.price || '0.00';
    return { netPrice: price, netAmount: decimal(cents(price) * quantity) };
  };

  return {
    products,
    docs,
    render,
    documentOf,
    priced,
    sets: [header.set, item.set, line.set, partner.set, address.set, payment.set] as const,
  };
}

export type SalesOrderStore = ReturnType<typeof salesOrderStore>;
