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
import type { Dataset, ErpOrder } from '../../../dataset/src/index.ts';
import type { EntitySet, ODataService, Row } from '../odata/model.ts';
import { withSalesOrderChanges } from './salesOrderChange.ts';
import {
  BLOCK_REASONS,
  addressOf,
  badBody,
  nested,
  newItem,
  odataDate,
  paymentItemOf,
  rejected,
  text,
  type DocumentParts,
} from './salesOrderParts.ts';
import { salesOrderStore, type OrderDocument } from './salesOrderStore.ts';

const CHANNELS = new Set(['10', '11', '12']);
const MAX_ITEMS = 100;

/**
 * The sales order service of `buildSalesOrderService`, made writable: created orders are
 * readable at once through the same paths, filters and `$expand` as seeded ones, and orders
 * can be changed through the API (see salesOrderChange.ts).
 */
export function withSalesOrderCreation(service: ODataService, dataset: Dataset, partners: EntitySet): ODataService {
  const store = salesOrderStore(service, dataset);
  const orders = service.sets.get('A_SalesOrder')!;
  const references = new Set(orders.rows.map((r) => `${r.SoldToParty}|${r.PurchaseOrderByCustomer}`));
  let last = orders.rows.reduce((max, r) => Math.max(max, Number(r.SalesOrder) || 0), 1_000_000_000);

  const create = (raw: unknown): Row => {
    if (!raw || typeof raw !== 'object' || Array.isArray(raw)) throw badBody('The request body is not a JSON entity.');
    const body = raw as Record<string, unknown>;
    const soldTo = text(body, 'SoldToParty', 10, true);
    const channel = text(body, 'DistributionChannel', 2) || '12';
    const reference = text(body, 'PurchaseOrderByCustomer', 35);
    const blocks = [...new Set([text(body, 'DeliveryBlockReason', 2), ...text(body, 'YY1_DeliveryBlocks_SDH', 40).split(',')])].filter(
      Boolean,
    );
    const shipping = text(body, 'ShippingCondition', 2) || '01';
    const requested = odataDate(body, 'RequestedDeliveryDate');
    const type = text(body, 'SalesOrderType', 4) || 'OR';
    const paymentMethod = text(body, 'PaymentMethod', 1);
    if (type !== 'OR') throw rejected(`Sales document type '${type}' is not allowed for this API user.`);
    if (!CHANNELS.has(channel)) throw rejected(`Distribution channel '${channel}' is not defined for sales organization 1000.`);
    for (const block of blocks) if (!BLOCK_REASONS.has(block)) throw rejected(`Delivery block '${block}' is not defined.`);
    if (shipping !== '01' && shipping !== '02') throw rejected(`Shipping condition '${shipping}' is not defined.`);
    if (paymentMethod !== '' && paymentMethod !== 'P') throw rejected(`Payment method '${paymentMethod}' is not defined.`);
    if (!partners.find({ BusinessPartner: soldTo })) throw rejected(`Sold-to party ${soldTo} does not exist.`);
    if (reference && references.has(`${soldTo}|${reference}`)) {
      throw rejected(`Purchase order number '${reference}' already exists for sold-to party ${soldTo}.`);
    }
    const rawItems = nested(body, 'to_Item');
    if (rawItems.length === 0) throw badBody("A sales order needs at least one item in 'to_Item'.");
    if (rawItems.length > MAX_ITEMS) throw badBody(`A sales order holds at most ${MAX_ITEMS} items.`);

    const now = new Date().toISOString();
    const made = rawItems.map((r, i) =>
      newItem(r, i, String((i + 1) * 10), { shipping, requested, today: now.slice(0, 10) }, store.priced, (m) => store.products.has(m)),
    );
    const parts: DocumentParts = {
      partners: new Map(nested(body, 'to_Partner').map((p, i) => addressOf(p, i))),
      payments: nested(body, 'to_PaymentPlanItemDetails').map((p, i) => paymentItemOf(p, i, now)),
    };
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
      deliveryBlockReason: (blocks[0] ?? '') as ErpOrder['deliveryBlockReason'],
      rejectionStatus: '',
      totalNetAmount: '0.00',
      currency: store.products.get(made[0]!.item.material)?.currency ?? 'CNY',
      items: made.map((m) => m.item),
      personId: '',
    };
    const doc: OrderDocument = {
      order,
      items: new Map(made.map((m) => [m.item.item, { rejection: '', priority: m.priority }])),
      blocks,
      billingBlock: text(body, 'HeaderBillingBlockReason', 2),
      paymentMethod,
      completeDelivery: body.CompleteDeliveryIsDefined === true,
      partners: parts.partners,
      payments: parts.payments.map((p) => ({ ...p, AuthorizationCurrency: p.AuthorizationCurrency || order.currency })),
    };
    store.docs.set(order.salesOrder, doc);
    if (reference) references.add(`${soldTo}|${reference}`);
    return store.render(doc);
  };

  const sets = new Map(store.sets.map((s) => [s.name, s]));
  return withSalesOrderChanges({ ...service, sets, creators: new Map([...(service.creators ?? []), ['A_SalesOrder', create]]) }, store);
}
