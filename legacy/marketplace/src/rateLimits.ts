/**
 * SP-API usage plans: a token bucket per operation and selling partner. The published plans are
 * kept exactly as the Orders v0 model states them; the demo plan is faster because at the
 * published getOrders rate (one call a minute after a burst of 20) an interactive demo stalls.
 */
export type MarketplaceOperation = 'getOrders' | 'getOrder' | 'getOrderItems' | 'getOrderBuyerInfo' | 'getOrderAddress' | 'confirmShipment';

export const MARKETPLACE_OPERATIONS: readonly MarketplaceOperation[] = [
  'getOrders',
  'getOrder',
  'getOrderItems',
  'getOrderBuyerInfo',
  'getOrderAddress',
  'confirmShipment',
];

/** Same shape as the adapters' `BucketRate`, so one object can configure both sides. */
export interface RateLimit {
  /** Tokens restored per second (the value sent in `x-amzn-RateLimit-Limit`). */
  ratePerSecond: number;
  /** Bucket size: calls that may be made back to back from a full bucket. */
  burst: number;
}

export type RateLimits = Record<MarketplaceOperation, RateLimit>;

/** The usage plans published in ordersV0.json (operation descriptions). */
export const MARKETPLACE_PUBLISHED_RATE_LIMITS: Readonly<RateLimits> = Object.freeze({
  getOrders: { ratePerSecond: 0.0167, burst: 20 },
  getOrder: { ratePerSecond: 0.5, burst: 30 },
  getOrderItems: { ratePerSecond: 0.5, burst: 30 },
  getOrderBuyerInfo: { ratePerSecond: 0.5, burst: 30 },
  getOrderAddress: { ratePerSecond: 0.5, burst: 30 },
  confirmShipment: { ratePerSecond: 2, burst: 10 },
});

/** How much faster than published the demo plan refills (bursts stay as published). */
export const MARKETPLACE_DEMO_RATE_FACTOR = 100;

/** Multiplies every refill rate by `factor`; bursts are unchanged. */
export function scaleRateLimits(limits: Readonly<RateLimits>, factor: number): RateLimits {
  const out = {} as RateLimits;
  for (const op of MARKETPLACE_OPERATIONS) {
    out[op] = { ratePerSecond: roundRate(limits[op].ratePerSecond * factor), burst: limits[op].burst };
  }
  return out;
}

/** The simulator's default: published bursts, refill ×100 (getOrders 1.67/s, the others 50/s). */
export const MARKETPLACE_DEMO_RATE_LIMITS: Readonly<RateLimits> = Object.freeze(
  scaleRateLimits(MARKETPLACE_PUBLISHED_RATE_LIMITS, MARKETPLACE_DEMO_RATE_FACTOR),
);

/** Float products like 0.0167 × 100 would otherwise print as 1.6700000000000002 in the header. */
function roundRate(rate: number): number {
  return Number(rate.toPrecision(6));
}

/** `x-amzn-RateLimit-Limit` value for a plan. */
export function rateLimitHeader(limit: RateLimit): string {
  return String(roundRate(limit.ratePerSecond));
}

/** Server-side buckets, one per (selling partner, operation); they start full. */
export class QuotaBuckets {
  private readonly buckets = new Map<string, { tokens: number; at: number }>();

  constructor(
    private readonly limits: Readonly<RateLimits>,
    private readonly clock: () => number,
  ) {}

  limit(operation: MarketplaceOperation): RateLimit {
    return this.limits[operation];
  }

  /** Takes one token; false when the bucket is empty (the caller answers 429). */
  take(sellerId: string, operation: MarketplaceOperation): boolean {
    const { ratePerSecond, burst } = this.limits[operation];
    const key = `${sellerId}\u0000${operation}`;
    const now = this.clock();
    const bucket = this.buckets.get(key) ?? { tokens: burst, at: now };
    bucket.tokens = Math.min(burst, bucket.tokens + (Math.max(0, now - bucket.at) / 1000) * ratePerSecond);
    bucket.at = now;
    this.buckets.set(key, bucket);
    if (bucket.tokens < 1) return false;
    bucket.tokens -= 1;
    return true;
  }
}
