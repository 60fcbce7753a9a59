/**
 * Creating sales orders: `POST …/API_SALES_ORDER_SRV/A_SalesOrder` with a deep insert of
 * `to_Item` (SAP accepts `to_Item` as `{ results: [...] }` or a bare array). The ERP prices
 * the items itself from the material master, as SAP's pricing procedure would; the client
 * sends materials and quantities, never amounts.
 *
 * `PurchaseOrderByCustomer` is unique per sold-to party here (SAP's duplicate-PO check, set to
 * "error" in this system's customising), so a client that lost the answer of a create can look
 * the order up by its reference instead of placing a second one.
 */
import type { Dataset, ErpOrder, ErpOrderItem } from '../../../dataset/src/index.ts';
import { ODataError, SAP_CODES } from '../odata/errors.ts';
import type { EntitySet, ODataService, Row } from '../odata/model.ts';
import { headerRow, itemRow, scheduleLineRow } from './salesOrders.ts';

const badBody = (message: string) => new ODataError(400, SAP_CODES.badRequestBody, message);
const rejected = (message: string) => new ODataError(400, SAP_CODES.businessError, message);

const CHANNELS = new Set(['10', '11', '12']);
const BLOCK_REASONS = new Set(['', '01', '02']);
const MAX_ITEMS = 100;

function text(body: Record<string, unknown>, name: string, max: number, required = false): string {
  const v = body[name];
  if (v === undefined || v === null || v === '') {
    if (required) throw badBody(`Property '${name}' is required.`);
    return '';
  }
  if (typeof v !== 'string' || v.length > max) throw badBody(`Property '${name}' must be a string of at most ${max} characters.`);
  return v;
}

/** `/Date(ms)/` (what OData V2 JSON sends) → ISO date, or undefined when absent. */
function odataDate(body: Record<string, unknown>, name: string): string | undefined {
  const v = body[name];
  if (v === undefined || v === null || v === '') return undefined;
  const m = typeof v === 'string' ? /^\/Date\((-?\d+)(?:[+-]\d{4})?\)\/$/.exec(v) : null;
  if (!m) throw badBody(`Property '${name}' must be an Edm.DateTime literal such as /Date(1767225600000)/.`);
  return new Date(Number(m[1])).toISOString().slice(0, 10);
}

function quantityOf(raw: unknown, index: number): number {
  const n = typeof raw === 'string' && /^\d+(\.0+)?$/.test(raw) ? Number(raw) : raw;
  if (typeof n !== 'number' || !Number.isSafeInteger(n) || n < 1 || n > 100_000) {
    throw badBody(`Item ${index + 1}: 'RequestedQuantity' must be a whole number from 1 to 100000.`);
  }
  return n;
}

const cents = (decimal: string): number => Math.round(Number(decimal) * 100);
const decimal = (c: number): string => (c / 100).toFixed(2);

/** A set whose rows can grow after creation, looked up through `extra` first. */
function growable(set: EntitySet, navigation: EntitySet['navigation'], keyOf: (key: Readonly<Record<string, string>>) => string) {
  const rows: Row[] = [...set.rows];
  const extra = new Map<string, Row>();
  const grown: EntitySet = {
    ...set,
    rows,
    navigation,
    find: (key) => extra.get(keyOf(key)) ?? set.find(key),
  };
  const add = (row: Row, key: Readonly<Record<string, string>>) => {
    rows.push(row);
    extra.set(keyOf(key), row);
  };
  return { set: grown, add };
}

/**
 * The sales order service of `buildSalesOrderService`, made writable: created orders are
 * readable at once through the same paths, filters and `$expand` as seeded ones.
 */
export function withSalesOrderCreation(service: ODataService, dataset: Dataset, partners: EntitySet): ODataService {
  const orders = service.sets.get('A_SalesOrder')!;
  const items = service.sets.get('A_SalesOrderItem')!;
  const lines = service.sets.get('A_SalesOrderScheduleLine')!;
  const products = new Map(dataset.products.map((p) => [p.sku, p]));
  const createdItems = new Map<string, Row[]>();
  const createdLines = new Map<string, Row[]>();

  const header = growable(
    orders,
    {
      to_Item: {
        ...orders.navigation.to_Item!,
        resolve: (r) => createdItems.get(String(r.SalesOrder)) ?? orders.navigation.to_Item!.resolve(r),
      },
    },
    (k) => k.SalesOrder ?? '',
  );
  const item = growable(
    items,
    {
      to_SalesOrder: {
        ...items.navigation.to_SalesOrder!,
        resolve: (r) => {
          const h = header.set.find({ SalesOrder: String(r.SalesOrder) });
          return h ? [h] : [];
        },
      },
      to_ScheduleLine: {
        ...items.navigation.to_ScheduleLine!,
        resolve: (r) => createdLines.get(`${r.SalesOrder}/${r.SalesOrderItem}`) ?? items.navigation.to_ScheduleLine!.resolve(r),
      },
    },
    (k) => `${k.SalesOrder}/${k.SalesOrderItem}`,
  );
  const scheduleLine = growable(lines, lines.navigation, (k) => `${k.SalesOrder}/${k.SalesOrderItem}/${k.ScheduleLine}`);

  const references = new Set(orders.rows.map((r) => `${r.SoldToParty}|${r.PurchaseOrderByCustomer}`));
  let last = orders.rows.reduce((max, r) => Math.max(max, Number(r.SalesOrder) || 0), 1_000_000_000);

  const create = (raw: unknown): Row => {
    if (!raw || typeof raw !== 'object' || Array.isArray(raw)) throw badBody('The request body is not a JSON entity.');
    const body = raw as Record<string, unknown>;
    const soldTo = text(body, 'SoldToParty', 10, true);
    const channel = text(body, 'DistributionChannel', 2) || '12';
    const reference = text(body, 'PurchaseOrderByCustomer', 35);
    const block = text(body, 'DeliveryBlockReason', 2);
    const shipping = text(body, 'ShippingCondition', 2) || '01';
    const requested = odataDate(body, 'RequestedDeliveryDate');
    const type = text(body, 'SalesOrderType', 4) || 'OR';
    if (type !== 'OR') throw rejected(`Sales document type '${type}' is not allowed for this API user.`);
    if (!CHANNELS.has(channel)) throw rejected(`Distribution channel '${channel}' is not defined for sales organization 1000.`);
    if (!BLOCK_REASONS.has(block)) throw rejected(`Delivery block '${block}' is not defined.`);
    if (shipping !== '01' && shipping !== '02') throw rejected(`Shipping condition '${shipping}' is not defined.`);
    if (!partners.find({ BusinessPartner: soldTo })) throw rejected(`Sold-to party ${soldTo} does not exist.`);
    if (reference && references.has(`${soldTo}|${reference}`)) {
      throw rejected(`Purchase order number '${reference}' already exists for sold-to party ${soldTo}.`);
    }
    const rawItems = Array.isArray(body.to_Item)
      ? (body.to_Item as unknown[])
      : (body.to_Item as { results?: unknown } | undefined)?.results;
    if (!Array.isArray(rawItems) || rawItems.length === 0) throw badBody("A sales order needs at least one item in 'to_Item'.");
    if (rawItems.length > MAX_ITEMS) throw badBody(`A sales order holds at most ${MAX_ITEMS} items.`);

    const now = new Date().toISOString();
    const orderItems: ErpOrderItem[] = rawItems.map((r, i) => {
      if (!r || typeof r !== 'object') throw badBody(`Item ${i + 1} is not a JSON entity.`);
      const it = r as Record<string, unknown>;
      const material = text(it, 'Material', 40, true);
      const product = products.get(material);
      if (!product) throw rejected(`Material ${material} does not exist in sales organization 1000.`);
      const quantity = quantityOf(it.RequestedQuantity, i);
      const plant = text(it, 'ProductionPlant', 10);
      const itemShipping = text(it, 'ShippingCondition', 2) || shipping;
      const price = (plant && product.storePrices[plant]) || product.price;
      return {
        item: String((i + 1) * 10),
        material,
        quantity,
        netPrice: price,
        netAmount: decimal(cents(price) * quantity),
        shippingCondition: itemShipping === '02' ? '02' : '01',
        ...(plant && { plant }),
        requestedDeliveryDate: odataDate(it, 'RequestedDeliveryDate') ?? requested ?? now.slice(0, 10),
      };
    });
    const order: ErpOrder = {
      salesOrder: String(++last),
      salesOrderType: 'OR',
      distributionChannel: channel as ErpOrder['distributionChannel'],
      soldToParty: soldTo,
      purchaseOrderByCustomer: reference,
      createdAt: now,
      changedAt: now,
      processStatus: 'A',
      deliveryStatus: 'A',
      deliveryBlockReason: block as ErpOrder['deliveryBlockReason'],
      rejectionStatus: '',
      totalNetAmount: decimal(orderItems.reduce((sum, i) => sum + cents(i.netAmount), 0)),
      currency: orderItems.length ? (products.get(orderItems[0]!.material)?.currency ?? 'CNY') : 'CNY',
      items: orderItems,
      personId: '',
    };
    const head = headerRow(order);
    header.add(head, { SalesOrder: order.salesOrder });
    const itemRows = order.items.map((it, i) => itemRow(order, it, i, products.get(it.material)));
    createdItems.set(order.salesOrder, itemRows);
    order.items.forEach((it, i) => {
      item.add(itemRows[i]!, { SalesOrder: order.salesOrder, SalesOrderItem: it.item });
      const line = scheduleLineRow(order, it, i);
      createdLines.set(`${order.salesOrder}/${it.item}`, [line]);
      scheduleLine.add(line, { SalesOrder: order.salesOrder, SalesOrderItem: it.item, ScheduleLine: '1' });
    });
    if (reference) references.add(`${soldTo}|${reference}`);
    return head;
  };

  return {
    ...service,
    sets: new Map([header.set, item.set, scheduleLine.set].map((s) => [s.name, s])),
    creators: new Map([...(service.creators ?? []), ['A_SalesOrder', create]]),
  };
}
