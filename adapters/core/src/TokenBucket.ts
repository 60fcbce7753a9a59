import { setTimeout as sleep } from 'node:timers/promises';
import { AdapterError } from './AdapterError.ts';
import type { SystemName } from './model.ts';

export interface BucketRate {
  /** Tokens added per second. */
  ratePerSecond: number;
  /** Bucket size. */
  burst: number;
}

/**
 * Client-side quota per operation, so an adapter stays inside a system's published rate limit
 * instead of running into its 429s. A call waits for a token when it can within its budget.
 */
export class TokenBucket {
  private readonly buckets = new Map<string, { tokens: number; at: number }>();

  constructor(
    private readonly rates: Record<string, BucketRate>,
    private readonly fallback?: BucketRate,
  ) {}

  async take(operation: string, budgetMs: number, system: SystemName): Promise<void> {
    const rate = this.rates[operation] ?? this.fallback;
    if (!rate) return;
    for (;;) {
      const now = Date.now();
      const b = this.buckets.get(operation) ?? { tokens: rate.burst, at: now };
      b.tokens = Math.min(rate.burst, b.tokens + ((now - b.at) / 1000) * rate.ratePerSecond);
      b.at = now;
      this.buckets.set(operation, b);
      if (b.tokens >= 1) {
        b.tokens -= 1;
        return;
      }
      const waitMs = Math.ceil(((1 - b.tokens) / rate.ratePerSecond) * 1000);
      if (waitMs > budgetMs) {
        throw new AdapterError({
          system,
          code: 'UPSTREAM_RATE_LIMITED',
          retryable: false,
          retryAfterMs: waitMs,
          message: `${system} quota for ${operation} is used up for now`,
        });
      }
      await sleep(waitMs);
      budgetMs -= waitMs;
    }
  }
}
