import type {
  BucketRate,
  CustomerRecord,
  Money,
  OrderLineRecord,
  OrderRecord,
  OrderStatus,
  PaymentRecord,
  PostalAddress,
} from '../../core/src/index.ts';
import { normalizeEmail, normalizePhone } from '../../core/src/index.ts';
import type { LwaAnswer, SpMoney, SpOrder, SpOrderItem, SpOrderStatus } from './types.ts';

/**
 * The one file that knows SP-API Orders v0 and Login with Amazon: paths, parameter and field
 * names, status codes, usage plans. Everything it returns is canonical.
 */

export const ORDERS_PATH = '/orders/v0/orders';
export const orderItemsPath = (amazonOrderId: string): string => `${ORDERS_PATH}/${encodeURIComponent(amazonOrderId)}/orderItems`;
export const DEFAULT_TOKEN_PATH = '/auth/o2/token';
export const ACCESS_TOKEN_HEADER = 'x-amz-access-token';
export const RATE_LIMIT_HEADER = 'x-amzn-ratelimit-limit';

/** AmazonOrderId is "3-7-7" digits; anything else cannot be an order number here. */
export const ORDER_ID_PATTERN = /^\d{3}-\d{7}-\d{7}$/;
/** The spec's `maxItems` for AmazonOrderIds (and MarketplaceIds). */
export const MAX_IDS_PER_CALL = 50;
export const MAX_RESULTS_PER_PAGE = 100;

/** Usage plans published in ordersV0.json, per operation. */
export const MARKETPLACE_PUBLISHED_QUOTAS: Readonly<
  Record<'getOrders' | 'getOrder' | 'getOrderItems' | 'getOrderBuyerInfo' | 'getOrderAddress' | 'confirmShipment', BucketRate>
> = Object.freeze({
  getOrders: { ratePerSecond: 0.0167, burst: 20 },
  getOrder: { ratePerSecond: 0.5, burst: 30 },
  getOrderItems: { ratePerSecond: 0.5, burst: 30 },
  getOrderBuyerInfo: { ratePerSecond: 0.5, burst: 30 },
  getOrderAddress: { ratePerSecond: 0.5, burst: 30 },
  confirmShipment: { ratePerSecond: 2, burst: 10 },
});

export const shipmentConfirmationPath = (amazonOrderId: string): string =>
  `${ORDERS_PATH}/${encodeURIComponent(amazonOrderId)}/shipmentConfirmation`;

/**
 * SP-API wants a positive number naming the package within the order. Derived from the tracking
 * number, so confirming the same parcel again names the same package (and changes nothing).
 */
export function packageReferenceIdOf(trackingNumber: string): string {
  let h = 0;
  for (const c of trackingNumber.trim().toUpperCase()) h = (h * 31 + c.charCodeAt(0)) % 999_999_937;
  return String(h + 1);
}

/** A `ConfirmShipmentRequest` body. */
export function confirmShipmentBody(request: {
  marketplaceId: string;
  trackingNumber: string;
  carrierCode: string;
  shipDate: string;
  items: readonly { orderItemId: string; quantity: number }[];
}): Record<string, unknown> {
  // The spec wants a date-time; a bare date means the start of that day (UTC).
  const shipDate = /^\d{4}-\d{2}-\d{2}$/.test(request.shipDate) ? `${request.shipDate}T00:00:00Z` : request.shipDate;
  return {
    marketplaceId: request.marketplaceId,
    packageDetail: {
      packageReferenceId: packageReferenceIdOf(request.trackingNumber),
      carrierCode: request.carrierCode,
      trackingNumber: request.trackingNumber,
      shipDate,
      orderItems: request.items.map((i) => ({ orderItemId: i.orderItemId, quantity: i.quantity })),
    },
  };
}

/** The seller's marketplaces in the seeded world: Amazon.cn's real id, and the JD channel's. */
export const DEFAULT_MARKETPLACE_IDS: Readonly<Record<string, string>> = Object.freeze({ AMAZON: 'AAHKV2X7AFYLW', JD: 'A3JDCN7Q4PXR2M' });

/** Domains of the masked addresses marketplaces hand out instead of the buyer's own. */
export const DEFAULT_RELAY_EMAIL_DOMAINS: readonly string[] = ['marketplace.amazon.cn', 'marketplace.amazon.com', 'relay.jd.com'];

/** A relay address is per order channel, not per person, so it is never identity. */
export function isRelayEmail(email: string, relayDomains: readonly string[]): boolean {
  const domain = email.trim().toLowerCase().split('@')[1] ?? '';
  return relayDomains.some((d) => domain === d || domain.endsWith(`.${d}`));
}

/** The buyer email as identity: normalised, and never a relay address. */
export function buyerKey(email: string | undefined, relayDomains: readonly string[]): string | undefined {
  const normalised = normalizeEmail(email);
  return normalised && !isRelayEmail(normalised, relayDomains) ? normalised : undefined;
}

// ---- requests --------------------------------------------------------------------------------

const spDate = (ms: number): string => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');

export function ordersOfBuyerParams(
  marketplaceIds: readonly string[],
  createdAfterMs: number,
  buyerEmail: string,
  pageSize: number,
): Record<string, string> {
  return {
    MarketplaceIds: marketplaceIds.join(','),
    CreatedAfter: spDate(createdAfterMs),
    BuyerEmail: buyerEmail,
    MaxResultsPerPage: String(pageSize),
  };
}

export function ordersByIdParams(
  marketplaceIds: readonly string[],
  createdAfterMs: number,
  amazonOrderIds: readonly string[],
): Record<string, string> {
  return {
    MarketplaceIds: marketplaceIds.join(','),
    CreatedAfter: spDate(createdAfterMs),
    AmazonOrderIds: amazonOrderIds.join(','),
    MaxResultsPerPage: String(MAX_RESULTS_PER_PAGE),
  };
}

/** Later pages: the token carries the query; MarketplaceIds stays because the spec requires it. */
export function nextOrdersPageParams(marketplaceIds: readonly string[], nextToken: string): Record<string, string> {
  return { MarketplaceIds: marketplaceIds.join(','), NextToken: nextToken };
}

export function nextItemsPageParams(nextToken: string | undefined): Record<string, string> | undefined {
  return nextToken ? { NextToken: nextToken } : undefined;
}

export function lwaTokenForm(clientId: string, clientSecret: string, refreshToken: string): string {
  return new URLSearchParams({
    grant_type: 'refresh_token',
    refresh_token: refreshToken,
    client_id: clientId,
    client_secret: clientSecret,
  }).toString();
}

export type LwaResult =
  { ok: true; accessToken: string; expiresInMs: number } | { ok: false; rejected: 'client' | 'refreshToken' | 'other'; error: string };

/** LWA answers OAuth-style: invalid_client is the app's id/secret, invalid_grant the refresh token. */
export function readLwaAnswer(answer: LwaAnswer): LwaResult {
  if ('access_token' in answer) return { ok: true, accessToken: answer.access_token, expiresInMs: answer.expires_in * 1000 };
  const rejected =
    answer.error === 'invalid_client' || answer.error === 'unauthorized_client'
      ? 'client'
      : answer.error === 'invalid_grant'
        ? 'refreshToken'
        : 'other';
  return { ok: false, rejected, error: answer.error };
}

// ---- records ---------------------------------------------------------------------------------

/**
 * Unfulfillable (multi-channel fulfilment could not source the order) maps to ON_HOLD, not
 * CANCELLED: nothing was cancelled or refunded yet, and the seller must act (cancel or re-source)
 * — telling an agent or a chatbot "cancelled" would be wrong until the order turns Canceled.
 */
export const ORDER_STATUS: Readonly<Record<SpOrderStatus, OrderStatus>> = Object.freeze({
  PendingAvailability: 'PENDING',
  Pending: 'PENDING',
  Unshipped: 'CONFIRMED',
  PartiallyShipped: 'PARTIALLY_SHIPPED',
  Shipped: 'SHIPPED',
  InvoiceUnconfirmed: 'SHIPPED',
  Canceled: 'CANCELLED',
  Unfulfillable: 'ON_HOLD',
});

export interface MappingContext {
  /** MarketplaceId → sales channel (AMAZON, JD). */
  channelByMarketplaceId: ReadonlyMap<string, string>;
  relayDomains: readonly string[];
  /** Currency for amounts the payload leaves out (prices of orders still awaiting payment). */
  defaultCurrency: string;
}

const money = (m: SpMoney): Money => ({ amount: m.Amount, currency: m.CurrencyCode });
/** SP-API omits prices before payment is authorised; the canonical Money is required, so zero. */
const unknownAmount = (ctx: MappingContext): Money => ({ amount: '0.00', currency: ctx.defaultCurrency });

function payment(order: SpOrder, total: Money): PaymentRecord {
  const method = order.PaymentMethod === 'COD' ? 'CASH' : order.PaymentMethod === 'CVS' ? 'OTHER' : 'MARKETPLACE';
  return { method, amount: total };
}

export function toOrderRecord(order: SpOrder, ctx: MappingContext): OrderRecord {
  const grandTotal = order.OrderTotal ? money(order.OrderTotal) : unknownAmount(ctx);
  const salesChannel = order.MarketplaceId ? ctx.channelByMarketplaceId.get(order.MarketplaceId) : undefined;
  const buyer = buyerKey(order.BuyerInfo?.BuyerEmail, ctx.relayDomains);
  return {
    system: 'MARKETPLACE',
    externalId: order.AmazonOrderId,
    number: order.AmazonOrderId,
    channel: 'MARKETPLACE',
    ...(salesChannel && { salesChannel }),
    status: ORDER_STATUS[order.OrderStatus],
    sourceStatus: order.OrderStatus,
    placedAt: order.PurchaseDate,
    updatedAt: order.LastUpdateDate,
    ...(buyer && { customerExternalId: buyer }),
    grandTotal,
    ...(order.OrderTotal && { payments: [payment(order, grandTotal)] }),
  };
}

/** Decimal division in integers: `total / quantity`, rounded half away from zero. */
function divideDecimal(total: string, quantity: number): string {
  const negative = total.startsWith('-');
  const [whole = '0', fraction = ''] = total.replace('-', '').split('.');
  const scale = Math.max(2, fraction.length);
  const minor = BigInt(whole + fraction.padEnd(scale, '0'));
  const q = BigInt(quantity);
  const unit = (minor * 2n + q) / (2n * q);
  const digits = unit.toString().padStart(scale + 1, '0');
  const out = `${digits.slice(0, -scale)}.${digits.slice(-scale)}`;
  return negative && unit !== 0n ? `-${out}` : out;
}

/** ItemPrice is the line total (unit price × QuantityOrdered), per the spec. */
export function toOrderLine(item: SpOrderItem, ctx: MappingContext): OrderLineRecord {
  const lineTotal = item.ItemPrice ? money(item.ItemPrice) : unknownAmount(ctx);
  const unitPrice =
    item.QuantityOrdered > 0 ? { amount: divideDecimal(lineTotal.amount, item.QuantityOrdered), currency: lineTotal.currency } : lineTotal;
  return {
    lineId: item.OrderItemId,
    // Without a seller SKU the ASIN is the only product key the marketplace gives.
    sku: item.SellerSKU ?? item.ASIN,
    ...(item.Title && { name: item.Title }),
    quantity: item.QuantityOrdered,
    unitPrice,
    lineTotal,
    deliveryMethod: 'SHIP',
    ...(item.ScheduledDeliveryEndDate && { promisedDate: item.ScheduledDeliveryEndDate.slice(0, 10) }),
  };
}

/**
 * BuyerName arrives as typed ("Wei Zhang", "ZHANG WEI", "张伟"): which part is the family name
 * cannot be known from a Latin-script name, so the last word is taken as the last name; a name
 * in Chinese characters without spaces starts with the family name.
 */
export function splitBuyerName(raw: string | undefined): { firstName: string; lastName: string } {
  const name = (raw ?? '').trim().replace(/\s+/g, ' ');
  if (!name) return { firstName: '', lastName: '' };
  const words = name.split(' ');
  if (words.length > 1) return { firstName: words.slice(0, -1).join(' '), lastName: words[words.length - 1]! };
  if (/^[\u3400-\u9fff]{2,}$/u.test(name)) return { firstName: name.slice(1), lastName: name.slice(0, 1) };
  return { firstName: name, lastName: '' };
}

function toAddress(a: NonNullable<SpOrder['ShippingAddress']>): PostalAddress | undefined {
  if (!a.AddressLine1 || !a.City || !a.PostalCode || !a.CountryCode) return undefined;
  return {
    line1: a.AddressLine1,
    city: a.City,
    ...(a.District && { district: a.District }),
    postcode: a.PostalCode,
    country: a.CountryCode,
  };
}

/**
 * One buyer, as the marketplace knows them, from the buyer's orders (any order): the newest order
 * gives the name and address; phones come from shipping addresses that still show one.
 */
export function toCustomerRecord(email: string, orders: readonly SpOrder[], ctx: MappingContext): CustomerRecord | undefined {
  const own = orders
    .filter((o) => buyerKey(o.BuyerInfo?.BuyerEmail, ctx.relayDomains) === email)
    .sort((a, b) => Date.parse(b.PurchaseDate) - Date.parse(a.PurchaseDate));
  const newest = own[0];
  if (!newest) return undefined;
  const named = own.find((o) => o.BuyerInfo?.BuyerName?.trim()) ?? own.find((o) => o.ShippingAddress?.Name?.trim());
  const { firstName, lastName } = splitBuyerName(named?.BuyerInfo?.BuyerName ?? named?.ShippingAddress?.Name);
  const phones = new Map<string, string>();
  for (const o of own) {
    const phone = o.ShippingAddress?.Phone?.trim();
    if (phone) {
      const key = normalizePhone(phone) ?? phone;
      if (!phones.has(key)) phones.set(key, phone);
    }
  }
  const address = own.map((o) => (o.ShippingAddress ? toAddress(o.ShippingAddress) : undefined)).find((a) => a !== undefined);
  return {
    system: 'MARKETPLACE',
    externalId: email,
    firstName,
    lastName,
    emails: [newest.BuyerInfo!.BuyerEmail!.trim()],
    phones: [...phones.values()],
    cardNumbers: [],
    ...(address && { address }),
    createdAt: own[own.length - 1]!.PurchaseDate,
  };
}

/** Newest first, as agents read an order history. */
export function newestFirst(a: OrderRecord, b: OrderRecord): number {
  return Date.parse(b.placedAt) - Date.parse(a.placedAt) || (a.externalId < b.externalId ? 1 : -1);
}
