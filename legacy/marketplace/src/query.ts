import type { MarketplaceOrderStatus } from '../../dataset/src/index.ts';
import { invalidInput } from './errors.ts';
import type { PageTokens } from './pageTokens.ts';
import { deliveryWindow, PAYMENT_METHOD } from './render.ts';
import type { Cursor, DateField, OrderStore, StoredOrder } from './store.ts';
import { emailKey } from './store.ts';

/** Everything a getOrders page depends on; sealed into `NextToken` so later pages repeat it. */
export interface OrdersFilter {
  marketplaceIds: string[];
  field: DateField;
  from: number;
  to: number;
  statuses?: string[];
  fulfillmentChannels?: string[];
  paymentMethods?: string[];
  buyerEmail?: string;
  sellerOrderId?: string;
  amazonOrderIds?: string[];
  delivery?: { earliestAfter?: number; earliestBefore?: number; latestAfter?: number; latestBefore?: number };
  /** A filter on something no simulated order has (Easy Ship, e-invoices, store chains, ISPU). */
  matchesNothing?: boolean;
  pageSize: number;
}

export interface OrdersRequest {
  filter: OrdersFilter;
  cursor?: Cursor;
}

type Query = Record<string, unknown>;

const ORDER_STATUSES: readonly MarketplaceOrderStatus[] = [
  'PendingAvailability',
  'Pending',
  'Unshipped',
  'PartiallyShipped',
  'Shipped',
  'InvoiceUnconfirmed',
  'Canceled',
  'Unfulfillable',
];
const FULFILLMENT_CHANNELS = ['AFN', 'MFN'];
const PAYMENT_METHODS = ['COD', 'CVS', 'Other'];
export const ORDER_ID_PATTERN = /^\d{3}-\d{7}-\d{7}$/;
/** SP-API refuses a "before" bound closer than two minutes to the present. */
const LATEST_BOUND_LAG_MS = 2 * 60_000;
const ISO_8601 = /^\d{4}-\d{2}-\d{2}(?:T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}:?\d{2})?)?$/;

function single(query: Query, name: string): string | undefined {
  const raw = query[name];
  const value = Array.isArray(raw) ? raw[raw.length - 1] : raw;
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;
}

/** Arrays travel comma-separated (Swagger 2.0's default `csv`); repeated keys are accepted too. */
function list(query: Query, name: string, max?: number, allowed?: readonly string[]): string[] | undefined {
  const raw = query[name];
  if (raw === undefined) return undefined;
  const values = (Array.isArray(raw) ? raw : [raw])
    .flatMap((v) => String(v).split(','))
    .map((v) => v.trim())
    .filter((v) => v !== '');
  if (values.length === 0) return undefined;
  if (max !== undefined && values.length > max) throw invalidInput(`${name} accepts at most ${max} values.`);
  const bad = allowed && values.find((v) => !allowed.includes(v));
  if (bad) throw invalidInput(`Invalid value for ${name}: ${bad}.`, `Allowed values: ${allowed.join(', ')}.`);
  return [...new Set(values)];
}

function date(query: Query, name: string): number | undefined {
  const value = single(query, name);
  if (value === undefined) return undefined;
  const ms = ISO_8601.test(value)
    ? Date.parse(/[zZ]|[+-]\d{2}:?\d{2}$/.test(value) || !value.includes('T') ? value : `${value}Z`)
    : Number.NaN;
  if (Number.isNaN(ms)) throw invalidInput(`Invalid date-time field: ${name}.`, `${name} must be an ISO 8601 date-time.`);
  return ms;
}

function checkBefore(name: string, before: number | undefined, after: number | undefined, afterName: string, now: number): number {
  const latest = now - LATEST_BOUND_LAG_MS;
  if (before === undefined) return latest;
  if (before > latest) throw invalidInput(`${name} must be at least two minutes before the current time.`);
  if (after !== undefined && before < after) throw invalidInput(`${name} must be equal to or after ${afterName}.`);
  return before;
}

/** Reads a getOrders query string, applying the spec's rules; throws 400 InvalidInput. */
export function parseOrdersRequest(query: Query, now: number, store: OrderStore, tokens: PageTokens): OrdersRequest {
  const marketplaceIds = list(query, 'MarketplaceIds', 50);
  if (!marketplaceIds) throw invalidInput('Missing required parameter: MarketplaceIds.');
  const unknown = marketplaceIds.find((id) => !store.marketplaces.has(id));
  if (unknown) throw invalidInput(`Invalid MarketplaceId: ${unknown}.`, 'The seller does not participate in this marketplace.');

  const nextToken = single(query, 'NextToken');
  if (nextToken !== undefined) {
    // As in SP-API, a NextToken carries the original query; the other filters are not re-read.
    const sealed = tokens.open(nextToken) as { kind?: string; request?: OrdersRequest } | undefined;
    if (!sealed || sealed.kind !== 'orders' || !sealed.request)
      throw invalidInput('Invalid NextToken.', 'The NextToken is invalid or has expired.');
    return sealed.request;
  }

  const createdAfter = date(query, 'CreatedAfter');
  const createdBefore = date(query, 'CreatedBefore');
  const updatedAfter = date(query, 'LastUpdatedAfter');
  const updatedBefore = date(query, 'LastUpdatedBefore');
  if (createdAfter === undefined && updatedAfter === undefined) {
    throw invalidInput('Either CreatedAfter or LastUpdatedAfter must be specified.');
  }
  if (createdAfter !== undefined && (updatedAfter !== undefined || updatedBefore !== undefined)) {
    throw invalidInput('LastUpdatedAfter and LastUpdatedBefore cannot be set when CreatedAfter is set.');
  }
  if (updatedAfter !== undefined && createdBefore !== undefined) {
    throw invalidInput('CreatedAfter or CreatedBefore cannot be set when LastUpdatedAfter is set.');
  }
  const byCreation = createdAfter !== undefined;
  const from = (byCreation ? createdAfter : updatedAfter)!;
  const to = byCreation
    ? checkBefore('CreatedBefore', createdBefore, createdAfter, 'CreatedAfter', now)
    : checkBefore('LastUpdatedBefore', updatedBefore, updatedAfter, 'LastUpdatedAfter', now);

  const pageSizeRaw = single(query, 'MaxResultsPerPage');
  const pageSize = pageSizeRaw === undefined ? 100 : Number(pageSizeRaw);
  if (!Number.isInteger(pageSize) || pageSize < 1 || pageSize > 100) {
    throw invalidInput('Invalid MaxResultsPerPage.', 'MaxResultsPerPage must be an integer from 1 to 100.');
  }

  const filter: OrdersFilter = { marketplaceIds, field: byCreation ? 'purchase' : 'updated', from, to, pageSize };
  const statuses = list(query, 'OrderStatuses', undefined, ORDER_STATUSES);
  const fulfillmentChannels = list(query, 'FulfillmentChannels', undefined, FULFILLMENT_CHANNELS);
  const paymentMethods = list(query, 'PaymentMethods', undefined, PAYMENT_METHODS);
  const buyerEmail = single(query, 'BuyerEmail');
  const sellerOrderId = single(query, 'SellerOrderId');
  const amazonOrderIds = list(query, 'AmazonOrderIds', 50);
  const badId = amazonOrderIds?.find((id) => !ORDER_ID_PATTERN.test(id));
  if (badId) throw invalidInput(`Invalid AmazonOrderId: ${badId}.`, 'AmazonOrderId values are in 3-7-7 format.');
  if (
    sellerOrderId !== undefined &&
    (fulfillmentChannels ||
      statuses ||
      paymentMethods ||
      updatedAfter !== undefined ||
      updatedBefore !== undefined ||
      buyerEmail !== undefined)
  ) {
    throw invalidInput(
      'If SellerOrderId is specified, FulfillmentChannels, OrderStatuses, PaymentMethod, LastUpdatedAfter, LastUpdatedBefore, and BuyerEmail cannot be specified.',
    );
  }
  if (statuses) filter.statuses = statuses;
  if (fulfillmentChannels) filter.fulfillmentChannels = fulfillmentChannels;
  if (paymentMethods) filter.paymentMethods = paymentMethods;
  if (buyerEmail !== undefined) filter.buyerEmail = emailKey(buyerEmail);
  if (sellerOrderId !== undefined) filter.sellerOrderId = sellerOrderId;
  if (amazonOrderIds) filter.amazonOrderIds = amazonOrderIds;

  const delivery = {
    earliestAfter: date(query, 'EarliestDeliveryDateAfter'),
    earliestBefore: date(query, 'EarliestDeliveryDateBefore'),
    latestAfter: date(query, 'LatestDeliveryDateAfter'),
    latestBefore: date(query, 'LatestDeliveryDateBefore'),
  };
  if (Object.values(delivery).some((v) => v !== undefined)) {
    filter.delivery = Object.fromEntries(Object.entries(delivery).filter(([, v]) => v !== undefined));
  }

  const ispu = single(query, 'IsISPU');
  if (ispu !== undefined && ispu !== 'true' && ispu !== 'false') throw invalidInput('Invalid IsISPU.', 'IsISPU must be true or false.');
  if (
    ispu === 'true' ||
    list(query, 'EasyShipShipmentStatuses') ||
    list(query, 'ElectronicInvoiceStatuses') ||
    single(query, 'StoreChainStoreId') !== undefined ||
    single(query, 'ActualFulfillmentSupplySourceId') !== undefined
  ) {
    filter.matchesNothing = true;
  }
  return { filter };
}

function matches(filter: OrdersFilter, stored: StoredOrder): boolean {
  const { order } = stored;
  if (filter.matchesNothing) return false;
  if (!filter.marketplaceIds.includes(order.marketplaceId)) return false;
  if (filter.statuses && !filter.statuses.includes(order.orderStatus)) return false;
  if (filter.fulfillmentChannels && !filter.fulfillmentChannels.includes(order.fulfillmentChannel)) return false;
  if (filter.paymentMethods && !filter.paymentMethods.includes(PAYMENT_METHOD)) return false;
  if (filter.buyerEmail !== undefined && stored.emailKey !== filter.buyerEmail) return false;
  // Orders without a seller-assigned id carry the Amazon order id as SellerOrderId.
  if (filter.sellerOrderId !== undefined && order.amazonOrderId !== filter.sellerOrderId) return false;
  if (filter.amazonOrderIds && !filter.amazonOrderIds.includes(order.amazonOrderId)) return false;
  const d = filter.delivery;
  if (d) {
    const w = deliveryWindow(stored);
    if (d.earliestAfter !== undefined && w.earliest < d.earliestAfter) return false;
    if (d.earliestBefore !== undefined && w.earliest > d.earliestBefore) return false;
    if (d.latestAfter !== undefined && w.latest < d.latestAfter) return false;
    if (d.latestBefore !== undefined && w.latest > d.latestBefore) return false;
  }
  return true;
}

export interface OrdersPage {
  orders: StoredOrder[];
  nextToken?: string;
}

export function runOrdersRequest(store: OrderStore, request: OrdersRequest, tokens: PageTokens): OrdersPage {
  const { filter } = request;
  const { page, more } = store.scan(
    filter.field,
    filter.from,
    filter.to,
    request.cursor,
    filter.pageSize,
    (o) => matches(filter, o),
    filter.buyerEmail,
  );
  const last = page[page.length - 1];
  if (!more || !last) return { orders: page };
  const cursor: Cursor = { at: filter.field === 'purchase' ? last.purchaseMs : last.updatedMs, id: last.order.amazonOrderId };
  return { orders: page, nextToken: tokens.seal({ kind: 'orders', request: { filter, cursor } }) };
}
