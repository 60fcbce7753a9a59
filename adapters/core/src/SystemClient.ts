import type { ZodType } from 'zod';
import { AdapterError, parseRetryAfter } from './AdapterError.ts';
import { remainingBudget, type CallContext } from './callContext.ts';
import { HttpPool, HttpTransportError, type HttpMethod } from './http.ts';
import type { SystemName } from './model.ts';
import { createSystemPolicy, type CircuitStateName, type ResilienceOptions, type SystemPolicy } from './resilience.ts';
import type { TokenBucket } from './TokenBucket.ts';
import { withAttemptSpan } from './tracing.ts';

/**
 * Codes after which a system is not asked again within the same request: each costs time
 * (a timeout, a wait) or is sure to repeat. A plain failure (5xx, refused connection) costs
 * none and may be followed by a deliberate lookup, e.g. a saga checking whether its write landed.
 */
const FAIL_FAST_CODES = new Set<AdapterError['code']>(['UPSTREAM_TIMEOUT', 'UPSTREAM_RATE_LIMITED', 'CIRCUIT_OPEN']);

/** Per request (its CallContext object), the systems that failed it and how. */
const failedInRequest = new WeakMap<CallContext, Map<SystemName, AdapterError>>();

/**
 * The error as one no caller should retry: it comes from a client that has retried already (the
 * credentials client behind `authenticate`, or an earlier call of this request).
 */
function finalError(err: unknown): never {
  if (!(err instanceof AdapterError) || !err.retryable) throw err;
  throw new AdapterError({
    system: err.system,
    code: err.code,
    message: err.message,
    retryable: false,
    ...(err.status !== undefined && { status: err.status }),
    ...(err.retryAfterMs !== undefined && { retryAfterMs: err.retryAfterMs }),
    cause: err,
  });
}

export interface SystemClientOptions {
  system: SystemName;
  /** Base URL of the system, e.g. http://127.0.0.1:5001. */
  baseUrl: string;
  /** Per-attempt timeout, in ms; cut to the request's remaining budget. @default 2000 */
  timeoutMs?: number;
  /** Headers sent on every call (credentials). @default {} */
  headers?: Record<string, string>;
  /** Adds per-call headers, e.g. a bearer token fetched from an auth endpoint. @default none */
  authenticate?: (ctx: CallContext) => Promise<Record<string, string>>;
  /** The setting(s) to fix when the system rejects our credentials, named in the error. @default `${system}_*` */
  credentialSettings?: string;
  /** Retry, circuit breaker and concurrency settings. @default see ResilienceOptions */
  resilience?: ResilienceOptions;
  /** Client-side quota, for systems that publish one. @default none */
  rateLimiter?: TokenBucket;
  /** Observes each attempt (metrics, call counting in tests). @default none */
  onAttempt?: (event: AttemptEvent) => void;
}

export interface AttemptEvent {
  system: SystemName;
  operation: string;
  durationMs: number;
  outcome: 'ok' | AdapterError['code'];
  status?: number;
}

export interface RequestSpec<T> {
  /** A stable name for metrics and logs, e.g. "getBusinessPartners". */
  operation: string;
  method?: HttpMethod;
  /** Path relative to the base URL, starting with "/". */
  path: string;
  searchParams?: Record<string, string | number | undefined>;
  json?: unknown;
  body?: string;
  headers?: Record<string, string>;
  /** Safe to repeat. @default true for GET, false otherwise */
  idempotent?: boolean;
  /** Sent as `Idempotency-Key`; makes a write safe to retry. */
  idempotencyKey?: string;
  /** Statuses returned to the caller as data instead of raising. @default [] */
  passStatuses?: number[];
  /** Turns the raw body into a value; throw to signal a bad body. */
  parse: (body: string, contentType: string | undefined) => unknown;
  /** Validates the parsed value; a mismatch is UPSTREAM_BAD_RESPONSE. */
  schema: ZodType<T>;
}

export interface SystemResponse<T> {
  status: number;
  body: T;
  headers: Record<string, string | string[] | undefined>;
}

/**
 * One system's HTTP client: keep-alive, timeouts inside the request budget, retries for
 * idempotent calls, circuit breaker, concurrency cap, and every failure as an AdapterError.
 */
export class SystemClient {
  readonly system: SystemName;
  private readonly http: HttpPool;
  private readonly policy: SystemPolicy;
  private readonly timeoutMs: number;
  private readonly maxWaitMs: number;
  private lastError: { code: string; message: string; at: string } | undefined;
  private readonly latencies: number[] = [];

  constructor(private readonly options: SystemClientOptions) {
    this.system = options.system;
    this.timeoutMs = options.timeoutMs ?? 2000;
    this.maxWaitMs = options.resilience?.maxBackoffMs ?? 2000;
    this.policy = createSystemPolicy(options.system, options.resilience);
    this.http = new HttpPool({
      baseUrl: options.baseUrl,
      connections: options.resilience?.concurrency ?? 16,
      headers: { 'user-agent': 'retail360', ...options.headers },
    });
  }

  /** Waits for calls in flight, then closes the keep-alive connections. */
  close(): Promise<void> {
    return this.http.close();
  }

  circuitState(): CircuitStateName {
    return this.policy.circuitState();
  }

  onCircuitChange(listener: (state: CircuitStateName) => void): void {
    this.policy.onStateChange(listener);
  }

  /** State for `/ready`: circuit, last error, recent latency. */
  health(): { circuit: CircuitStateName; lastError?: { code: string; message: string; at: string }; p50Ms?: number } {
    const sorted = [...this.latencies].sort((a, b) => a - b);
    const p50 = sorted[Math.floor(sorted.length / 2)];
    return {
      circuit: this.circuitState(),
      ...(this.lastError && { lastError: this.lastError }),
      ...(p50 !== undefined && { p50Ms: Math.round(p50) }),
    };
  }

  async request<T>(ctx: CallContext, spec: RequestSpec<T>): Promise<SystemResponse<T>> {
    const method = spec.method ?? 'GET';
    const idempotent = spec.idempotent ?? (method === 'GET' || spec.idempotencyKey !== undefined);
    // Once this system has failed a request, its later calls in the same request fail at once: a
    // hanging or throttling system costs one failure's time, not one per resolver phase, so the
    // other systems keep the budget they need.
    const failedEarlier = failedInRequest.get(ctx)?.get(this.system);
    if (failedEarlier) finalError(failedEarlier);
    try {
      // One span per attempt: retries show as siblings, each with its own traceparent upstream.
      return await this.policy.execute(
        () =>
          withAttemptSpan({ system: this.system, operation: spec.operation, method }, (trace) => this.attempt(ctx, spec, method, trace)),
        idempotent,
      );
    } catch (err) {
      if (err instanceof AdapterError) {
        // CIRCUIT_OPEN says nothing operations can act on: keep the failure that opened it.
        if (err.code !== 'CIRCUIT_OPEN' || !this.lastError)
          this.lastError = { code: err.code, message: err.message, at: new Date().toISOString() };
        if (FAIL_FAST_CODES.has(err.code)) {
          const failed = failedInRequest.get(ctx) ?? new Map<SystemName, AdapterError>();
          failed.set(this.system, err);
          failedInRequest.set(ctx, failed);
        }
      }
      throw err;
    }
  }

  private async attempt<T>(
    ctx: CallContext,
    spec: RequestSpec<T>,
    method: HttpMethod,
    trace: Record<string, string>,
  ): Promise<SystemResponse<T>> {
    const { system } = this;
    const budget = remainingBudget(ctx);
    if (budget <= 0) {
      throw new AdapterError({
        system,
        code: 'UPSTREAM_TIMEOUT',
        retryable: false,
        message: `${system} call skipped: request deadline passed`,
      });
    }
    if (this.options.rateLimiter) await this.options.rateLimiter.take(spec.operation, budget, system);
    const timeout = Math.max(1, Math.min(this.timeoutMs, budget));
    const started = performance.now();
    const emit = (outcome: AttemptEvent['outcome'], status?: number) => {
      const durationMs = performance.now() - started;
      this.latencies.push(durationMs);
      if (this.latencies.length > 100) this.latencies.shift();
      this.options.onAttempt?.({ system, operation: spec.operation, durationMs, outcome, ...(status !== undefined && { status }) });
    };
    try {
      const auth = this.options.authenticate ? await this.options.authenticate(ctx).catch(finalError) : {};
      const response = await this.http.send({
        method,
        path: spec.path,
        searchParams: spec.searchParams,
        json: spec.json,
        body: spec.body,
        headers: {
          'x-request-id': ctx.requestId,
          ...(ctx.traceparent && { traceparent: ctx.traceparent }),
          ...trace,
          ...(spec.idempotencyKey && { 'idempotency-key': spec.idempotencyKey }),
          ...auth,
          ...spec.headers,
        },
        timeoutMs: timeout,
      });
      const result = this.interpret(spec, response.status, response.body, response.headers, budget);
      emit('ok', response.status);
      return result;
    } catch (err) {
      const error = this.toAdapterError(err, spec);
      emit(error.code, error.status);
      throw error;
    }
  }

  private interpret<T>(
    spec: RequestSpec<T>,
    status: number,
    raw: string,
    headers: SystemResponse<T>['headers'],
    budget: number,
  ): SystemResponse<T> {
    const { system } = this;
    const passed = spec.passStatuses?.includes(status) ?? false;
    if (status >= 400 && !passed) {
      throw this.statusError(status, headers['retry-after'] as string | undefined, budget);
    }
    let parsed: unknown;
    try {
      parsed = spec.parse(raw, headers['content-type'] as string | undefined);
    } catch (cause) {
      // A parser may recognise a system's own error body (a SOAP Fault) and say what it means.
      if (cause instanceof AdapterError) throw cause;
      throw new AdapterError({
        system,
        code: 'UPSTREAM_BAD_RESPONSE',
        status,
        message: `${system} sent a body that cannot be parsed (${spec.operation})`,
        cause,
      });
    }
    const checked = spec.schema.safeParse(parsed);
    if (!checked.success) {
      const where = checked.error.issues[0]?.path.join('.') ?? '';
      throw new AdapterError({
        system,
        code: 'UPSTREAM_BAD_RESPONSE',
        status,
        message: `${system} sent an unexpected ${spec.operation} payload (at ${where || 'root'})`,
        cause: checked.error,
      });
    }
    return { status, body: checked.data, headers };
  }

  private statusError(status: number, retryAfter: string | undefined, budget: number): AdapterError {
    const { system } = this;
    if (status === 401 || status === 403) {
      const settings = this.options.credentialSettings ?? `${system}_* credentials`;
      return new AdapterError({
        system,
        code: 'UPSTREAM_AUTH_FAILED',
        status,
        message: `${system} rejected our credentials: check ${settings}`,
      });
    }
    if (status === 429) {
      const retryAfterMs = parseRetryAfter(retryAfter) ?? 1000;
      // Wait for Retry-After only when it is a wait we allow and it leaves the request half its
      // budget; otherwise say so now instead of asking again early or answering late.
      const worthWaiting = retryAfterMs <= this.maxWaitMs && retryAfterMs <= budget / 2;
      return new AdapterError({
        system,
        code: 'UPSTREAM_RATE_LIMITED',
        status,
        retryable: worthWaiting,
        retryAfterMs,
        message: `${system} is rate limiting us`,
      });
    }
    if (status >= 500 || status === 408) {
      return new AdapterError({ system, code: 'UPSTREAM_UNAVAILABLE', status, message: `${system} answered ${status}` });
    }
    return new AdapterError({ system, code: 'UPSTREAM_REJECTED', status, message: `${system} refused the request (${status})` });
  }

  private toAdapterError(err: unknown, spec: RequestSpec<unknown>): AdapterError {
    if (err instanceof AdapterError) return err;
    const { system } = this;
    if (err instanceof HttpTransportError) {
      if (err.timedOut) {
        return new AdapterError({
          system,
          code: 'UPSTREAM_TIMEOUT',
          message: `${system} did not answer ${spec.operation} in time`,
          cause: err,
        });
      }
      return new AdapterError({
        system,
        code: 'UPSTREAM_UNAVAILABLE',
        message: `${system} is unreachable (${err.code})`,
        cause: err,
      });
    }
    return new AdapterError({
      system,
      code: 'UPSTREAM_BAD_RESPONSE',
      message: `${system} call ${spec.operation} failed unexpectedly`,
      cause: err,
    });
  }
}

/** Parser for JSON bodies. */
export const parseJson = (body: string): unknown => JSON.parse(body);
