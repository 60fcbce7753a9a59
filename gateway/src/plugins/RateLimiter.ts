import Keyv, { type KeyvStoreAdapter } from 'keyv';
import type { CacheStore } from '../../../adapters/core/src/index.ts';
import type { RateLimit } from './limitsTable.ts';

export interface RateDecision {
  allowed: boolean;
  /** Bucket capacity (`RateLimit-Limit`). */
  limit: number;
  /** Whole tokens left after this request (`RateLimit-Remaining`). */
  remaining: number;
  /** Seconds until the bucket is full again (`RateLimit-Reset`). */
  resetSeconds: number;
  /** Seconds until the next request can pass (`Retry-After`), when refused. */
  retryAfterSeconds: number;
  /** Decided by the in-process fallback because the shared store failed. */
  degraded: boolean;
}

export interface RateLimiterLogger {
  warn(fields: Record<string, unknown>, message: string): void;
}

export interface RateLimiterOptions {
  /** Shared bucket store (Redis when REDIS_URL is set, so replicas share budgets). @default an in-memory Map */
  store?: CacheStore;
  /** A store call slower than this counts as failed. @default 250 */
  storeTimeoutMs?: number;
  /** Where store failures are reported. @default console.warn as JSON */
  logger?: RateLimiterLogger;
  /** @default Date.now */
  now?: () => number;
}

interface Bucket {
  tokens: number;
  at: number;
}

const WARN_EVERY_MS = 30_000;

/**
 * Token buckets per caller key in the keyv store. Updates of one key are serialised within the
 * process; across replicas two concurrent requests may both take the last token (keyv has no
 * atomic update), an overshoot of at most one request per replica. When the store fails the
 * limiter keeps limiting with in-process buckets and says so in the logs: neither fail-open
 * nor fail-closed.
 */
export class RateLimiter {
  private readonly keyv: Keyv<Bucket>;
  private readonly local = new Map<string, Bucket>();
  private readonly queues = new Map<string, Promise<unknown>>();
  private readonly timeoutMs: number;
  private readonly logger: RateLimiterLogger;
  private readonly now: () => number;
  private lastWarn = -Infinity;

  constructor(options: RateLimiterOptions = {}) {
    this.keyv = new Keyv<Bucket>({ store: (options.store ?? new Map()) as KeyvStoreAdapter, namespace: 'ratelimit', throwOnErrors: true });
    this.keyv.on('error', () => {
      /* surfaced by the rejected call, handled in take() */
    });
    this.timeoutMs = options.storeTimeoutMs ?? 250;
    this.logger = options.logger ?? {
      warn: (fields, message) => console.warn(JSON.stringify({ level: 'warn', name: 'rate-limit', msg: message, ...fields })),
    };
    this.now = options.now ?? Date.now;
  }

  /** Takes `count` tokens (one per operation) or none when fewer are left. */
  take(key: string, rate: RateLimit, count = 1): Promise<RateDecision> {
    const previous = this.queues.get(key) ?? Promise.resolve();
    const next = previous.then(() => this.takeNow(key, rate, count));
    const settled = next.catch(() => undefined);
    this.queues.set(key, settled);
    void settled.then(() => {
      if (this.queues.get(key) === settled) this.queues.delete(key);
    });
    return next;
  }

  private async takeNow(key: string, rate: RateLimit, count: number): Promise<RateDecision> {
    const now = this.now();
    const ttl = Math.ceil((rate.capacity / rate.refillPerSecond) * 1000) + 1000;
    try {
      const stored = await this.withTimeout(this.keyv.get(key));
      const { bucket, decision } = decide(stored ?? undefined, rate, now, count, false);
      await this.withTimeout(this.keyv.set(key, bucket, ttl));
      this.local.set(key, bucket);
      return decision;
    } catch (err) {
      if (now - this.lastWarn >= WARN_EVERY_MS) {
        this.lastWarn = now;
        this.logger.warn(
          { err: (err as Error).message },
          'rate-limit store unavailable; limiting with in-process buckets until it recovers',
        );
      }
      const { bucket, decision } = decide(this.local.get(key), rate, now, count, true);
      this.local.set(key, bucket);
      if (this.local.size > 100_000) this.local.delete(this.local.keys().next().value!);
      return decision;
    }
  }

  private withTimeout<T>(promise: Promise<T>): Promise<T> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`store did not answer within ${this.timeoutMs} ms`)), this.timeoutMs);
    });
    return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
  }
}

function decide(
  previous: Bucket | undefined,
  rate: RateLimit,
  now: number,
  count: number,
  degraded: boolean,
): { bucket: Bucket; decision: RateDecision } {
  const elapsed = previous ? Math.max(0, now - previous.at) / 1000 : 0;
  const tokens = previous ? Math.min(rate.capacity, previous.tokens + elapsed * rate.refillPerSecond) : rate.capacity;
  const allowed = tokens >= count;
  const left = allowed ? tokens - count : tokens;
  return {
    bucket: { tokens: left, at: now },
    decision: {
      allowed,
      limit: rate.capacity,
      remaining: Math.floor(left),
      resetSeconds: Math.ceil((rate.capacity - left) / rate.refillPerSecond),
      retryAfterSeconds: allowed ? 0 : Math.max(1, Math.ceil((Math.min(count, rate.capacity) - left) / rate.refillPerSecond)),
      degraded,
    },
  };
}
