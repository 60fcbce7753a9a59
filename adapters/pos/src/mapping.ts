import type {
  CustomerRecord,
  DeliveryMethod,
  Money,
  OrderLineRecord,
  OrderRecord,
  OrderStatus,
  PaymentRecord,
  PostalAddress,
} from '../../core/src/index.ts';
import type {
  BatchRetrieveOrdersResponse,
  ListLocationsResponse,
  RetrieveCustomerResponse,
  SearchCustomersResponse,
  SearchOrdersResponse,
  GiftCardBalanceRecord,
  SquareCustomer,
  SquareGiftCard,
  SquareLocation,
  SquareMoney,
  SquareOrder,
  SquareRefund,
  StoreRecord,
  RefundRecord,
  RefundRequest,
  TenderRecord,
  TillPaymentRequest,
} from './types.ts';
import { CatalogVariationSchema, type StorePriceRecord } from './types.ts';

/**
 * The one place that knows Square's field names, states and tender types: request bodies
 * going out, canonical records coming back.
 */

// ---- requests -----------------------------------------------------------------------------

/** One SearchCustomers filter; Square ANDs the filters of one query, so each runs alone. */
export type CustomerFilter = { field: 'email'; exact: string } | { field: 'phone'; fuzzy: string } | { field: 'card'; exact: string };

const FILTER_FIELD = { email: 'email_address', phone: 'phone_number', card: 'reference_id' } as const;

export function searchCustomersBody(filter: CustomerFilter, limit: number, cursor: string | undefined): unknown {
  const match = 'exact' in filter ? { exact: filter.exact } : { fuzzy: filter.fuzzy };
  return {
    limit,
    ...(cursor && { cursor }),
    query: { filter: { [FILTER_FIELD[filter.field]]: match }, sort: { field: 'DEFAULT', order: 'ASC' } },
  };
}

export interface OrderSearch {
  locationIds: readonly string[];
  customerIds?: readonly string[];
  /** Inclusive RFC 3339 bounds on `created_at`. */
  createdBetween?: { start: string; end: string };
  /** Newest first when false. */
  oldestFirst?: boolean;
}

export function searchOrdersBody(search: OrderSearch, limit: number, cursor: string | undefined): unknown {
  const filter = {
    ...(search.customerIds && { customer_filter: { customer_ids: search.customerIds } }),
    ...(search.createdBetween && {
      date_time_filter: { created_at: { start_at: search.createdBetween.start, end_at: search.createdBetween.end } },
    }),
  };
  return {
    location_ids: search.locationIds,
    limit,
    return_entries: false,
    ...(cursor && { cursor }),
    // Square requires the sort field to match a date_time_filter's field: both are created_at.
    query: { filter, sort: { sort_field: 'CREATED_AT', sort_order: search.oldestFirst ? 'ASC' : 'DESC' } },
  };
}

export function batchRetrieveOrdersBody(orderIds: readonly string[]): unknown {
  return { order_ids: orderIds };
}

// ---- responses ----------------------------------------------------------------------------

export interface Page<T> {
  items: T[];
  cursor?: string;
}

export function storesFrom(body: ListLocationsResponse): StoreRecord[] {
  return (body.locations ?? []).map(toStoreRecord);
}

export function customersPage(body: SearchCustomersResponse): Page<CustomerRecord> {
  return { items: (body.customers ?? []).map(toCustomerRecord), ...(body.cursor && { cursor: body.cursor }) };
}

export function retrievedCustomer(body: RetrieveCustomerResponse): CustomerRecord | null {
  return body.customer ? toCustomerRecord(body.customer) : null;
}

/** Sales only: a till return is its own Square order (with `returns`), not a customer order. */
export function ordersPage(body: SearchOrdersResponse, storeCodeOf: StoreCodeLookup): Page<OrderRecord> {
  const items = (body.orders ?? []).filter((o) => !isReturnOrder(o)).map((o) => toOrderRecord(o, storeCodeOf));
  return { items, ...(body.cursor && { cursor: body.cursor }) };
}

export function retrievedOrders(body: BatchRetrieveOrdersResponse, storeCodeOf: StoreCodeLookup): OrderRecord[] {
  return (body.orders ?? []).filter((o) => !isReturnOrder(o)).map((o) => toOrderRecord(o, storeCodeOf));
}

export function isReturnOrder(order: SquareOrder): boolean {
  return (order.returns?.length ?? 0) > 0 && (order.line_items?.length ?? 0) === 0;
}

export function toStoreRecord(location: SquareLocation): StoreRecord {
  const address = toAddress(location.address);
  return {
    posLocationId: location.id,
    name: location.name ?? location.id,
    ...(address && { address }),
    ...(location.coordinates && { latitude: location.coordinates.latitude, longitude: location.coordinates.longitude }),
    active: location.status !== 'INACTIVE',
    ...(location.timezone && { timezone: location.timezone }),
  };
}

export function toCustomerRecord(customer: SquareCustomer): CustomerRecord {
  const address = toAddress(customer.address);
  return {
    system: 'POS',
    externalId: customer.id,
    firstName: customer.given_name ?? '',
    lastName: customer.family_name ?? '',
    emails: customer.email_address ? [customer.email_address] : [],
    phones: customer.phone_number ? [customer.phone_number] : [],
    // The till stores a scanned member card in the profile's reference_id.
    cardNumbers: customer.reference_id ? [customer.reference_id] : [],
    ...(address && { address }),
    ...(customer.created_at && { createdAt: customer.created_at }),
  };
}

function toAddress(address: SquareLocation['address']): PostalAddress | undefined {
  if (!address?.address_line_1 && !address?.locality) return undefined;
  return {
    line1: address.address_line_1 ?? '',
    city: address.locality ?? '',
    ...(address.sublocality && { district: address.sublocality }),
    postcode: address.postal_code ?? '',
    country: address.country ?? '',
  };
}

/** The WMS store code for a POS location id, when known (configuration or receipt number). */
export type StoreCodeLookup = (locationId: string, referenceId: string | undefined) => string | undefined;

export function toOrderRecord(order: SquareOrder, storeCodeOf: StoreCodeLookup): OrderRecord {
  const currency = order.total_money.currency;
  const storeCode = storeCodeOf(order.location_id, order.reference_id ?? undefined);
  // In-store carry-out is a pickup at the till; an endless-aisle sale carries a SHIPMENT fulfillment.
  const shipped = (order.fulfillments ?? []).some((f) => f.type === 'SHIPMENT' || f.type === 'DELIVERY');
  const deliveryMethod: DeliveryMethod = shipped ? 'SHIP' : 'PICKUP';
  const lines: OrderLineRecord[] = (order.line_items ?? []).map((line, i) => {
    const quantity = Number(line.quantity);
    const total = line.total_money ?? line.base_price_money ?? { amount: 0, currency };
    const unit = line.base_price_money ?? {
      amount: quantity > 0 ? Math.round(total.amount / quantity) : total.amount,
      currency: total.currency,
    };
    return {
      lineId: line.uid ?? String(i + 1),
      // The SKU rides in the line's metadata; catalog_object_id is Square's variation id.
      sku: line.metadata?.sku ?? line.catalog_object_id ?? '',
      ...(line.name && { name: line.name }),
      quantity,
      unitPrice: toMoney(unit),
      lineTotal: toMoney(total),
      deliveryMethod,
      ...(deliveryMethod === 'PICKUP' && storeCode && { pickupLocation: storeCode }),
    };
  });
  return {
    system: 'POS',
    externalId: order.id,
    number: order.reference_id ?? order.id,
    channel: 'STORE',
    status: statusOf(order),
    sourceStatus: order.state,
    placedAt: order.created_at,
    ...(order.updated_at && { updatedAt: order.updated_at }),
    ...(order.customer_id && { customerExternalId: order.customer_id }),
    lines,
    grandTotal: toMoney(order.total_money),
    payments: (order.tenders ?? []).map((t) => toPayment(t, currency)),
    ...(storeCode && { storeCode }),
  };
}

function statusOf(order: SquareOrder): OrderStatus {
  switch (order.state) {
    case 'COMPLETED': {
      const returned = order.return_amounts?.total_money?.amount ?? 0;
      const net = order.net_amounts?.total_money?.amount;
      return returned > 0 && net !== undefined && net <= 0 ? 'RETURNED' : 'COMPLETED';
    }
    case 'CANCELED':
      return 'CANCELLED';
    case 'OPEN': {
      // An open ticket that is fully tendered is a confirmed sale awaiting hand-over; otherwise parked.
      const paid = (order.tenders?.length ?? 0) > 0 && (order.net_amount_due_money?.amount ?? order.total_money.amount) <= 0;
      return paid ? 'CONFIRMED' : 'PENDING';
    }
    case 'DRAFT':
      return 'PENDING';
  }
}

function toPayment(tender: NonNullable<SquareOrder['tenders']>[number], currency: string): PaymentRecord {
  const brand = tender.card_details?.card?.card_brand ?? undefined;
  const last4 = tender.card_details?.card?.last_4 ?? undefined;
  let method: PaymentRecord['method'];
  if (tender.type === 'SQUARE_GIFT_CARD' || brand === 'SQUARE_GIFT_CARD') method = 'GIFT_CARD';
  else if (tender.type === 'CARD' || tender.type === 'THIRD_PARTY_CARD') method = 'CARD';
  else if (tender.type === 'CASH') method = 'CASH';
  else method = 'OTHER';
  return {
    method,
    amount: toMoney(tender.amount_money ?? { amount: 0, currency }),
    ...(brand && { cardBrand: brand }),
    ...(last4 && { cardLast4: last4 }),
  };
}

/** ISO 4217 minor-unit exponents that are not 2. */
const EXPONENT: Record<string, number> = {
  BIF: 0,
  CLP: 0,
  DJF: 0,
  GNF: 0,
  ISK: 0,
  JPY: 0,
  KMF: 0,
  KRW: 0,
  PYG: 0,
  RWF: 0,
  UGX: 0,
  VND: 0,
  VUV: 0,
  XAF: 0,
  XOF: 0,
  XPF: 0,
  BHD: 3,
  IQD: 3,
  JOD: 3,
  KWD: 3,
  LYD: 3,
  OMR: 3,
  TND: 3,
};

/** Square money (integer minor units) as a decimal string: 12900 CNY → "129.00". */
export function toMoney(money: SquareMoney): Money {
  const exponent = EXPONENT[money.currency] ?? 2;
  const sign = money.amount < 0 ? '-' : '';
  const digits = String(Math.abs(money.amount)).padStart(exponent + 1, '0');
  const amount = exponent === 0 ? digits : `${digits.slice(0, -exponent)}.${digits.slice(-exponent)}`;
  return { amount: `${sign}${amount}`, currency: money.currency };
}

/** A gift card answered for a GAN; a card without a balance reads as zero in its own currency. */
export function toGiftCardBalance(card: SquareGiftCard, gan: string, currency: string): GiftCardBalanceRecord {
  return {
    number: card.gan ?? gan,
    state: card.state ?? 'ACTIVE',
    balance: toMoney(card.balance_money ?? { amount: 0, currency }),
  };
}

/** SearchCatalogObjects for the item variations of these SKUs (exact match on `sku`). */
export function searchVariationsBody(skus: readonly string[], cursor: string | undefined): Record<string, unknown> {
  return {
    object_types: ['ITEM_VARIATION'],
    query: { set_query: { attribute_name: 'sku', attribute_values: [...skus] } },
    ...(cursor && { cursor }),
  };
}

/**
 * Item variations → store prices. Objects of other types, deleted variations and variations
 * without a SKU or price are skipped (a catalog may hold variable-priced items).
 */
export function storePricesFrom(objects: readonly unknown[]): StorePriceRecord[] {
  const out: StorePriceRecord[] = [];
  for (const o of objects) {
    const parsed = CatalogVariationSchema.safeParse(o);
    if (!parsed.success || parsed.data.is_deleted) continue;
    const v = parsed.data.item_variation_data;
    if (!v.sku || !v.price_money) continue;
    const byLocation: Record<string, Money> = {};
    for (const override of v.location_overrides ?? [])
      if (override.price_money) byLocation[override.location_id] = toMoney(override.price_money);
    out.push({ sku: v.sku, price: toMoney(v.price_money), byLocation });
  }
  return out;
}

// ---- money writes (refunds, till payments, gift cards): returns and exchanges ----

/** Decimal string → Square integer minor units ("129.00" CNY → 12900). */
export function toSquareMoney(money: Money): SquareMoney {
  const exponent = EXPONENT[money.currency] ?? 2;
  const m = /^(-?)(\d+)(?:\.(\d+))?$/.exec(money.amount.trim());
  if (!m) throw new RangeError(`not a decimal amount: ${money.amount}`);
  const fraction = (m[3] ?? '').padEnd(exponent, '0');
  if (fraction.length > exponent) throw new RangeError(`${money.amount} has more than ${exponent} decimals for ${money.currency}`);
  const amount = Number(`${m[2]}${fraction}`);
  return { amount: m[1] === '-' ? -amount : amount, currency: money.currency };
}

/** A till tender of a sale: Square gives each tender its payment's id. */
export function tendersOf(order: SquareOrder): TenderRecord[] {
  return (order.tenders ?? []).flatMap((t) =>
    t.id && t.amount_money
      ? [
          {
            paymentId: t.id,
            method:
              t.type === 'CASH'
                ? ('CASH' as const)
                : t.type === 'SQUARE_GIFT_CARD'
                  ? ('GIFT_CARD' as const)
                  : t.type === 'OTHER'
                    ? ('OTHER' as const)
                    : ('CARD' as const),
            amount: toMoney(t.amount_money),
            ...(t.card_details?.card?.last_4 && { cardLast4: t.card_details.card.last_4 }),
          },
        ]
      : [],
  );
}

export function refundPaymentBody(r: RefundRequest): Record<string, unknown> {
  return {
    idempotency_key: r.idempotencyKey,
    payment_id: r.paymentId,
    amount_money: toSquareMoney(r.amount),
    reason: r.reason.slice(0, 192),
  };
}

export function toRefundRecord(refund: SquareRefund): RefundRecord {
  return {
    id: refund.id,
    status: refund.status,
    amount: toMoney(refund.amount_money),
    ...(refund.payment_id && { paymentId: refund.payment_id }),
  };
}

/** A payment the till records itself (taken on its own terminal): Square's `EXTERNAL` source. */
export function tillPaymentBody(r: TillPaymentRequest): Record<string, unknown> {
  return {
    idempotency_key: r.idempotencyKey,
    source_id: 'EXTERNAL',
    amount_money: toSquareMoney(r.amount),
    location_id: r.posLocationId,
    reference_id: r.reference,
    external_details: { type: 'OTHER', source: r.note.slice(0, 255) },
  };
}

export function createGiftCardBody(idempotencyKey: string, posLocationId: string): Record<string, unknown> {
  return { idempotency_key: idempotencyKey, location_id: posLocationId, gift_card: { type: 'DIGITAL' } };
}

export function giftCardActivityBody(
  type: 'ACTIVATE' | 'LOAD',
  idempotencyKey: string,
  card: { id?: string; gan?: string },
  r: { posLocationId: string; amount: Money; reference: string },
): Record<string, unknown> {
  const details = { amount_money: toSquareMoney(r.amount), reference_id: r.reference, buyer_payment_instrument_ids: ['STORE_CREDIT'] };
  return {
    idempotency_key: idempotencyKey,
    gift_card_activity: {
      type,
      location_id: r.posLocationId,
      ...(card.id ? { gift_card_id: card.id } : { gift_card_gan: card.gan }),
      [type === 'ACTIVATE' ? 'activate_activity_details' : 'load_activity_details']: details,
    },
  };
}
