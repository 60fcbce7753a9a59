import {
  BrokenCircuitError,
  BulkheadRejectedError,
  CircuitState,
  ConsecutiveBreaker,
  CountBreaker,
  ExponentialBackoff,
  bulkhead,
  circuitBreaker,
  handleWhen,
  retry,
  wrap,
  type IBackoff,
  type IBackoffFactory,
  type IBreaker,
  type IRetryBackoffContext,
} from 'cockatiel';
import { AdapterError } from './AdapterError.ts';
import type { SystemName } from './model.ts';

export interface ResilienceOptions {
  /** Attempts in all for an idempotent call (1 = no retry). @default 3 */
  maxAttempts?: number;
  /** First retry delay before jitter, in ms. @default 50 */
  initialBackoffMs?: number;
  /** Longest retry delay, in ms. @default 2000 */
  maxBackoffMs?: number;
  /** Consecutive health failures that open the circuit. @default 5 */
  breakerConsecutiveFailures?: number;
  /** Failure rate (0–1) over the last `breakerWindow` calls that opens the circuit. @default 0.5 */
  breakerFailureRate?: number;
  /** Calls in the failure-rate window. @default 20 */
  breakerWindow?: number;
  /** How long an open circuit waits before a half-open probe, in ms. @default 5000 */
  halfOpenAfterMs?: number;
  /** Concurrent calls to the system. @default 16 */
  concurrency?: number;
  /** Calls allowed to wait for a slot; beyond that they fail fast. @default 256 */
  queue?: number;
}

export type CircuitStateName = 'closed' | 'open' | 'half-open' | 'isolated';

/**
 * Opens on either signal: a run of consecutive failures (a hard outage) or a failure rate
 * over a window (a flapping system that never fails five times in a row).
 */
class EitherBreaker implements IBreaker {
  constructor(
    private readonly consecutive: IBreaker,
    private readonly rate: IBreaker,
  ) {}
  get state(): unknown {
    return { consecutive: this.consecutive.state, rate: this.rate.state };
  }
  set state(value: unknown) {
    const v = value as { consecutive: unknown; rate: unknown };
    this.consecutive.state = v.consecutive;
    this.rate.state = v.rate;
  }
  success(state: CircuitState): void {
    this.consecutive.success(state);
    this.rate.success(state);
  }
  failure(state: CircuitState): boolean {
    const a = this.consecutive.failure(state);
    const b = this.rate.failure(state);
    return a || b;
  }
}

/** Retry delay: the server's `Retry-After` when it gave one, else exponential with jitter. */
class RetryAfterBackoff implements IBackoffFactory<IRetryBackoffContext<unknown>> {
  constructor(
    private readonly exponential: IBackoffFactory<unknown>,
    private readonly maxMs: number,
  ) {}
  next(context: IRetryBackoffContext<unknown>): IBackoff<IRetryBackoffContext<unknown>> {
    const expo = this.exponential.next(context);
    const err = 'error' in context.result ? context.result.error : undefined;
    const hinted = err instanceof AdapterError ? err.retryAfterMs : undefined;
    // A Retry-After is waited in full (SystemClient only retries when it is short enough).
    const duration = hinted ?? Math.min(this.maxMs, expo.duration);
    return { duration, next: (ctx) => new RetryAfterBackoff(expo, this.maxMs).next(ctx) };
  }
}

export interface SystemPolicy {
  /** Runs one logical call: retried (when `idempotent`), behind the breaker and the bulkhead. */
  execute<T>(fn: () => Promise<T>, idempotent: boolean): Promise<T>;
  circuitState(): CircuitStateName;
  /** Forces the circuit open (operations), until `reset`. */
  isolate(): { dispose(): void };
  onStateChange(listener: (state: CircuitStateName) => void): void;
}

const STATE_NAMES: Record<CircuitState, CircuitStateName> = {
  [CircuitState.Closed]: 'closed',
  [CircuitState.Open]: 'open',
  [CircuitState.HalfOpen]: 'half-open',
  [CircuitState.Isolated]: 'isolated',
};

export function createSystemPolicy(system: SystemName, options: ResilienceOptions = {}): SystemPolicy {
  const maxAttempts = options.maxAttempts ?? 3;
  const breaker = circuitBreaker(
    handleWhen((e) => e instanceof AdapterError && e.isHealthFailure),
    {
      halfOpenAfter: options.halfOpenAfterMs ?? 5000,
      breaker: new EitherBreaker(
        new ConsecutiveBreaker(options.breakerConsecutiveFailures ?? 5),
        new CountBreaker({
          threshold: options.breakerFailureRate ?? 0.5,
          size: options.breakerWindow ?? 20,
          minimumNumberOfCalls: options.breakerWindow ?? 20,
        }),
      ),
    },
  );
  const cap = bulkhead(options.concurrency ?? 16, options.queue ?? 256);
  const backoff = new RetryAfterBackoff(
    new ExponentialBackoff({ initialDelay: options.initialBackoffMs ?? 50, maxDelay: options.maxBackoffMs ?? 2000 }),
    options.maxBackoffMs ?? 2000,
  );
  const retrying = retry(
    handleWhen((e) => e instanceof AdapterError && e.retryable),
    { maxAttempts: Math.max(0, maxAttempts - 1), backoff },
  );
  const guarded = wrap(breaker, cap);
  const withRetry = wrap(retrying, breaker, cap);

  const translate = (err: unknown): never => {
    if (err instanceof BrokenCircuitError) {
      throw new AdapterError({ system, code: 'CIRCUIT_OPEN', message: `${system} circuit is open after repeated failures`, cause: err });
    }
    if (err instanceof BulkheadRejectedError) {
      throw new AdapterError({
        system,
        code: 'UPSTREAM_UNAVAILABLE',
        retryable: false,
        message: `${system} concurrency cap and queue are full`,
        cause: err,
      });
    }
    throw err;
  };

  return {
    async execute<T>(fn: () => Promise<T>, idempotent: boolean): Promise<T> {
      const policy = idempotent && maxAttempts > 1 ? withRetry : guarded;
      try {
        return await policy.execute(() => fn());
      } catch (err) {
        return translate(err);
      }
    },
    circuitState: () => STATE_NAMES[breaker.state],
    isolate: () => breaker.isolate(),
    onStateChange(listener) {
      breaker.onStateChange((s) => listener(STATE_NAMES[s]));
    },
  };
}
