/**
 * Fault injection shared by every simulator. Settable at start (env `<SYSTEM>_FAULTS`, JSON)
 * and at run time (`POST /__faults` merges, `DELETE /__faults` clears, `GET /__faults` reads).
 *
 * Rates are applied with an accumulator rather than a random draw, so "errorRate 0.5" fails
 * exactly every second request: fault tests are repeatable.
 */
export type OutageMode = 'refuse' | 'hang';

export interface FaultSettings {
  /** Added latency before every response, in ms. @default 0 */
  latencyMs: number;
  /** Uniform jitter of ± this many ms around `latencyMs`. @default 0 */
  jitterMs: number;
  /** Fraction (0–1) of requests answered with `errorStatus`. @default 0 */
  errorRate: number;
  /** Status code for injected errors. @default 503 */
  errorStatus: number;
  /** Fraction (0–1) of requests answered 429 with `Retry-After`. @default 0 */
  rateLimitRate: number;
  /** `Retry-After` seconds on injected 429s. @default 1 */
  retryAfterSeconds: number;
  /**
   * `refuse`: the connection is reset without an answer; `hang`: the request is read and never
   * answered. Control paths (`/__*`) stay reachable so the outage can be lifted at run time.
   * @default null
   */
  outage: OutageMode | null;
  /** Fraction (0–1) of successful responses whose body is cut in half (unparseable). @default 0 */
  malformedRate: number;
  /** Spread the body of every successful response over this many ms. @default 0 */
  slowBodyMs: number;
}

export const NO_FAULTS: Readonly<FaultSettings> = Object.freeze({
  latencyMs: 0,
  jitterMs: 0,
  errorRate: 0,
  errorStatus: 503,
  rateLimitRate: 0,
  retryAfterSeconds: 1,
  outage: null,
  malformedRate: 0,
  slowBodyMs: 0,
});

export type FaultDecision =
  | { kind: 'none' }
  | { kind: 'outage'; mode: OutageMode }
  | { kind: 'error'; status: number }
  | { kind: 'rateLimited'; retryAfterSeconds: number };

const KEYS = Object.keys(NO_FAULTS) as (keyof FaultSettings)[];

/** Validates a partial fault setting from JSON; throws a message naming the bad field. */
export function parseFaults(input: unknown): Partial<FaultSettings> {
  if (input === null || typeof input !== 'object' || Array.isArray(input)) {
    throw new Error('faults must be a JSON object');
  }
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(input)) {
    if (!KEYS.includes(key as keyof FaultSettings)) {
      throw new Error(`unknown fault setting "${key}"; known: ${KEYS.join(', ')}`);
    }
    if (key === 'outage') {
      if (value !== null && value !== 'refuse' && value !== 'hang') {
        throw new Error('outage must be "refuse", "hang" or null');
      }
    } else if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
      throw new Error(`${key} must be a non-negative number`);
    } else if (key.endsWith('Rate') && value > 1) {
      throw new Error(`${key} must be between 0 and 1`);
    }
    out[key] = value;
  }
  return out as Partial<FaultSettings>;
}

export class FaultController {
  private settings: FaultSettings;
  private readonly acc = { error: 0, rateLimit: 0, malformed: 0 };

  constructor(initial: Partial<FaultSettings> = {}) {
    this.settings = { ...NO_FAULTS, ...initial };
  }

  get current(): Readonly<FaultSettings> {
    return this.settings;
  }

  set(patch: Partial<FaultSettings>): Readonly<FaultSettings> {
    this.settings = { ...this.settings, ...parseFaults(patch) };
    return this.settings;
  }

  clear(): Readonly<FaultSettings> {
    this.settings = { ...NO_FAULTS };
    this.acc.error = this.acc.rateLimit = this.acc.malformed = 0;
    return this.settings;
  }

  /** Delay for this request, in ms. */
  latency(): number {
    const { latencyMs, jitterMs } = this.settings;
    if (jitterMs === 0) return latencyMs;
    return Math.max(0, latencyMs + (Math.random() * 2 - 1) * jitterMs);
  }

  decide(): FaultDecision {
    const s = this.settings;
    if (s.outage) return { kind: 'outage', mode: s.outage };
    if (this.tick('rateLimit', s.rateLimitRate)) {
      return { kind: 'rateLimited', retryAfterSeconds: s.retryAfterSeconds };
    }
    if (this.tick('error', s.errorRate)) return { kind: 'error', status: s.errorStatus };
    return { kind: 'none' };
  }

  shouldMalform(): boolean {
    return this.tick('malformed', this.settings.malformedRate);
  }

  private tick(key: keyof FaultController['acc'], rate: number): boolean {
    if (rate <= 0) return false;
    this.acc[key] += rate;
    if (this.acc[key] >= 1 - 1e-9) {
      this.acc[key] -= 1;
      return true;
    }
    return false;
  }
}
