import type { ZodType } from 'zod';
import {
  SystemClient,
  parseJson,
  alignToKeys,
  groupToKeys,
  type AttemptEvent,
  type CallContext,
  type CustomerQuery,
  type CustomerRecord,
  type OrderRecord,
  type ProductRecord,
  type ResilienceOptions,
  type SystemResponse,
} from '../../core/src/index.ts';
import {
  CUSTOMER_EXPAND,
  LOYALTY_EXPAND,
  LOYALTY_SELECT,
  POSTINGS_NEWEST_FIRST,
  partnerFilter,
  postingBody,
  postingOutcome,
  postingReferenceFilter,
  toBasketLine,
  toLoyaltyRecord,
  toPointsEntry,
  toServiceCase,
  ORDER_DETAIL_EXPAND,
  ORDER_EXPAND,
  ORDER_NEWEST_FIRST,
  PATHS,
  PRODUCT_EXPAND,
  customerKeyFilter,
  customerSearchFilter,
  customerSearchMatcher,
  orderNumberFilter,
  productKeyFilter,
  salesOrderKeyFilter,
  soldToFilter,
  toCustomerRecord,
  toOrderRecord,
  toProductRecord,
  type MappingOptions,
} from './mapping.ts';
import { ErpCsrfClient } from './csrf.ts';
import { toOrderDetails } from './orderMapping.ts';
import { chunk, encodeQuery, nextLinkQuery, unique } from './odata.ts';
import type {
  BasketLineRecord,
  LoyaltyRecord,
  OrderDetailsRecord,
  PointsEntryRecord,
  PointsPostingRefusal,
  PointsPostingRequest,
  ServiceCaseRecord,
} from './records.ts';
import {
  BasketItemSchema,
  BusinessPartnerSchema,
  LoyaltyAccountSchema,
  PointsTransactionSchema,
  PostingResponseSchema,
  ProductSchema,
  SalesOrderSchema,
  ServiceCaseSchema,
  cachedCollectionOf,
  type Collection,
} from './types.ts';

export interface ErpAdapterOptions {
  /** Base URL of the SAP system (scheme, host, port), e.g. http://127.0.0.1:5001. */
  baseUrl: string;
  /** SAP communication user for HTTP Basic. */
  username: string;
  password: string;
  /** Per-attempt timeout, in ms. @default 2000 */
  timeoutMs?: number;
  /** Retry, circuit breaker and concurrency settings. @default see ResilienceOptions */
  resilience?: ResilienceOptions;
  /** Observes each attempt (metrics, tests). @default none */
  onAttempt?: (event: AttemptEvent) => void;
  /** SAP client (`sap-client`) to log on to. @default the system's default client */
  sapClient?: string;
  /** Keys per `or` filter; keeps URLs well under SAP's limits. @default 40 */
  batchSize?: number;
  /** Most business partners one customer search returns. @default 50 */
  searchLimit?: number;
  /** Most orders read per customer, newest first. @default 500 */
  maxOrdersPerCustomer?: number;
  /** The ERP's system time zone, in minutes east of UTC (SAP dates are local). @default 480 (China) */
  utcOffsetMinutes?: number;
}

/** Pages followed for one logical read before giving up on a runaway `__next` chain. */
const MAX_PAGES = 200;

/**
 * Reads customers, sales orders and products from an SAP S/4HANA system over its OData V2
 * APIs (API_BUSINESS_PARTNER, API_SALES_ORDER_SRV, API_PRODUCT_SRV). Batch methods fold
 * their keys into `or` filters, so N keys cost ⌈N / batchSize⌉ calls.
 */
export class ErpAdapter {
  readonly client: SystemClient;
  private readonly batchSize: number;
  private readonly searchLimit: number;
  private readonly maxOrdersPerCustomer: number;
  private readonly mapping: MappingOptions;
  private readonly sapClient: string | undefined;
  /** Every ERP write goes through this one CSRF session (sales orders, points, billing, returns…). */
  readonly writes: ErpCsrfClient;

  constructor(options: ErpAdapterOptions) {
    const basic = Buffer.from(`${options.username}:${options.password}`).toString('base64');
    this.client = new SystemClient({
      system: 'ERP',
      baseUrl: options.baseUrl,
      headers: { authorization: `Basic ${basic}`, accept: 'application/json' },
      credentialSettings: 'ERP_USERNAME / ERP_PASSWORD',
      ...(options.timeoutMs !== undefined && { timeoutMs: options.timeoutMs }),
      ...(options.resilience && { resilience: options.resilience }),
      ...(options.onAttempt && { onAttempt: options.onAttempt }),
    });
    this.batchSize = Math.max(1, options.batchSize ?? 40);
    this.searchLimit = Math.max(1, options.searchLimit ?? 50);
    this.maxOrdersPerCustomer = Math.max(1, options.maxOrdersPerCustomer ?? 500);
    this.mapping = { utcOffsetMinutes: options.utcOffsetMinutes ?? 480 };
    this.sapClient = options.sapClient;
    this.writes = new ErpCsrfClient(this.client, { ...(options.sapClient !== undefined && { sapClient: options.sapClient }) });
  }

  /** Business partners matching any of the given keys (one call). */
  async findCustomers(ctx: CallContext, q: CustomerQuery): Promise<CustomerRecord[]> {
    return (await this.findCustomersBatch(ctx, [q]))[0]!;
  }

  /**
   * Several searches in one call: an `or` of their filters, the answer split back per query by
   * evaluating each filter on the partners found (`customerSearchMatcher`). A partner no filter
   * claims (the ERP's search fields normalise differently from ours) goes to every query rather
   * than being lost. Each query keeps at most `searchLimit` partners, as when asked alone.
   */
  async findCustomersBatch(ctx: CallContext, queries: readonly CustomerQuery[]): Promise<CustomerRecord[][]> {
    const filters = queries.map(customerSearchFilter);
    const asked = filters.filter((f): f is string => f !== undefined);
    if (asked.length === 0) return queries.map(() => []);
    const max = this.searchLimit * asked.length;
    const found = await this.readAll(
      ctx,
      'findCustomers',
      PATHS.businessPartner,
      BusinessPartnerSchema,
      { $filter: asked.length === 1 ? asked[0]! : asked.map((f) => `(${f})`).join(' or '), $expand: CUSTOMER_EXPAND, $top: String(max) },
      max,
    );
    const matchers = queries.map((q, i) => (filters[i] === undefined ? () => false : customerSearchMatcher(q)));
    const claimed = found.map((bp) => matchers.map((matches) => matches(bp)));
    return queries.map((_q, i) =>
      filters[i] === undefined
        ? []
        : found
            .filter((_bp, j) => claimed[j]![i] || !claimed[j]!.includes(true))
            .slice(0, this.searchLimit)
            .map((bp) => toCustomerRecord(bp, this.mapping)),
    );
  }

  /** Business partners by number, aligned to `ids` (null where the ERP has none). */
  async getCustomers(ctx: CallContext, ids: readonly string[]): Promise<(CustomerRecord | null)[]> {
    const records = await this.byKeys(ids, async (batch) => {
      const found = await this.readAll(
        ctx,
        'getCustomers',
        PATHS.businessPartner,
        BusinessPartnerSchema,
        {
          $filter: customerKeyFilter(batch),
          $expand: CUSTOMER_EXPAND,
          $top: String(batch.length),
        },
        batch.length,
      );
      return found.map((bp) => toCustomerRecord(bp, this.mapping));
    });
    return alignToKeys(ids, records, (r) => r.externalId);
  }

  /**
   * Every order of each customer, newest first, with lines, up to `maxOrdersPerCustomer`
   * each; follows `__next` to the last page.
   */
  async ordersForCustomers(ctx: CallContext, customerIds: readonly string[]): Promise<OrderRecord[][]> {
    const orders = await this.byKeys(customerIds, async (batch) => {
      const limit = this.maxOrdersPerCustomer * batch.length;
      const found = await this.readAll(
        ctx,
        'ordersForCustomers',
        PATHS.salesOrder,
        SalesOrderSchema,
        {
          $filter: soldToFilter(batch),
          $expand: ORDER_EXPAND,
          $orderby: ORDER_NEWEST_FIRST,
          $top: String(limit),
        },
        limit,
      );
      return found.map((so) => toOrderRecord(so, this.mapping));
    });
    return groupToKeys(customerIds, orders, (o) => o.customerExternalId ?? '').map((list) => list.slice(0, this.maxOrdersPerCustomer));
  }

  /** Sales orders by SAP number, aligned to `ids`. */
  async getOrders(ctx: CallContext, ids: readonly string[]): Promise<(OrderRecord | null)[]> {
    const records = await this.byKeys(ids, async (batch) => {
      const found = await this.readAll(
        ctx,
        'getOrders',
        PATHS.salesOrder,
        SalesOrderSchema,
        {
          $filter: salesOrderKeyFilter(batch),
          $expand: ORDER_EXPAND,
          $top: String(batch.length),
        },
        batch.length,
      );
      return found.map((so) => toOrderRecord(so, this.mapping));
    });
    return alignToKeys(ids, records, (r) => r.externalId);
  }

  /** What the order capture reads of sales orders (holds, per-line detail, payments, ship-to), aligned to `ids`. */
  async getOrderDetails(ctx: CallContext, ids: readonly string[]): Promise<(OrderDetailsRecord | null)[]> {
    const records = await this.byKeys(ids, async (batch) => {
      const found = await this.readAll(
        ctx,
        'getOrderDetails',
        PATHS.salesOrder,
        SalesOrderSchema,
        { $filter: salesOrderKeyFilter(batch), $expand: ORDER_DETAIL_EXPAND, $top: String(batch.length) },
        batch.length,
      );
      return found.map(toOrderDetails);
    });
    return alignToKeys(ids, records, (r) => r.externalId);
  }

  /** Orders whose SAP number or customer reference (web shop number) is `number`. */
  async findOrdersByNumber(ctx: CallContext, number: string): Promise<OrderRecord[]> {
    const wanted = number.trim();
    if (!wanted) return [];
    const found = await this.readAll(
      ctx,
      'findOrdersByNumber',
      PATHS.salesOrder,
      SalesOrderSchema,
      {
        $filter: orderNumberFilter(wanted),
        $expand: ORDER_EXPAND,
        $orderby: ORDER_NEWEST_FIRST,
        $top: String(this.searchLimit),
      },
      this.searchLimit,
    );
    return found.map((so) => toOrderRecord(so, this.mapping));
  }

  /** Products (material master) by SKU, aligned to `skus`. */
  async getProducts(ctx: CallContext, skus: readonly string[]): Promise<(ProductRecord | null)[]> {
    const records = await this.byKeys(skus, async (batch) => {
      const found = await this.readAll(
        ctx,
        'getProducts',
        PATHS.product,
        ProductSchema,
        {
          $filter: productKeyFilter(batch),
          $expand: PRODUCT_EXPAND,
          $top: String(batch.length),
        },
        batch.length,
      );
      return found.map(toProductRecord);
    });
    return alignToKeys(skus, records, (r) => r.sku);
  }

  /** Loyalty accounts and cards by business partner, aligned to `ids`; never cached upstream of this. */
  async getLoyalty(ctx: CallContext, ids: readonly string[]): Promise<(LoyaltyRecord | null)[]> {
    const records = await this.byKeys(ids, async (batch) => {
      const found = await this.readAll(
        ctx,
        'getLoyalty',
        PATHS.businessPartner,
        LoyaltyAccountSchema,
        { $filter: partnerFilter(batch), $select: LOYALTY_SELECT, $expand: LOYALTY_EXPAND, $top: String(batch.length) },
        batch.length,
      );
      return found.map(toLoyaltyRecord);
    });
    return alignToKeys(ids, records, (r) => r.customerExternalId);
  }

  /** The newest `first` points postings of one customer. */
  async pointsHistory(ctx: CallContext, customerId: string, first: number): Promise<PointsEntryRecord[]> {
    const top = Math.max(1, Math.min(first, this.searchLimit * 4));
    const found = await this.readAll(
      ctx,
      'pointsHistory',
      PATHS.pointsTransaction,
      PointsTransactionSchema,
      { $filter: partnerFilter([customerId]), $orderby: POSTINGS_NEWEST_FIRST, $top: String(top) },
      top,
    );
    return found.map(toPointsEntry);
  }

  /**
   * Posts points (a redemption or an adjustment). The reference is unique per customer in
   * the ERP, so a retried or repeated posting is answered with the posting already made.
   * Business refusals (balance too low, unknown customer) come back as a refusal, not thrown.
   */
  async postPoints(ctx: CallContext, request: PointsPostingRequest): Promise<PointsEntryRecord | PointsPostingRefusal> {
    const response = await this.writes.send(ctx, {
      operation: 'postPoints',
      method: 'POST',
      path: `${PATHS.pointsTransaction}?${encodeQuery({ 'sap-client': this.sapClient })}`,
      json: postingBody(request),
      // Safe to retry: the ERP refuses a second posting with the same reference.
      idempotencyKey: request.reference,
      schema: PostingResponseSchema,
    });
    const outcome = postingOutcome(response.body);
    if (outcome.kind === 'created') return outcome.entry;
    if (outcome.kind === 'duplicate') {
      const existing = await this.findPosting(ctx, request.customerExternalId, request.reference);
      if (existing) return existing;
      return { refused: true, code: 'REJECTED', message: 'ERP reports the posting reference as used but cannot find it' };
    }
    return outcome.refusal;
  }

  /** Web shop cart and wishlist lines per customer, aligned to `ids`. */
  async basketsForCustomers(ctx: CallContext, ids: readonly string[]): Promise<BasketLineRecord[][]> {
    const lines = await this.byKeys(ids, async (batch) => {
      const found = await this.readAll(
        ctx,
        'basketsForCustomers',
        PATHS.basketItem,
        BasketItemSchema,
        { $filter: partnerFilter(batch), $top: String(200 * batch.length) },
        200 * batch.length,
      );
      return found.map(toBasketLine).filter((l): l is BasketLineRecord => l !== null);
    });
    return groupToKeys(ids, lines, (l) => l.customerExternalId);
  }

  /** Service cases per customer, newest first, aligned to `ids`. */
  async serviceCasesForCustomers(ctx: CallContext, ids: readonly string[]): Promise<ServiceCaseRecord[][]> {
    const cases = await this.byKeys(ids, async (batch) => {
      const found = await this.readAll(
        ctx,
        'serviceCasesForCustomers',
        PATHS.serviceCase,
        ServiceCaseSchema,
        { $filter: partnerFilter(batch), $orderby: 'CreationDateTime desc', $top: String(100 * batch.length) },
        100 * batch.length,
      );
      return found.map(toServiceCase);
    });
    return groupToKeys(ids, cases, (c) => c.customerExternalId);
  }

  private async findPosting(ctx: CallContext, customerId: string, reference: string): Promise<PointsEntryRecord | undefined> {
    const found = await this.readAll(
      ctx,
      'findPosting',
      PATHS.pointsTransaction,
      PointsTransactionSchema,
      { $filter: postingReferenceFilter(customerId, reference), $top: '1' },
      1,
    );
    return found[0] && toPointsEntry(found[0]);
  }

  /** Distinct non-empty keys in batches, fetched concurrently (the client caps concurrency). */
  private async byKeys<V>(keys: readonly string[], fetch: (batch: string[]) => Promise<V[]>): Promise<V[]> {
    const distinct = unique(keys.filter((k) => k !== ''));
    const batches = await Promise.all(chunk(distinct, this.batchSize).map(fetch));
    return batches.flat();
  }

  /** One collection read, following server-driven paging until `max` entities or the end. */
  private async readAll<T>(
    ctx: CallContext,
    operation: string,
    path: string,
    entity: ZodType<T>,
    params: Record<string, string>,
    max: number,
  ): Promise<T[]> {
    const schema: ZodType<Collection<T>> = cachedCollectionOf(entity);
    const out: T[] = [];
    let query: string | undefined = encodeQuery({ ...params, $format: 'json', 'sap-client': this.sapClient });
    for (let page = 0; query !== undefined && page < MAX_PAGES && out.length < max; page++) {
      const response: SystemResponse<Collection<T>> = await this.client.request(ctx, {
        operation,
        path: `${path}?${query}`,
        parse: parseJson,
        schema,
      });
      const { results, __next } = response.body.d;
      out.push(...results);
      query = __next && results.length > 0 ? nextLinkQuery(__next) : undefined;
    }
    return out.slice(0, max);
  }
}
