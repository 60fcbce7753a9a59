/**
 * Changing sales orders through API_SALES_ORDER_SRV, as SAP allows it:
 *
 * - `PATCH A_SalesOrder('…')`: delivery and billing blocks (the order audit), payment method,
 *   complete delivery;
 * - `PATCH A_SalesOrderItem(…)`: quantity, plant, shipping type, delivery priority, and the
 *   rejection reason that cancels the item (SAP cancels by rejecting items, never by deleting);
 * - `PATCH A_SalesOrderScheduleLine(…)`: the requested delivery date;
 * - `PATCH A_SalesOrderPartnerAddress(…)`: the ship-to address and contact;
 * - `POST A_SalesOrder('…')/to_Item`, `/to_Partner`, `/to_PaymentPlanItemDetails`: a new item,
 *   ship-to partner, or card authorisation.
 *
 * An item that has been delivered (DeliveryStatus B or C) cannot be changed or rejected, and a
 * fully rejected order takes no changes: SAP answers with a business error (400).
 */
import type { ODataService, Row } from '../odata/model.ts';
import {
  BLOCK_REASONS,
  addressFields,
  addressOf,
  badBody,
  newItem,
  odataDate,
  paymentItemOf,
  quantityOf,
  rejected,
  text,
} from './salesOrderParts.ts';
import type { OrderDocument, SalesOrderStore } from './salesOrderStore.ts';

/** Rejection reasons defined in this ERP (SAP's TVAG; 00 is the system's own). */
const REJECTION_REASONS = new Set(['00', '01', '03', '10', '50', '51']);

/** A PATCH body: SAP accepts the bare entity or one wrapped in `d`. */
function entity(raw: unknown): Record<string, unknown> {
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) throw badBody('The request body is not a JSON entity.');
  const body = raw as Record<string, unknown>;
  const d = body.d;
  return d && typeof d === 'object' && !Array.isArray(d) ? (d as Record<string, unknown>) : body;
}

export function withSalesOrderChanges(service: ODataService, store: SalesOrderStore): ODataService {
  const itemRowOf = (so: string, item: string): Row | undefined =>
    service.sets.get('A_SalesOrderItem')!.find({ SalesOrder: so, SalesOrderItem: item });

  const changeable = (row: Row): OrderDocument => {
    const so = String(row.SalesOrder);
    const doc = store.documentOf(so);
    if (!doc) throw rejected(`Sales document ${so} cannot be changed by this API user.`);
    if (doc.order.rejectionStatus === 'C') throw rejected(`Sales document ${so} is rejected; it cannot be changed.`);
    return doc;
  };
  const openItem = (doc: OrderDocument, item: string) => {
    const so = doc.order.salesOrder;
    const found = doc.order.items.find((i) => i.item === item);
    if (!found) throw rejected(`Item ${item} does not exist in sales document ${so}.`);
    const status = String(itemRowOf(so, item)?.DeliveryStatus ?? 'A');
    if (status !== 'A' && status !== '')
      throw rejected(`Item ${item} of sales document ${so} has already been delivered; it cannot be changed.`);
    if (doc.items.get(item)?.rejection) throw rejected(`Item ${item} of sales document ${so} is rejected; it cannot be changed.`);
    return found;
  };

  const updaters = new Map<string, (row: Row, body: unknown) => void>([
    [
      'A_SalesOrder',
      (row, raw) => {
        const body = entity(raw);
        const doc = changeable(row);
        if ('YY1_DeliveryBlocks_SDH' in body || 'DeliveryBlockReason' in body) {
          const listed =
            'YY1_DeliveryBlocks_SDH' in body ? text(body, 'YY1_DeliveryBlocks_SDH', 40).split(',') : [text(body, 'DeliveryBlockReason', 2)];
          const blocks = [...new Set(listed.filter(Boolean))];
          for (const b of blocks) if (!BLOCK_REASONS.has(b)) throw rejected(`Delivery block '${b}' is not defined.`);
          doc.blocks = blocks;
        }
        if ('HeaderBillingBlockReason' in body) doc.billingBlock = text(body, 'HeaderBillingBlockReason', 2);
        if ('PaymentMethod' in body) {
          const method = text(body, 'PaymentMethod', 1);
          if (method !== '' && method !== 'P') throw rejected(`Payment method '${method}' is not defined.`);
          doc.paymentMethod = method;
        }
        if ('CompleteDeliveryIsDefined' in body) doc.completeDelivery = body.CompleteDeliveryIsDefined === true;
        store.render(doc);
      },
    ],
    [
      'A_SalesOrderItem',
      (row, raw) => {
        const body = entity(raw);
        const doc = changeable(row);
        const item = openItem(doc, String(row.SalesOrderItem));
        const extra = doc.items.get(item.item) ?? { rejection: '', priority: '02' };
        if ('SalesDocumentRjcnReason' in body) {
          const reason = text(body, 'SalesDocumentRjcnReason', 2);
          if (reason && !REJECTION_REASONS.has(reason)) throw rejected(`Reason for rejection '${reason}' is not defined.`);
          extra.rejection = reason;
        }
        if ('RequestedQuantity' in body) item.quantity = quantityOf(body.RequestedQuantity, Number(item.item) / 10 - 1);
        if ('ProductionPlant' in body) {
          const plant = text(body, 'ProductionPlant', 10);
          if (plant) item.plant = plant;
          else delete item.plant;
        }
        if ('ShippingType' in body) {
          const type = text(body, 'ShippingType', 2);
          if (type !== '01' && type !== '02') throw rejected(`Shipping type '${type}' is not defined.`);
          item.shippingCondition = type;
        }
        if ('DeliveryPriority' in body) extra.priority = text(body, 'DeliveryPriority', 2) || '02';
        Object.assign(item, store.priced(item.material, item.quantity, item.plant));
        doc.items.set(item.item, extra);
        store.render(doc);
      },
    ],
    [
      'A_SalesOrderScheduleLine',
      (row, raw) => {
        const body = entity(raw);
        const doc = changeable(row);
        const item = openItem(doc, String(row.SalesOrderItem));
        const date = odataDate(body, 'RequestedDeliveryDate');
        if (date) item.requestedDeliveryDate = date;
        store.render(doc);
      },
    ],
    [
      'A_SalesOrderPartnerAddress',
      (row, raw) => {
        const doc = changeable(row);
        const fn = String(row.PartnerFunction);
        doc.partners.set(fn, { ...doc.partners.get(fn), ...addressFields(entity(raw)) });
        store.render(doc);
      },
    ],
  ]);

  const relatedCreators = new Map<string, (parent: Row, body: unknown) => Row>([
    [
      'A_SalesOrder/to_Item',
      (parent, raw) => {
        const doc = changeable(parent);
        const next = String(doc.order.items.reduce((max, i) => Math.max(max, Number(i.item)), 0) + 10);
        const today = new Date().toISOString().slice(0, 10);
        const made = newItem(
          entity(raw),
          doc.order.items.length,
          next,
          { shipping: '01', requested: undefined, today },
          store.priced,
          (m) => store.products.has(m),
        );
        doc.order.items.push(made.item);
        doc.items.set(next, { rejection: '', priority: made.priority });
        store.render(doc);
        return itemRowOf(doc.order.salesOrder, next)!;
      },
    ],
    [
      'A_SalesOrder/to_Partner',
      (parent, raw) => {
        const doc = changeable(parent);
        const [fn, address] = addressOf(entity(raw), 0);
        if (doc.partners.has(fn)) throw rejected(`Partner function ${fn} already exists in sales document ${doc.order.salesOrder}.`);
        doc.partners.set(fn, address);
        store.render(doc);
        return { SalesOrder: doc.order.salesOrder, PartnerFunction: fn, Customer: doc.order.soldToParty };
      },
    ],
    [
      'A_SalesOrder/to_PaymentPlanItemDetails',
      (parent, raw) => {
        const doc = changeable(parent);
        const number = String(doc.payments.length + 1).padStart(6, '0');
        const payment = paymentItemOf(entity(raw), doc.payments.length, new Date().toISOString(), number);
        doc.payments.push({ ...payment, AuthorizationCurrency: payment.AuthorizationCurrency || doc.order.currency });
        store.render(doc);
        return { ...doc.payments[doc.payments.length - 1]!, SalesOrder: doc.order.salesOrder } as Row;
      },
    ],
  ]);

  return { ...service, updaters, relatedCreators };
}
