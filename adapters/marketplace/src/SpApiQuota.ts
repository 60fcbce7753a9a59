import { setTimeout as sleep } from 'node:timers/promises';
import { AdapterError, TokenBucket, type BucketRate, type SystemName } from '../../core/src/index.ts';

export interface SpApiQuotaOptions {
  /** Usage plan per operation; operations not listed are not limited. */
  plans: Readonly<Record<string, BucketRate>>;
  /**
   * Tokens kept in reserve below each plan's burst. Our bucket and the server's start and refill
   * independently and requests reach the server with varying delay; one token of headroom absorbs
   * that skew, so staying inside our bucket means never seeing the server's 429. @default 1
   */
  headroom?: number;
}

/**
 * A client-side usage plan per SP-API operation, mirroring the selling partner's quota. Unlike a
 * fixed bucket it follows `x-amzn-RateLimit-Limit`: SP-API reports each seller's actual refill
 * rate there (often above the published default), and Amazon asks callers to pace by it.
 */
export class SpApiQuota extends TokenBucket {
  private readonly plans = new Map<string, { ratePerSecond: number; burst: number; tokens: number; at: number }>();

  constructor(options: SpApiQuotaOptions) {
    super({});
    const headroom = options.headroom ?? 1;
    for (const [operation, plan] of Object.entries(options.plans)) {
      if (!(plan.ratePerSecond > 0) || !(plan.burst >= 1))
        throw new RangeError(`quota for ${operation} needs ratePerSecond > 0 and burst >= 1`);
      const burst = Math.max(1, plan.burst - headroom);
      this.plans.set(operation, { ratePerSecond: plan.ratePerSecond, burst, tokens: burst, at: Date.now() });
    }
  }

  /** The refill rate currently applied to an operation (tokens per second). */
  rate(operation: string): number | undefined {
    return this.plans.get(operation)?.ratePerSecond;
  }

  /** Adopts the rate the server reported for this operation; ignores values that are not a rate. */
  observe(operation: string, headerValue: string | string[] | undefined): void {
    const plan = this.plans.get(operation);
    const rate = Number(Array.isArray(headerValue) ? headerValue[0] : headerValue);
    if (!plan || headerValue === undefined || !Number.isFinite(rate) || rate <= 0 || rate === plan.ratePerSecond) return;
    this.refill(plan, Date.now());
    plan.ratePerSecond = rate;
  }

  override async take(operation: string, budgetMs: number, system: SystemName): Promise<void> {
    const plan = this.plans.get(operation);
    if (!plan) return;
    let budget = budgetMs;
    for (;;) {
      this.refill(plan, Date.now());
      if (plan.tokens >= 1) {
        plan.tokens -= 1;
        return;
      }
      const waitMs = Math.ceil(((1 - plan.tokens) / plan.ratePerSecond) * 1000);
      if (waitMs > budget) {
        throw new AdapterError({
          system,
          code: 'UPSTREAM_RATE_LIMITED',
          retryable: false,
          retryAfterMs: waitMs,
          message: `${system} quota for ${operation} is used up for now`,
        });
      }
      await sleep(waitMs);
      budget -= waitMs;
    }
  }

  private refill(plan: { ratePerSecond: number; burst: number; tokens: number; at: number }, now: number): void {
    plan.tokens = Math.min(plan.burst, plan.tokens + (Math.max(0, now - plan.at) / 1000) * plan.ratePerSecond);
    plan.at = now;
  }
}
