import {
  AdapterError,
  SystemClient,
  alignToKeys,
  parseJson,
  type AttemptEvent,
  type BucketRate,
  type CallContext,
  type CustomerQuery,
  type CustomerRecord,
  type OrderLineRecord,
  type OrderRecord,
  type RequestSpec,
  type ResilienceOptions,
  type SystemResponse,
} from '../../core/src/index.ts';
import { LwaTokenProvider } from './LwaTokenProvider.ts';
import {
  ACCESS_TOKEN_HEADER,
  DEFAULT_MARKETPLACE_IDS,
  DEFAULT_RELAY_EMAIL_DOMAINS,
  DEFAULT_TOKEN_PATH,
  MARKETPLACE_PUBLISHED_QUOTAS,
  MAX_IDS_PER_CALL,
  MAX_RESULTS_PER_PAGE,
  ORDERS_PATH,
  ORDER_ID_PATTERN,
  RATE_LIMIT_HEADER,
  buyerKey,
  confirmShipmentBody,
  newestFirst,
  nextItemsPageParams,
  nextOrdersPageParams,
  orderItemsPath,
  ordersByIdParams,
  ordersOfBuyerParams,
  shipmentConfirmationPath,
  toCustomerRecord,
  toOrderLine,
  toOrderRecord,
  type MappingContext,
} from './mapping.ts';
import { mapWithConcurrency } from './pool.ts';
import { SpApiQuota } from './SpApiQuota.ts';
import { GetOrderItemsAnswer, GetOrdersResponse, SpErrorList, type SpOrder, type SpOrderItem } from './types.ts';

const DAY_MS = 86_400_000;
/** The longest a buyer listing is kept for its request (requests without a deadline). */
const BUYER_READ_KEEP_MS = 30_000;
/** Lower bound sent with id lookups: the spec insists on CreatedAfter even when ids are exact. */
const ID_LOOKUP_CREATED_AFTER = Date.parse('2000-01-01T00:00:00Z');
export const MARKETPLACE_CREDENTIAL_SETTINGS = 'MARKETPLACE_CLIENT_ID / MARKETPLACE_CLIENT_SECRET / MARKETPLACE_REFRESH_TOKEN';

export interface MarketplaceAdapterOptions {
  /** SP-API endpoint, e.g. https://sellingpartnerapi-fe.amazon.com or the simulator. */
  baseUrl: string;
  /** LWA client id of the application (MARKETPLACE_CLIENT_ID). */
  clientId: string;
  /** LWA client secret (MARKETPLACE_CLIENT_SECRET). */
  clientSecret: string;
  /** The seller's LWA refresh token (MARKETPLACE_REFRESH_TOKEN). */
  refreshToken: string;
  /** Sales channel → MarketplaceId of every marketplace to search. @default DEFAULT_MARKETPLACE_IDS (AMAZON, JD) */
  marketplaceIds?: Readonly<Record<string, string>>;
  /** Login with Amazon token endpoint (https://api.amazon.com/auth/o2/token in production). @default `${baseUrl}/auth/o2/token` */
  tokenUrl?: string;
  /** Per-attempt timeout, in ms. @default 2000 */
  timeoutMs?: number;
  /** Retry, circuit breaker and concurrency settings. @default see ResilienceOptions */
  resilience?: ResilienceOptions;
  /**
   * Client-side usage plan per operation (`getOrders`, `getOrderItems`), kept one token below the
   * burst; `false` turns client-side pacing off. @default MARKETPLACE_PUBLISHED_QUOTAS
   */
  rateLimits?: Partial<Record<string, BucketRate>> | false;
  /** Adopt the refill rate the server reports in `x-amzn-RateLimit-Limit`. @default true */
  followRateLimitHeader?: boolean;
  /** Observes each attempt (metrics, call counting in tests). @default none */
  onAttempt?: (event: AttemptEvent) => void;
  /** How far back a buyer's orders are searched, in days. @default 730 */
  lookbackDays?: number;
  /** MaxResultsPerPage for buyer searches (1–100). @default 100 */
  pageSize?: number;
  /** getOrders pages read per buyer at most (a runaway NextToken chain stops here). @default 10 */
  maxPages?: number;
  /** getOrderItems calls in flight at once (SP-API has no batch call for items). @default 4 */
  itemsConcurrency?: number;
  /** Refresh the LWA token this long before it expires, in ms. @default 60000 */
  tokenRefreshSkewMs?: number;
  /** Domains of masked relay addresses, never searched for nor used as identity. @default DEFAULT_RELAY_EMAIL_DOMAINS */
  relayEmailDomains?: readonly string[];
  /** Currency of amounts SP-API leaves out (items of orders awaiting payment). @default "CNY" */
  defaultCurrency?: string;
}

/**
 * Amazon Selling Partner API (Orders v0) adapter: buyers by email, their orders, orders by id and
 * order lines, as canonical records. Authenticates with Login with Amazon and paces itself inside
 * the seller's usage plans.
 */
export class MarketplaceAdapter {
  readonly client: SystemClient;
  /** The client-side usage plans, when enabled. */
  readonly quota: SpApiQuota | undefined;
  private readonly tokens: LwaTokenProvider;
  private readonly marketplaceIds: string[];
  private readonly mapping: MappingContext;
  private readonly lookbackMs: number;
  private readonly pageSize: number;
  private readonly maxPages: number;
  private readonly itemsConcurrency: number;
  private readonly followHeader: boolean;
  /** In-flight and finished buyer listings of requests still running (see ordersOfBuyer). */
  private readonly buyerReads = new Map<string, Promise<SpOrder[]>>();

  constructor(options: MarketplaceAdapterOptions) {
    const channels = options.marketplaceIds ?? DEFAULT_MARKETPLACE_IDS;
    this.marketplaceIds = [...new Set(Object.values(channels))];
    if (this.marketplaceIds.length === 0 || this.marketplaceIds.length > MAX_IDS_PER_CALL) {
      throw new RangeError(`marketplaceIds needs 1 to ${MAX_IDS_PER_CALL} marketplaces`);
    }
    this.mapping = {
      channelByMarketplaceId: new Map(Object.entries(channels).map(([channel, id]) => [id, channel])),
      relayDomains: (options.relayEmailDomains ?? DEFAULT_RELAY_EMAIL_DOMAINS).map((d) => d.toLowerCase()),
      defaultCurrency: options.defaultCurrency ?? 'CNY',
    };
    this.lookbackMs = (options.lookbackDays ?? 730) * DAY_MS;
    this.pageSize = options.pageSize ?? MAX_RESULTS_PER_PAGE;
    if (!Number.isInteger(this.pageSize) || this.pageSize < 1 || this.pageSize > MAX_RESULTS_PER_PAGE)
      throw new RangeError('pageSize must be 1 to 100');
    this.maxPages = options.maxPages ?? 10;
    this.itemsConcurrency = options.itemsConcurrency ?? 4;
    this.followHeader = options.followRateLimitHeader ?? true;
    this.quota =
      options.rateLimits === false
        ? undefined
        : new SpApiQuota({
            plans: {
              getOrders: MARKETPLACE_PUBLISHED_QUOTAS.getOrders,
              getOrderItems: MARKETPLACE_PUBLISHED_QUOTAS.getOrderItems,
              confirmShipment: MARKETPLACE_PUBLISHED_QUOTAS.confirmShipment,
              ...definedPlans(options.rateLimits),
            },
          });

    const common = {
      system: 'MARKETPLACE' as const,
      credentialSettings: MARKETPLACE_CREDENTIAL_SETTINGS,
      ...(options.timeoutMs !== undefined && { timeoutMs: options.timeoutMs }),
      ...(options.resilience && { resilience: options.resilience }),
      ...(options.onAttempt && { onAttempt: options.onAttempt }),
    };
    const tokenUrl = new URL(options.tokenUrl ?? `${options.baseUrl.replace(/\/$/, '')}${DEFAULT_TOKEN_PATH}`);
    this.tokens = new LwaTokenProvider({
      client: new SystemClient({ ...common, baseUrl: tokenUrl.origin }),
      path: tokenUrl.pathname,
      clientId: options.clientId,
      clientSecret: options.clientSecret,
      refreshToken: options.refreshToken,
      ...(options.tokenRefreshSkewMs !== undefined && { refreshSkewMs: options.tokenRefreshSkewMs }),
    });
    this.client = new SystemClient({
      ...common,
      baseUrl: options.baseUrl,
      authenticate: async (ctx) => ({ [ACCESS_TOKEN_HEADER]: await this.tokens.token(ctx) }),
      ...(this.quota && { rateLimiter: this.quota }),
    });
  }

  /** LWA token fetches so far (tests and metrics). */
  get tokenFetches(): number {
    return this.tokens.fetches;
  }

  /**
   * Buyers by email (the only searchable field: getOrders' BuyerEmail, matched case-insensitively
   * by SP-API). At most one record: a buyer is their email. Relay addresses are never searched.
   */
  async findCustomers(ctx: CallContext, q: CustomerQuery): Promise<CustomerRecord[]> {
    const email = buyerKey(q.email, this.mapping.relayDomains);
    if (!email) return [];
    const record = toCustomerRecord(email, await this.ordersOfBuyer(ctx, email), this.mapping);
    return record ? [record] : [];
  }

  /** Orders per buyer email (the marketplace customer id), newest first, aligned to the keys. */
  async ordersForBuyers(ctx: CallContext, buyerEmails: readonly string[]): Promise<OrderRecord[][]> {
    const keys = buyerEmails.map((e) => buyerKey(e, this.mapping.relayDomains));
    const unique = [...new Set(keys.filter((k): k is string => k !== undefined))];
    const fetched = await Promise.all(unique.map(async (email) => [email, await this.ordersOfBuyer(ctx, email)] as const));
    const byEmail = new Map(fetched.map(([email, orders]) => [email, orders.map((o) => toOrderRecord(o, this.mapping)).sort(newestFirst)]));
    return keys.map((k) => (k ? (byEmail.get(k) ?? []) : []));
  }

  /** Orders by AmazonOrderId, up to 50 per getOrders call; unknown or malformed ids give null. */
  async getOrders(ctx: CallContext, ids: readonly string[]): Promise<(OrderRecord | null)[]> {
    const valid = [...new Set(ids.map((id) => id.trim()).filter((id) => ORDER_ID_PATTERN.test(id)))];
    const chunks: string[][] = [];
    for (let i = 0; i < valid.length; i += MAX_IDS_PER_CALL) chunks.push(valid.slice(i, i + MAX_IDS_PER_CALL));
    const pages = await Promise.all(
      chunks.map((chunk) => this.listOrders(ctx, ordersByIdParams(this.marketplaceIds, ID_LOOKUP_CREATED_AFTER, chunk))),
    );
    const records = pages.flat().map((o) => toOrderRecord(o, this.mapping));
    return alignToKeys(
      ids.map((id) => id.trim()),
      records,
      (r) => r.externalId,
    );
  }

  /** An order number as a customer reads it: only "3-7-7" ids can be marketplace orders. */
  async findOrdersByNumber(ctx: CallContext, number: string): Promise<OrderRecord[]> {
    const id = number.trim();
    if (!ORDER_ID_PATTERN.test(id)) return [];
    const [order] = await this.getOrders(ctx, [id]);
    return order ? [order] : [];
  }

  /** Lines per order (one getOrderItems per order, paged), aligned; unknown orders give []. */
  async orderLines(ctx: CallContext, orderIds: readonly string[]): Promise<OrderLineRecord[][]> {
    const valid = [...new Set(orderIds.map((id) => id.trim()).filter((id) => ORDER_ID_PATTERN.test(id)))];
    const fetched = await mapWithConcurrency(valid, this.itemsConcurrency, async (id) => [id, await this.itemsOf(ctx, id)] as const);
    const byId = new Map(fetched.map(([id, items]) => [id, items.map((item) => toOrderLine(item, this.mapping))]));
    return orderIds.map((id) => byId.get(id.trim()) ?? []);
  }

  /**
   * Tells the marketplace a package left (confirmShipment), inside that operation's usage plan.
   * Without `marketplaceId` the order is read first to learn it. The package reference is derived
   * from the tracking number, so a repeated confirmation of one parcel is harmless (and retried).
   */
  async confirmShipment(
    ctx: CallContext,
    request: {
      orderId: string;
      marketplaceId?: string;
      trackingNumber: string;
      carrierCode: string;
      shipDate: string;
      items: { orderItemId: string; quantity: number }[];
    },
  ): Promise<void> {
    const orderId = request.orderId.trim();
    const reject = (message: string, status?: number) =>
      new AdapterError({ system: 'MARKETPLACE', code: 'UPSTREAM_REJECTED', retryable: false, message, ...(status && { status }) });
    if (!ORDER_ID_PATTERN.test(orderId)) throw reject(`${orderId} is not a marketplace order id`);
    let marketplaceId = request.marketplaceId;
    if (!marketplaceId) {
      const [order] = await this.getOrders(ctx, [orderId]);
      if (!order) throw reject(`marketplace order ${orderId} not found`, 404);
      marketplaceId = [...this.mapping.channelByMarketplaceId].find(([, channel]) => channel === order.salesChannel)?.[0];
      if (!marketplaceId) throw reject(`no MarketplaceId configured for channel ${order.salesChannel ?? '(none)'}`);
    }
    const { status, body } = await this.send(ctx, {
      operation: 'confirmShipment',
      method: 'POST',
      path: shipmentConfirmationPath(orderId),
      json: confirmShipmentBody({ ...request, marketplaceId }),
      idempotent: true,
      passStatuses: [400, 404],
      parse: (text) => (text.trim() === '' ? null : JSON.parse(text)),
      schema: SpErrorList.nullable(),
    });
    if (status === 204) return;
    const detail = (body?.errors ?? []).map((e) => [e.code, e.message, e.details].filter(Boolean).join(': ')).join('; ');
    throw reject(`the marketplace refused the shipment confirmation of ${orderId} (${status}${detail ? `: ${detail}` : ''})`, status);
  }

  /**
   * A buyer's orders, read once per GraphQL request: the customer search and the customer's
   * orders both need this same getOrders(BuyerEmail) listing, and at 0.0167 calls/s that quota
   * is the scarcest of all. Kept (failures too) until the request's deadline, then dropped.
   */
  private ordersOfBuyer(ctx: CallContext, email: string): Promise<SpOrder[]> {
    // Request id and deadline together name one GraphQL request.
    const key = `${ctx.requestId}\u0000${ctx.deadline ?? ''}\u0000${email}`;
    const known = this.buyerReads.get(key);
    if (known) return known;
    const read = this.listOrders(ctx, ordersOfBuyerParams(this.marketplaceIds, Date.now() - this.lookbackMs, email, this.pageSize));
    this.buyerReads.set(key, read);
    read.catch(() => undefined);
    const keepMs = Math.min(BUYER_READ_KEEP_MS, Math.max(0, (ctx.deadline ?? Number.POSITIVE_INFINITY) - Date.now()) + 1000);
    setTimeout(() => this.buyerReads.delete(key), keepMs).unref();
    return read;
  }

  /** getOrders followed through NextToken, at most `maxPages` pages. */
  private async listOrders(ctx: CallContext, firstPage: Record<string, string>): Promise<SpOrder[]> {
    const orders: SpOrder[] = [];
    let params = firstPage;
    for (let page = 0; page < this.maxPages; page++) {
      const { body } = await this.send(ctx, {
        operation: 'getOrders',
        path: ORDERS_PATH,
        searchParams: params,
        parse: parseJson,
        schema: GetOrdersResponse,
      });
      orders.push(...body.payload.Orders);
      const next = body.payload.NextToken;
      if (!next) break;
      params = nextOrdersPageParams(this.marketplaceIds, next);
    }
    return orders;
  }

  private async itemsOf(ctx: CallContext, amazonOrderId: string): Promise<SpOrderItem[]> {
    const items: SpOrderItem[] = [];
    let next: string | undefined;
    for (let page = 0; page < this.maxPages; page++) {
      const params = nextItemsPageParams(next);
      const { status, body } = await this.send(ctx, {
        operation: 'getOrderItems',
        path: orderItemsPath(amazonOrderId),
        ...(params && { searchParams: params }),
        passStatuses: [404],
        parse: parseJson,
        schema: GetOrderItemsAnswer,
      });
      if (status === 404 || !('payload' in body)) return [];
      items.push(...body.payload.OrderItems);
      next = body.payload.NextToken;
      if (!next) break;
    }
    return items;
  }

  /**
   * One SP-API call. A 403 usually means the cached access token expired or was revoked early:
   * fetch a new one and try once more before calling it a credentials problem.
   */
  private async send<T>(ctx: CallContext, spec: RequestSpec<T>): Promise<SystemResponse<T>> {
    const generation = this.tokens.generation;
    let response: SystemResponse<T>;
    try {
      response = await this.client.request(ctx, spec);
    } catch (err) {
      if (!(err instanceof AdapterError) || err.code !== 'UPSTREAM_AUTH_FAILED' || err.status !== 403) throw err;
      this.tokens.invalidate(generation);
      response = await this.client.request(ctx, spec);
    }
    if (this.followHeader) this.quota?.observe(spec.operation, response.headers[RATE_LIMIT_HEADER]);
    return response;
  }
}

function definedPlans(plans: Partial<Record<string, BucketRate>> | undefined): Record<string, BucketRate> {
  const out: Record<string, BucketRate> = {};
  for (const [op, plan] of Object.entries(plans ?? {})) if (plan) out[op] = plan;
  return out;
}
