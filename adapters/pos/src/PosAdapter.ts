import { parsePhoneNumberFromString } from 'libphonenumber-js';
import {
  AdapterError,
  SystemClient,
  alignToKeys,
  groupToKeys,
  normalizeCard,
  normalizeEmail,
  normalizePhone,
  parseJson,
  type AttemptEvent,
  type CallContext,
  type CustomerQuery,
  type CustomerRecord,
  type OrderRecord,
  type ResilienceOptions,
} from '../../core/src/index.ts';
import { chunk, mapLimit, unique } from './batching.ts';
import {
  batchRetrieveOrdersBody,
  customersPage,
  ordersPage,
  retrievedCustomer,
  retrievedOrders,
  searchCustomersBody,
  searchOrdersBody,
  searchVariationsBody,
  storePricesFrom,
  storesFrom,
  toGiftCardBalance,
  type CustomerFilter,
  type OrderSearch,
  type Page,
} from './mapping.ts';
import { parseReceiptNumber } from './receiptNumber.ts';
import {
  BatchRetrieveOrdersResponseSchema,
  GiftCardResponseSchema,
  ListLocationsResponseSchema,
  RetrieveCustomerResponseSchema,
  SearchCustomersResponseSchema,
  SearchCatalogObjectsResponseSchema,
  SearchOrdersResponseSchema,
  type StorePriceRecord,
  type GiftCardBalanceRecord,
  type StoreRecord,
} from './types.ts';

export interface PosAdapterOptions {
  /** Base URL of the Square-style POS API, e.g. http://127.0.0.1:5002. */
  baseUrl: string;
  /** Access token, sent as `Authorization: Bearer <token>` (setting POS_ACCESS_TOKEN). */
  accessToken: string;
  /** Per-attempt timeout, in ms. @default 2000 */
  timeoutMs?: number;
  /** Retry, circuit breaker and concurrency settings. @default see ResilienceOptions */
  resilience?: ResilienceOptions;
  /** Observes each upstream attempt. @default none */
  onAttempt?: (event: AttemptEvent) => void;
  /** `Square-Version` header: the API version the mapping was written against. @default "2025-08-20" */
  squareVersion?: string;
  /** How long the location list is reused before it is fetched again, in ms. @default 300000 */
  locationsTtlMs?: number;
  /**
   * WMS store code per POS location id. Without it, store codes are read from receipt numbers
   * and a receipt-number search covers every location. @default {}
   */
  storeCodes?: Record<string, string>;
  /** Per-id customer lookups in flight at once (the API has no batch get). @default 8 */
  concurrency?: number;
  /** Orders per SearchOrders page (Square allows up to 1000). @default 500 */
  pageSize?: number;
  /** Pages followed for one search before it is treated as a runaway cursor. @default 50 */
  maxPages?: number;
  /** Clock for the location cache. @default Date.now */
  now?: () => number;
}

/** Square caps SearchOrders at 10 location ids and 10 customer ids, BatchRetrieveOrders at 100 ids. */
const MAX_LOCATIONS = 10;
const MAX_CUSTOMERS = 10;
const MAX_ORDER_IDS = 100;
/** Square caps a set query's `attribute_values` at 250. */
const MAX_CATALOG_VALUES = 250;
const CUSTOMER_PAGE = 100;
const DAY_MS = 86_400_000;

/** Reads the POS (Square Connect v2 style) and answers in canonical records. */
export class PosAdapter {
  readonly client: SystemClient;
  private readonly pageSize: number;
  private readonly maxPages: number;
  private readonly concurrency: number;
  private readonly locationsTtlMs: number;
  private readonly now: () => number;
  private readonly codeByLocation: Map<string, string>;
  private readonly locationByCode: Map<string, string>;
  private cachedStores: { at: number; stores: StoreRecord[] } | undefined;
  private storesInFlight: Promise<StoreRecord[]> | undefined;

  constructor(options: PosAdapterOptions) {
    this.client = new SystemClient({
      system: 'POS',
      baseUrl: options.baseUrl,
      ...(options.timeoutMs !== undefined && { timeoutMs: options.timeoutMs }),
      headers: {
        authorization: `Bearer ${options.accessToken}`,
        'square-version': options.squareVersion ?? '2025-08-20',
        accept: 'application/json',
      },
      credentialSettings: 'POS_ACCESS_TOKEN',
      ...(options.resilience && { resilience: options.resilience }),
      ...(options.onAttempt && { onAttempt: options.onAttempt }),
    });
    this.pageSize = Math.min(1000, Math.max(1, options.pageSize ?? 500));
    this.maxPages = Math.max(1, options.maxPages ?? 50);
    this.concurrency = Math.max(1, options.concurrency ?? 8);
    this.locationsTtlMs = options.locationsTtlMs ?? 300_000;
    this.now = options.now ?? Date.now;
    this.codeByLocation = new Map(Object.entries(options.storeCodes ?? {}));
    this.locationByCode = new Map([...this.codeByLocation].map(([location, code]) => [code.toUpperCase(), location]));
  }

  /**
   * The POS's stores. Every order search must name its locations, so the list is kept for
   * `locationsTtlMs`; concurrent callers share one fetch, and a failed refresh falls back to
   * the last list (stores rarely change).
   */
  async listLocations(ctx: CallContext): Promise<StoreRecord[]> {
    const cached = this.cachedStores;
    if (cached && this.now() - cached.at < this.locationsTtlMs) return [...cached.stores];
    this.storesInFlight ??= this.fetchStores(ctx).finally(() => {
      this.storesInFlight = undefined;
    });
    try {
      return [...(await this.storesInFlight)];
    } catch (err) {
      if (cached) return [...cached.stores];
      throw err;
    }
  }

  /**
   * POS customer profiles matching any of the query's keys. Square ANDs the filters of one
   * search, so each key is its own search: email exact (Square compares it case-insensitively),
   * phone fuzzy on the national number's digits (stored numbers are typed in many formats), card
   * exact on `reference_id`. Hits are re-checked on normalised values, then de-duplicated.
   * `name` is not searchable in Square's API and is ignored.
   */
  async findCustomers(ctx: CallContext, q: CustomerQuery): Promise<CustomerRecord[]> {
    const searches: { filter: CustomerFilter; keep: (r: CustomerRecord) => boolean }[] = [];
    const email = q.email ? (normalizeEmail(q.email) ?? q.email.trim().toLowerCase()) : undefined;
    if (email) {
      searches.push({
        filter: { field: 'email', exact: email },
        keep: (r) => r.emails.some((e) => (normalizeEmail(e) ?? e.trim().toLowerCase()) === email),
      });
    }
    const phone = q.phone ? normalizePhone(q.phone) : undefined;
    const national = phone ? parsePhoneNumberFromString(phone)?.nationalNumber : undefined;
    if (phone && national) {
      searches.push({
        filter: { field: 'phone', fuzzy: String(national) },
        keep: (r) => r.phones.some((p) => normalizePhone(p) === phone),
      });
    }
    const card = q.cardNumber ? normalizeCard(q.cardNumber) : undefined;
    if (card) {
      searches.push({ filter: { field: 'card', exact: card }, keep: (r) => r.cardNumbers.some((c) => normalizeCard(c) === card) });
    }
    const found = await Promise.all(searches.map(async ({ filter, keep }) => (await this.searchCustomers(ctx, filter)).filter(keep)));
    const seen = new Set<string>();
    return found.flat().filter((r) => !seen.has(r.externalId) && seen.add(r.externalId));
  }

  /** Customer profiles by Square id, aligned to `ids` (null when unknown). One GET per id. */
  async getCustomers(ctx: CallContext, ids: readonly string[]): Promise<(CustomerRecord | null)[]> {
    // "." and ".." would be resolved away as path segments, not sent as ids: they cannot exist.
    const wanted = unique(ids).filter((id) => id !== '' && id !== '.' && id !== '..');
    const records = await mapLimit(wanted, this.concurrency, async (id) => {
      const response = await this.client.request(ctx, {
        operation: 'RetrieveCustomer',
        path: `/v2/customers/${encodeURIComponent(id)}`,
        passStatuses: [404],
        parse: parseJson,
        schema: RetrieveCustomerResponseSchema,
      });
      return response.status === 404 ? null : retrievedCustomer(response.body);
    });
    return alignToKeys(
      ids,
      records.filter((r): r is CustomerRecord => r !== null),
      (r) => r.externalId,
    );
  }

  /**
   * Gift card balances by card number (GAN), aligned to `numbers` (null where the POS has no
   * such card). Square has no batch read: one RetrieveGiftCardFromGAN per card, bounded.
   */
  async giftCardBalances(ctx: CallContext, numbers: readonly string[]): Promise<(GiftCardBalanceRecord | null)[]> {
    const wanted = unique(numbers).filter((n) => n !== '');
    const found = await mapLimit(wanted, this.concurrency, async (gan) => {
      const response = await this.client.request(ctx, {
        operation: 'RetrieveGiftCardFromGAN',
        method: 'POST',
        path: '/v2/gift-cards/from-gan',
        json: { gan },
        // A read, whatever the verb: safe to retry.
        idempotent: true,
        passStatuses: [404],
        parse: parseJson,
        schema: GiftCardResponseSchema,
      });
      const card = response.status === 404 ? null : response.body.gift_card;
      return card ? toGiftCardBalance(card, gan, 'CNY') : null;
    });
    const byNumber = new Map(wanted.map((gan, i) => [gan, found[i] ?? null]));
    return numbers.map((n) => byNumber.get(n) ?? null);
  }

  /**
   * Till sales per customer id, newest first, aligned to `customerIds`. SearchOrders takes at
   * most 10 customer ids and 10 locations per call, so the ids × locations grid is searched in
   * chunks (12 stores are 2 location chunks), each paged through to its last cursor.
   */
  async ordersForCustomers(ctx: CallContext, customerIds: readonly string[]): Promise<OrderRecord[][]> {
    const wanted = unique(customerIds).filter((id) => id !== '');
    if (wanted.length === 0) return customerIds.map(() => []);
    const locationChunks = chunk(
      (await this.listLocations(ctx)).map((s) => s.posLocationId),
      MAX_LOCATIONS,
    );
    const searches: OrderSearch[] = chunk(wanted, MAX_CUSTOMERS).flatMap((customerChunk) =>
      locationChunks.map((locationIds) => ({ locationIds, customerIds: customerChunk })),
    );
    const pages = await mapLimit(searches, this.concurrency, (search) => this.searchOrders(ctx, search));
    const orders = dedupe(pages.flat()).sort(newestFirst);
    return groupToKeys(customerIds, orders, (o) => o.customerExternalId ?? '');
  }

  /** Till sales by Square order id, aligned to `ids` (null when unknown or a return). */
  async getOrders(ctx: CallContext, ids: readonly string[]): Promise<(OrderRecord | null)[]> {
    const wanted = unique(ids).filter((id) => id !== '');
    const batches = await mapLimit(chunk(wanted, MAX_ORDER_IDS), this.concurrency, async (orderIds) => {
      const response = await this.client.request(ctx, {
        operation: 'BatchRetrieveOrders',
        method: 'POST',
        path: '/v2/orders/batch-retrieve',
        json: batchRetrieveOrdersBody(orderIds),
        idempotent: true,
        parse: parseJson,
        schema: BatchRetrieveOrdersResponseSchema,
      });
      return retrievedOrders(response.body, this.storeCodeOf);
    });
    return alignToKeys(ids, batches.flat(), (o) => o.externalId);
  }

  /**
   * The sale with a printed receipt number ("ST001-20261101-0042"). Square cannot filter on
   * `reference_id`, so the number's store and day narrow a `created_at` search (the day padded
   * to cover any time zone) whose results are matched on the number. Numbers that do not parse
   * return [] without a call.
   */
  async findOrdersByNumber(ctx: CallContext, receiptNumber: string): Promise<OrderRecord[]> {
    const parsed = parseReceiptNumber(receiptNumber);
    if (!parsed) return [];
    const known = this.locationByCode.get(parsed.storeCode);
    const locationIds = known ? [known] : (await this.listLocations(ctx)).map((s) => s.posLocationId);
    const dayStart = Date.parse(`${parsed.date}T00:00:00Z`);
    const createdBetween = {
      start: new Date(dayStart - DAY_MS).toISOString(),
      end: new Date(dayStart + 2 * DAY_MS - 1).toISOString(),
    };
    const pages = await mapLimit(chunk(locationIds, MAX_LOCATIONS), this.concurrency, (ids) =>
      this.searchOrders(ctx, { locationIds: ids, createdBetween, oldestFirst: true }),
    );
    return dedupe(pages.flat()).filter((o) => o.number.trim().toUpperCase() === parsed.value);
  }

  /**
   * Till prices for these SKUs, aligned to them (null: not in the POS catalog): one
   * SearchCatalogObjects per 250 SKUs, covering every store's override at once.
   */
  async storePrices(ctx: CallContext, skus: readonly string[]): Promise<(StorePriceRecord | null)[]> {
    const wanted = unique(skus);
    const found = await mapLimit(chunk(wanted, MAX_CATALOG_VALUES), this.concurrency, (part) =>
      this.allPages('SearchCatalogObjects', async (cursor) => {
        const response = await this.client.request(ctx, {
          operation: 'SearchCatalogObjects',
          method: 'POST',
          path: '/v2/catalog/search',
          // A search: safe to repeat.
          idempotent: true,
          json: searchVariationsBody(part, cursor),
          parse: parseJson,
          schema: SearchCatalogObjectsResponseSchema,
        });
        return { items: storePricesFrom(response.body.objects ?? []), cursor: response.body.cursor ?? undefined };
      }),
    );
    return alignToKeys(skus, found.flat(), (r) => r.sku);
  }

  private readonly storeCodeOf = (locationId: string, referenceId: string | undefined): string | undefined =>
    this.codeByLocation.get(locationId) ?? (referenceId ? parseReceiptNumber(referenceId)?.storeCode : undefined);

  private async fetchStores(ctx: CallContext): Promise<StoreRecord[]> {
    const response = await this.client.request(ctx, {
      operation: 'ListLocations',
      path: '/v2/locations',
      parse: parseJson,
      schema: ListLocationsResponseSchema,
    });
    const stores = storesFrom(response.body);
    this.cachedStores = { at: this.now(), stores };
    return stores;
  }

  private searchCustomers(ctx: CallContext, filter: CustomerFilter): Promise<CustomerRecord[]> {
    return this.allPages('SearchCustomers', async (cursor) => {
      const response = await this.client.request(ctx, {
        operation: 'SearchCustomers',
        method: 'POST',
        path: '/v2/customers/search',
        json: searchCustomersBody(filter, CUSTOMER_PAGE, cursor),
        idempotent: true,
        parse: parseJson,
        schema: SearchCustomersResponseSchema,
      });
      return customersPage(response.body);
    });
  }

  private searchOrders(ctx: CallContext, search: OrderSearch): Promise<OrderRecord[]> {
    return this.allPages('SearchOrders', async (cursor) => {
      const response = await this.client.request(ctx, {
        operation: 'SearchOrders',
        method: 'POST',
        path: '/v2/orders/search',
        json: searchOrdersBody(search, this.pageSize, cursor),
        idempotent: true,
        parse: parseJson,
        schema: SearchOrdersResponseSchema,
      });
      return ordersPage(response.body, this.storeCodeOf);
    });
  }

  /** Follows cursors to the last page; a repeated cursor or too many pages is a broken upstream. */
  private async allPages<T>(operation: string, fetchPage: (cursor: string | undefined) => Promise<Page<T>>): Promise<T[]> {
    const items: T[] = [];
    const seen = new Set<string>();
    let cursor: string | undefined;
    for (let pageNo = 1; ; pageNo++) {
      const page = await fetchPage(cursor);
      items.push(...page.items);
      if (!page.cursor) return items;
      if (seen.has(page.cursor) || pageNo >= this.maxPages) {
        throw new AdapterError({
          system: 'POS',
          code: 'UPSTREAM_BAD_RESPONSE',
          message: `POS ${operation} kept returning cursors (${seen.has(page.cursor) ? 'a repeated cursor' : `more than ${this.maxPages} pages`})`,
        });
      }
      seen.add(page.cursor);
      cursor = page.cursor;
    }
  }
}

function dedupe(orders: readonly OrderRecord[]): OrderRecord[] {
  const seen = new Set<string>();
  return orders.filter((o) => !seen.has(o.externalId) && seen.add(o.externalId));
}

function newestFirst(a: OrderRecord, b: OrderRecord): number {
  const ta = Date.parse(a.placedAt);
  const tb = Date.parse(b.placedAt);
  if (ta !== tb) return tb - ta;
  return a.externalId < b.externalId ? -1 : a.externalId > b.externalId ? 1 : 0;
}
