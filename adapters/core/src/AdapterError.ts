import type { SystemName } from './model.ts';

/** The codes a failing upstream call surfaces as, up to the GraphQL error's `extensions.code`. */
export type AdapterErrorCode =
  | 'UPSTREAM_TIMEOUT'
  | 'UPSTREAM_UNAVAILABLE'
  | 'UPSTREAM_RATE_LIMITED'
  | 'CIRCUIT_OPEN'
  | 'UPSTREAM_BAD_RESPONSE'
  | 'UPSTREAM_AUTH_FAILED'
  /** The system understood and refused the request (4xx other than auth and rate limit). */
  | 'UPSTREAM_REJECTED';

export interface AdapterErrorOptions {
  system: SystemName;
  code: AdapterErrorCode;
  message: string;
  /** Whether repeating the same call may succeed. @default derived from the code */
  retryable?: boolean;
  /** HTTP status, when the system answered. */
  status?: number;
  /** From `Retry-After`, in ms. */
  retryAfterMs?: number;
  cause?: unknown;
}

const RETRYABLE: Record<AdapterErrorCode, boolean> = {
  UPSTREAM_TIMEOUT: true,
  UPSTREAM_UNAVAILABLE: true,
  UPSTREAM_RATE_LIMITED: true,
  CIRCUIT_OPEN: false,
  UPSTREAM_BAD_RESPONSE: false,
  UPSTREAM_AUTH_FAILED: false,
  UPSTREAM_REJECTED: false,
};

/** Codes that say the system is unhealthy (they count towards opening its circuit). */
const HEALTH_FAILURES = new Set<AdapterErrorCode>(['UPSTREAM_TIMEOUT', 'UPSTREAM_UNAVAILABLE', 'UPSTREAM_BAD_RESPONSE']);

/** The one error type adapters throw. Messages never carry URLs, credentials or personal data. */
export class AdapterError extends Error {
  readonly system: SystemName;
  readonly code: AdapterErrorCode;
  readonly retryable: boolean;
  readonly status?: number;
  readonly retryAfterMs?: number;

  constructor(options: AdapterErrorOptions) {
    super(options.message, { cause: options.cause });
    this.name = 'AdapterError';
    this.system = options.system;
    this.code = options.code;
    this.retryable = options.retryable ?? RETRYABLE[options.code];
    if (options.status !== undefined) this.status = options.status;
    if (options.retryAfterMs !== undefined) this.retryAfterMs = options.retryAfterMs;
  }

  /** Whether this failure says the system itself is unwell (feeds the circuit breaker). */
  get isHealthFailure(): boolean {
    return HEALTH_FAILURES.has(this.code);
  }
}

export function isAdapterError(error: unknown): error is AdapterError {
  return error instanceof AdapterError;
}

/** Parses `Retry-After` as delta-seconds or an HTTP date; returns ms or undefined. */
export function parseRetryAfter(value: string | undefined, now: number = Date.now()): number | undefined {
  if (!value) return undefined;
  const trimmed = value.trim();
  if (/^\d+(\.\d+)?$/.test(trimmed)) return Math.round(Number(trimmed) * 1000);
  const at = Date.parse(trimmed);
  if (Number.isNaN(at)) return undefined;
  return Math.max(0, at - now);
}
