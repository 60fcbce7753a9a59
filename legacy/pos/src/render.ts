import type { Location, PosCustomer, PosReceipt, PosTender, Product, ReturnRecord, Shipment } from '../../dataset/src/index.ts';
import { cardBrand, squareId } from './ids.ts';
import type {
  SquareCustomer,
  SquareFulfillment,
  SquareLineItem,
  SquareLocation,
  SquareMoney,
  SquareMoneyAmounts,
  SquareOrder,
  SquareOrderState,
  SquareRefund,
  SquareTender,
} from './wire.ts';

/** Dataset records rendered once, at start-up, into the Square objects the routes serve. */
export interface RenderContext {
  currency: string;
  merchantId: string;
  timezone: string;
  products: ReadonlyMap<string, Product>;
}

export const money = (amount: number, currency: string): SquareMoney => ({ amount, currency });

export function amounts(total: number, currency: string): SquareMoneyAmounts {
  const zero = money(0, currency);
  return { total_money: money(total, currency), tax_money: zero, discount_money: zero, tip_money: zero, service_charge_money: zero };
}

export function renderLocation(location: Location, ctx: RenderContext): SquareLocation {
  return {
    id: location.posLocationId ?? location.code,
    name: location.name,
    address: {
      address_line_1: location.address.line1,
      locality: location.address.city,
      sublocality: location.address.district,
      postal_code: location.address.postcode,
      country: location.address.country,
    },
    timezone: ctx.timezone,
    capabilities: ['CREDIT_CARD_PROCESSING', 'UNLINKED_REFUNDS'],
    status: 'ACTIVE',
    created_at: location.openedAt,
    merchant_id: ctx.merchantId,
    country: location.address.country,
    language_code: 'zh-CN',
    currency: ctx.currency,
    business_name: 'retail360',
    type: 'PHYSICAL',
    coordinates: { latitude: location.latitude, longitude: location.longitude },
    mcc: '5311',
  };
}

export function renderCustomer(customer: PosCustomer): SquareCustomer {
  return {
    id: customer.id,
    created_at: customer.createdAt,
    updated_at: customer.updatedAt,
    ...(customer.givenName && { given_name: customer.givenName }),
    ...(customer.familyName && { family_name: customer.familyName }),
    ...(customer.emailAddress && { email_address: customer.emailAddress }),
    ...(customer.phoneNumber && { phone_number: customer.phoneNumber }),
    ...(customer.referenceId && { reference_id: customer.referenceId }),
    preferences: { email_unsubscribed: false },
    creation_source: 'DIRECTORY',
    version: 1,
  };
}

/**
 * The SKU travels in the line item's `metadata.sku`: Square line items reference a catalog
 * item variation by its Square-generated id (`catalog_object_id`), and the SKU lives on that
 * variation, which this API subset cannot read. The variation id is derived from the SKU.
 */
export function catalogObjectId(sku: string): string {
  return squareId(`variation:${sku}`, 24);
}

function renderTender(tender: PosTender, receipt: PosReceipt, currency: string): SquareTender {
  const amount = money(tender.amountMoney, currency);
  const base: SquareTender = {
    id: tender.id,
    location_id: receipt.locationId,
    transaction_id: receipt.id,
    created_at: receipt.closedAt ?? receipt.createdAt,
    amount_money: amount,
    ...(receipt.customerId && { customer_id: receipt.customerId }),
    type: tender.type,
    payment_id: tender.id,
  };
  if (tender.type === 'CARD' || tender.type === 'SQUARE_GIFT_CARD') {
    const brand = tender.type === 'SQUARE_GIFT_CARD' ? 'SQUARE_GIFT_CARD' : cardBrand(tender.cardBrand);
    base.card_details = {
      status: 'CAPTURED',
      card: { card_brand: brand, ...(tender.cardLast4 && { last_4: tender.cardLast4 }) },
      entry_method: 'EMV',
    };
  } else if (tender.type === 'CASH') {
    base.cash_details = { buyer_tendered_money: amount, change_back_money: money(0, currency) };
  }
  return base;
}

/**
 * Endless-aisle sales (bought at the till, shipped from the store) carry a SHIPMENT fulfillment
 * with the carrier's tracking number, as a Square order fulfilled by shipment does.
 */
function renderShipment(receipt: PosReceipt, shipment: Shipment): SquareFulfillment {
  const shipped = shipment.events.find((e) => e.status !== 'PRE_TRANSIT' && e.status !== 'CANCELLED');
  const cancelled = shipment.status === 'CANCELLED' ? shipment.events[shipment.events.length - 1] : undefined;
  return {
    uid: squareId(`fulfillment:${shipment.trackingNumber}`, 22),
    type: 'SHIPMENT',
    state: shipment.status === 'CANCELLED' ? 'CANCELED' : shipped ? 'COMPLETED' : 'PREPARED',
    line_item_application: 'ALL',
    shipment_details: {
      ...(receipt.customerId && { recipient: { customer_id: receipt.customerId } }),
      carrier: shipment.carrier,
      tracking_number: shipment.trackingNumber,
      placed_at: receipt.createdAt,
      ...(shipped && { shipped_at: shipped.at }),
      ...(cancelled && { canceled_at: cancelled.at }),
    },
  };
}

export function renderSale(receipt: PosReceipt, ctx: RenderContext, returnedFen: number, shipments: readonly Shipment[] = []): SquareOrder {
  const c = ctx.currency;
  const lineItems: SquareLineItem[] = receipt.lineItems.map((line) => {
    const gross = line.basePriceMoney * line.quantity;
    return {
      uid: line.uid,
      name: line.name,
      quantity: String(line.quantity),
      catalog_object_id: catalogObjectId(line.sku),
      variation_name: 'Regular',
      item_type: 'ITEM',
      metadata: { sku: line.sku },
      base_price_money: money(line.basePriceMoney, c),
      variation_total_price_money: money(gross, c),
      gross_sales_money: money(gross, c),
      total_tax_money: money(0, c),
      total_discount_money: money(Math.max(0, gross - line.totalMoney), c),
      total_money: money(line.totalMoney, c),
    };
  });
  const discount = lineItems.reduce((sum, l) => sum + l.total_discount_money.amount, 0);
  const paid = receipt.tenders.reduce((sum, t) => sum + t.amountMoney, 0);
  return {
    id: receipt.id,
    location_id: receipt.locationId,
    reference_id: receipt.receiptNumber,
    source: { name: 'Square Point of Sale' },
    ...(receipt.customerId && { customer_id: receipt.customerId }),
    line_items: lineItems,
    ...(shipments.length > 0 && { fulfillments: shipments.map((s) => renderShipment(receipt, s)) }),
    ...(receipt.tenders.length > 0 && { tenders: receipt.tenders.map((t) => renderTender(t, receipt, c)) }),
    ...(returnedFen > 0 && { return_amounts: amounts(returnedFen, c) }),
    net_amounts: amounts(receipt.totalMoney - returnedFen, c),
    created_at: receipt.createdAt,
    updated_at: receipt.updatedAt,
    ...(receipt.closedAt && { closed_at: receipt.closedAt }),
    state: receipt.state,
    total_money: money(receipt.totalMoney, c),
    total_tax_money: money(0, c),
    total_discount_money: money(discount, c),
    total_tip_money: money(0, c),
    total_service_charge_money: money(0, c),
    net_amount_due_money: money(receipt.state === 'OPEN' ? Math.max(0, receipt.totalMoney - paid) : 0, c),
  };
}

const RETURN_STATE: Record<ReturnRecord['status'], SquareOrderState> = {
  REQUESTED: 'OPEN',
  APPROVED: 'OPEN',
  RECEIVED: 'OPEN',
  REFUNDED: 'COMPLETED',
  REJECTED: 'CANCELED',
};

export function returnedFen(ret: ReturnRecord): number {
  return ret.lines.reduce((sum, l) => sum + toFen(l.refundAmount), 0);
}

/**
 * A till return is its own Square order whose `returns` entry points at the sale
 * (`source_order_id`; unset for an unlinked return of a web or marketplace order), with the
 * refund on it. Its `total_money` is zero and the money sits in `return_amounts`.
 */
export function renderReturn(ret: ReturnRecord, locationId: string, source: PosReceipt | undefined, ctx: RenderContext): SquareOrder {
  const c = ctx.currency;
  const id = squareId(`return:${ret.returnId}`);
  const total = returnedFen(ret);
  const state = RETURN_STATE[ret.status];
  const sourceTender = ret.refundTender === 'ORIGINAL' ? source?.tenders[0] : undefined;
  const refund: SquareRefund | undefined =
    ret.status === 'REFUNDED' || ret.status === 'RECEIVED'
      ? {
          id: squareId(`refund:${ret.returnId}`),
          location_id: locationId,
          ...(source && { transaction_id: source.id }),
          ...(sourceTender && { tender_id: sourceTender.id }),
          created_at: ret.createdAt,
          reason: ret.lines[0]?.reason ?? 'Returned goods',
          amount_money: money(total, c),
          status: ret.status === 'REFUNDED' ? 'APPROVED' : 'PENDING',
        }
      : undefined;
  return {
    id,
    location_id: locationId,
    reference_id: ret.returnId,
    source: { name: 'Square Point of Sale' },
    ...(source?.customerId && { customer_id: source.customerId }),
    returns: [
      {
        uid: squareId(`return-uid:${ret.returnId}`, 22),
        ...(source && { source_order_id: source.id }),
        return_line_items: ret.lines.map((line, i) => {
          const fen = toFen(line.refundAmount);
          const sourceLine = source?.lineItems.find((l) => l.sku === line.sku);
          return {
            uid: `${id.slice(0, 8)}-${i + 1}`,
            ...(sourceLine && { source_line_item_uid: sourceLine.uid }),
            name: ctx.products.get(line.sku)?.name ?? sourceLine?.name ?? line.sku,
            quantity: String(line.quantity),
            catalog_object_id: catalogObjectId(line.sku),
            item_type: 'ITEM',
            note: line.reason,
            base_price_money: money(line.quantity > 0 ? Math.round(fen / line.quantity) : fen, c),
            total_money: money(fen, c),
          };
        }),
        return_amounts: amounts(total, c),
      },
    ],
    ...(refund && { refunds: [refund] }),
    return_amounts: amounts(total, c),
    net_amounts: amounts(-total, c),
    created_at: ret.createdAt,
    updated_at: ret.createdAt,
    ...(state !== 'OPEN' && { closed_at: ret.createdAt }),
    state,
    total_money: money(0, c),
    total_tax_money: money(0, c),
    total_discount_money: money(0, c),
    total_tip_money: money(0, c),
    total_service_charge_money: money(0, c),
    net_amount_due_money: money(0, c),
  };
}

function toFen(decimal: string): number {
  const match = /^(-?)(\d+)(?:\.(\d{1,2}))?$/.exec(decimal.trim());
  if (!match) return 0;
  const fen = Number(match[2]) * 100 + Number((match[3] ?? '0').padEnd(2, '0'));
  return match[1] === '-' ? -fen : fen;
}
