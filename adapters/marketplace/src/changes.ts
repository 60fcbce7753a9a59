import { parseJson, type CallContext, type OrderRecord, type SystemClient } from '../../core/src/index.ts';
import {
  DEFAULT_MARKETPLACE_IDS,
  DEFAULT_RELAY_EMAIL_DOMAINS,
  MAX_RESULTS_PER_PAGE,
  ORDERS_PATH,
  RATE_LIMIT_HEADER,
  nextOrdersPageParams,
  toOrderRecord,
  type MappingContext,
} from './mapping.ts';
import type { SpApiQuota } from './SpApiQuota.ts';
import { GetOrdersResponse } from './types.ts';

export interface MarketplaceChangeFeedOptions {
  /** Sales channel → MarketplaceId, as the adapter is configured. @default DEFAULT_MARKETPLACE_IDS */
  marketplaceIds?: Readonly<Record<string, string>>;
  /** getOrders pages followed at most. @default 1000 */
  maxPages?: number;
  /** Where a first load starts when there is no watermark. @default "2000-01-01T00:00:00Z" */
  firstLoadFrom?: string;
  /**
   * The adapter's usage plans (`adapter.quota`), told the rate each answer reports, so pacing
   * follows the seller's real plan rather than the published floor. @default none
   */
  quota?: SpApiQuota | undefined;
}

const spDate = (ms: number): string => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');

/**
 * Orders (headers only: lines come from `orderLines`) updated at or after `since`, through the
 * adapter's client, so its usage-plan pacing and retries on 429 apply.
 */
export async function marketplaceOrdersChangedSince(
  client: SystemClient,
  ctx: CallContext,
  since: string | undefined,
  options: MarketplaceChangeFeedOptions = {},
): Promise<OrderRecord[]> {
  const channels = options.marketplaceIds ?? DEFAULT_MARKETPLACE_IDS;
  const ids = [...new Set(Object.values(channels))];
  const mapping: MappingContext = {
    channelByMarketplaceId: new Map(Object.entries(channels).map(([channel, id]) => [id, channel])),
    relayDomains: DEFAULT_RELAY_EMAIL_DOMAINS,
    defaultCurrency: 'CNY',
  };
  const from = Date.parse(since ?? options.firstLoadFrom ?? '2000-01-01T00:00:00Z');
  let params: Record<string, string> = {
    MarketplaceIds: ids.join(','),
    LastUpdatedAfter: spDate(from),
    MaxResultsPerPage: String(MAX_RESULTS_PER_PAGE),
  };
  const out: OrderRecord[] = [];
  for (let page = 0; page < (options.maxPages ?? 1000); page++) {
    const { body, headers } = await client.request(ctx, {
      operation: 'getOrders',
      path: ORDERS_PATH,
      searchParams: params,
      parse: parseJson,
      schema: GetOrdersResponse,
    });
    options.quota?.observe('getOrders', headers[RATE_LIMIT_HEADER]);
    out.push(...body.payload.Orders.map((o) => toOrderRecord(o, mapping)));
    const next = body.payload.NextToken;
    if (!next) break;
    params = nextOrdersPageParams(ids, next);
  }
  return out;
}
