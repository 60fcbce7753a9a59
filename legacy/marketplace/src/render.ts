import type { MarketplaceChannel, MarketplaceOrderItem, MarketplaceOrderStatus } from '../../dataset/src/index.ts';
import type { OrderStore, StoredOrder } from './store.ts';

/**
 * Dataset records in SP-API Orders v0 wire shape (field names as in ordersV0.json). Restricted
 * fields (BuyerName, ShippingAddress name/street/phone) are served as they are to a caller
 * holding a Restricted Data Token with the PII role; the Tokens API itself is not simulated.
 */

const DAY_MS = 86_400_000;

const SALES_CHANNEL: Record<MarketplaceChannel, string> = { AMAZON: 'Amazon.cn', JD: 'JD.com' };

/** The seeded world has no COD or convenience-store payments. */
export const PAYMENT_METHOD = 'Other';

/** The spec serves ShippingAddress only for these statuses. */
const ADDRESS_STATUSES = new Set<MarketplaceOrderStatus>(['Unshipped', 'PartiallyShipped', 'Shipped', 'InvoiceUnconfirmed']);
/** getOrderItems leaves out prices, taxes and promotions until payment is authorised. */
const UNPRICED_STATUSES = new Set<MarketplaceOrderStatus>(['Pending', 'PendingAvailability']);
const SHIPPED_STATUSES = new Set<MarketplaceOrderStatus>(['Shipped', 'InvoiceUnconfirmed']);

/** SP-API timestamps have second precision: "2017-01-20T19:49:35Z". */
export function spDate(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** Shipping promise derived from the purchase time: ship within 2 days, deliver in 3–7. */
export function deliveryWindow(stored: StoredOrder): { earliestShip: number; latestShip: number; earliest: number; latest: number } {
  const p = stored.purchaseMs;
  return { earliestShip: p, latestShip: p + 2 * DAY_MS, earliest: p + 3 * DAY_MS, latest: p + 7 * DAY_MS };
}

function money(amount: string, currency: string) {
  return { CurrencyCode: currency, Amount: amount };
}

/**
 * The spec suppresses the phone for every AFN order and for shipped MFN orders once the latest
 * delivery date has passed.
 */
function phoneVisible(stored: StoredOrder, now: number): boolean {
  const { order } = stored;
  if (order.fulfillmentChannel === 'AFN') return false;
  return !(SHIPPED_STATUSES.has(order.orderStatus) && now > deliveryWindow(stored).latest);
}

export function renderAddress(stored: StoredOrder, now: number): Record<string, unknown> | undefined {
  const { order } = stored;
  if (!ADDRESS_STATUSES.has(order.orderStatus)) return undefined;
  const a = order.shippingAddress;
  return {
    Name: a.name,
    AddressLine1: a.line1,
    City: a.city,
    District: a.district,
    PostalCode: a.postcode,
    CountryCode: a.country,
    ...(phoneVisible(stored, now) && { Phone: a.phone }),
    AddressType: 'Residential',
  };
}

export function renderBuyerInfo(stored: StoredOrder): { BuyerEmail: string; BuyerName: string } {
  return { BuyerEmail: stored.order.buyerEmail, BuyerName: stored.order.buyerName };
}

export function renderOrder(stored: StoredOrder, now: number): Record<string, unknown> {
  const { order } = stored;
  const shipped = order.items.reduce((n, it) => n + it.quantityShipped, 0);
  const ordered = order.items.reduce((n, it) => n + it.quantityOrdered, 0);
  const unshipped = order.orderStatus === 'Canceled' || order.orderStatus === 'Unfulfillable' ? 0 : ordered - shipped;
  const w = deliveryWindow(stored);
  const address = renderAddress(stored, now);
  return {
    AmazonOrderId: order.amazonOrderId,
    SellerOrderId: order.amazonOrderId,
    PurchaseDate: spDate(stored.purchaseMs),
    LastUpdateDate: spDate(stored.updatedMs),
    OrderStatus: order.orderStatus,
    FulfillmentChannel: order.fulfillmentChannel,
    SalesChannel: SALES_CHANNEL[order.channel],
    ShipServiceLevel: 'Std CN D2D Dom',
    OrderTotal: money(order.orderTotal, order.currency),
    NumberOfItemsShipped: shipped,
    NumberOfItemsUnshipped: unshipped,
    PaymentMethod: PAYMENT_METHOD,
    PaymentMethodDetails: ['Standard'],
    MarketplaceId: order.marketplaceId,
    ShipmentServiceLevelCategory: 'Standard',
    OrderType: 'StandardOrder',
    EarliestShipDate: spDate(w.earliestShip),
    LatestShipDate: spDate(w.latestShip),
    EarliestDeliveryDate: spDate(w.earliest),
    LatestDeliveryDate: spDate(w.latest),
    IsBusinessOrder: false,
    IsPrime: false,
    IsPremiumOrder: false,
    IsGlobalExpressEnabled: false,
    IsReplacementOrder: false,
    IsSoldByAB: false,
    IsIBA: false,
    IsISPU: false,
    IsAccessPointOrder: false,
    HasRegulatedItems: false,
    ...(address && { ShippingAddress: address }),
    BuyerInfo: renderBuyerInfo(stored),
  };
}

export function renderItem(stored: StoredOrder, item: MarketplaceOrderItem, store: OrderStore): Record<string, unknown> {
  const { order } = stored;
  const product = store.product(item.sellerSku);
  const priced = !UNPRICED_STATUSES.has(order.orderStatus);
  return {
    ASIN: item.asin || product?.asin,
    SellerSKU: item.sellerSku,
    OrderItemId: item.orderItemId,
    Title: item.title || product?.name,
    QuantityOrdered: item.quantityOrdered,
    QuantityShipped: item.quantityShipped,
    ProductInfo: { NumberOfItems: '1' },
    ...(priced && { ItemPrice: money(item.itemPrice, order.currency) }),
    IsGift: 'false',
    ConditionId: 'New',
    ConditionSubtypeId: 'New',
    IsTransparency: false,
    SerialNumberRequired: false,
  };
}
