import { randomUUID } from 'node:crypto';
import type { Dataset } from '../../dataset/src/index.ts';
import { createSimulator, type FaultSettings, type Simulator } from '../../kit/src/index.ts';
import { LwaTokenIssuer, MARKETPLACE_DEFAULT_CREDENTIALS, type MarketplaceCredentials } from './auth.ts';
import { renderSpApiError } from './errors.ts';
import { PageTokens } from './pageTokens.ts';
import {
  MARKETPLACE_DEMO_RATE_LIMITS,
  MARKETPLACE_OPERATIONS,
  QuotaBuckets,
  type RateLimit,
  type RateLimits,
  type MarketplaceOperation,
} from './rateLimits.ts';
import { registerRoutes } from './routes.ts';
import { OrderStore } from './store.ts';

export interface MarketplaceSimulatorOptions {
  dataset: Dataset;
  /** @default no faults */
  faults?: Partial<FaultSettings>;
  /** @default MARKETPLACE_DEFAULT_CREDENTIALS */
  credentials?: MarketplaceCredentials;
  /**
   * Usage plan per operation; operations left out keep the demo plan. Pass
   * MARKETPLACE_PUBLISHED_RATE_LIMITS to get SP-API's real quotas (and its 429s).
   * @default MARKETPLACE_DEMO_RATE_LIMITS (published bursts, refill ×100)
   */
  rateLimits?: Partial<Record<MarketplaceOperation, RateLimit>>;
  /** Lifetime of issued LWA access tokens (`expires_in`), in seconds. @default 3600 */
  accessTokenTtlSeconds?: number;
  /** Order items per getOrderItems page before a NextToken is issued. @default 20 */
  orderItemsPageSize?: number;
  /** Epoch-ms clock for token expiry, quotas and the "two minutes before now" bound. @default Date.now */
  clock?: () => number;
}

/**
 * An Amazon Selling Partner API (Orders v0) look-alike serving the dataset's marketplace orders
 * for both channels (AMAZON, JD): getOrders, getOrder, getOrderItems, getOrderBuyerInfo,
 * getOrderAddress, plus Login with Amazon's `POST /auth/o2/token`. Routes added, not listening.
 */
export function createMarketplaceSimulator(options: MarketplaceSimulatorOptions): Simulator {
  const sim = createSimulator({ system: 'marketplace', renderError: renderSpApiError, ...(options.faults && { faults: options.faults }) });
  const clock = options.clock ?? Date.now;
  const limits = { ...MARKETPLACE_DEMO_RATE_LIMITS, ...options.rateLimits } as RateLimits;
  for (const op of MARKETPLACE_OPERATIONS) {
    const { ratePerSecond, burst } = limits[op];
    if (!(ratePerSecond > 0) || !(burst >= 1)) throw new RangeError(`rateLimits.${op} needs ratePerSecond > 0 and burst >= 1`);
  }
  const ttl = options.accessTokenTtlSeconds ?? 3600;
  const pageSize = options.orderItemsPageSize ?? 20;
  if (!(ttl > 0)) throw new RangeError('accessTokenTtlSeconds must be positive');
  if (!Number.isInteger(pageSize) || pageSize < 1) throw new RangeError('orderItemsPageSize must be a positive integer');

  // SP-API stamps every answer, errors and throttles included, with its own request id.
  sim.app.addHook('onSend', async (request, reply, payload) => {
    if (!request.url.startsWith('/__') && !reply.hasHeader('x-amzn-RequestId')) reply.header('x-amzn-RequestId', randomUUID());
    return payload;
  });
  registerRoutes(sim.app, {
    store: new OrderStore(options.dataset),
    issuer: new LwaTokenIssuer(options.credentials ?? MARKETPLACE_DEFAULT_CREDENTIALS, ttl, clock),
    quotas: new QuotaBuckets(limits, clock),
    tokens: new PageTokens(),
    clock,
    orderItemsPageSize: pageSize,
  });
  return sim;
}
