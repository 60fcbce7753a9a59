import {
  AdapterError,
  SystemClient,
  parseJson,
  type AttemptEvent,
  type CallContext,
  type ResilienceOptions,
} from '../../core/src/index.ts';
import {
  TOKEN_PATH,
  TRACK_QUERY,
  apiHeaders,
  interpretRates,
  interpretTrack,
  normalizeTrackingNumber,
  ratePath,
  rateRequestBody,
  toIssuedToken,
  tokenForm,
  trackPath,
} from './mapping.ts';
import { TokenCache, type IssuedToken } from './TokenCache.ts';
import {
  rateResponse,
  tokenResponse,
  trackApiResponse,
  upsErrorResponse,
  type RateQuery,
  type RateQuote,
  type ShipmentRecord,
} from './types.ts';

export interface CarrierAdapterOptions {
  /** Base URL of the carrier API, e.g. http://127.0.0.1:5004 (token and API share it). */
  baseUrl: string;
  /** OAuth client id (HTTP Basic user on the token endpoint). */
  clientId: string;
  /** OAuth client secret. */
  clientSecret: string;
  /** Per-attempt timeout, in ms. @default 2000 */
  timeoutMs?: number;
  /** Retry, circuit breaker and concurrency settings. @default see ResilienceOptions */
  resilience?: ResilienceOptions;
  /** Observes each attempt (metrics, tests). @default none */
  onAttempt?: (event: AttemptEvent) => void;
  /** Tracking calls in flight at once for one `track` batch (UPS tracks one number per call). @default 8 */
  trackConcurrency?: number;
  /** `transactionSrc` header: names this application to UPS. @default "retail360" */
  transactionSrc?: string;
  /** Rating API version in the path. @default "v2409" */
  ratingVersion?: string;
  /** Clock for token expiry (tests). @default Date.now */
  clock?: () => number;
}

/**
 * UPS over its REST APIs: OAuth client-credentials token (cached until shortly before expiry,
 * one refresh at a time), tracking (one inquiry number per call, bounded concurrency) and
 * rating, as canonical records.
 */
export class CarrierAdapter {
  /** The settings to fix when UPS refuses our credentials. */
  static readonly credentialSettings = 'CARRIER_CLIENT_ID / CARRIER_CLIENT_SECRET';
  readonly client: SystemClient;
  private readonly tokens: TokenCache;
  private readonly basicAuth: string;
  private readonly trackConcurrency: number;
  private readonly transactionSrc: string;
  private readonly ratingVersion: string;

  constructor(options: CarrierAdapterOptions) {
    this.basicAuth = `Basic ${Buffer.from(`${options.clientId}:${options.clientSecret}`, 'utf8').toString('base64')}`;
    this.trackConcurrency = Math.max(1, options.trackConcurrency ?? 8);
    this.transactionSrc = options.transactionSrc ?? 'retail360';
    this.ratingVersion = options.ratingVersion ?? 'v2409';
    this.client = new SystemClient({
      system: 'CARRIER',
      baseUrl: options.baseUrl,
      credentialSettings: CarrierAdapter.credentialSettings,
      ...(options.timeoutMs !== undefined && { timeoutMs: options.timeoutMs }),
      ...(options.resilience && { resilience: options.resilience }),
      ...(options.onAttempt && { onAttempt: options.onAttempt }),
    });
    this.tokens = new TokenCache((ctx) => this.fetchToken(ctx), options.clock ?? Date.now);
  }

  /**
   * Shipments aligned to `trackingNumbers`; null for numbers UPS does not know (or could never
   * know: wrong length or characters, which are not sent). Repeated numbers are asked once.
   */
  async track(ctx: CallContext, trackingNumbers: readonly string[]): Promise<(ShipmentRecord | null)[]> {
    const normalized = trackingNumbers.map(normalizeTrackingNumber);
    const unique = [...new Set(normalized.filter((n): n is string => n !== undefined))];
    const found = new Map<string, ShipmentRecord | null>();
    let next = 0;
    const worker = async () => {
      while (next < unique.length) {
        const n = unique[next++] as string;
        found.set(n, await this.withToken(ctx, (token) => this.trackOne(ctx, n, token)));
      }
    };
    await Promise.all(Array.from({ length: Math.min(this.trackConcurrency, unique.length) }, worker));
    return normalized.map((n) => (n === undefined ? null : (found.get(n) ?? null)));
  }

  /** Every service level's price for one parcel; empty when UPS serves no route between the two. */
  async rates(ctx: CallContext, query: RateQuery): Promise<RateQuote[]> {
    return this.withToken(ctx, async (token) => {
      const response = await this.client.request(ctx, {
        operation: 'rate',
        method: 'POST',
        path: ratePath(this.ratingVersion),
        json: rateRequestBody(query, ctx.requestId),
        headers: apiHeaders(token, this.transactionSrc),
        // A quote changes nothing: safe to repeat.
        idempotent: true,
        passStatuses: [400],
        parse: parseJson,
        schema: rateResponse.or(upsErrorResponse),
      });
      const outcome = interpretRates(response.body);
      if ('quotes' in outcome) return outcome.quotes;
      throw new AdapterError({
        system: 'CARRIER',
        code: 'UPSTREAM_REJECTED',
        status: response.status,
        message: `UPS refused the rate request (${outcome.errorCodes.join(', ') || 'no code'})`,
      });
    });
  }

  private async trackOne(ctx: CallContext, trackingNumber: string, token: string): Promise<ShipmentRecord | null> {
    const response = await this.client.request(ctx, {
      operation: 'track',
      path: trackPath(trackingNumber),
      searchParams: TRACK_QUERY,
      headers: apiHeaders(token, this.transactionSrc),
      passStatuses: [404],
      parse: parseJson,
      schema: trackApiResponse.or(upsErrorResponse),
    });
    const outcome = interpretTrack(response.status, response.body, trackingNumber);
    if ('shipment' in outcome) return outcome.shipment;
    throw new AdapterError({
      system: 'CARRIER',
      code: 'UPSTREAM_BAD_RESPONSE',
      status: response.status,
      message: `UPS answered track with errors (${outcome.errorCodes.join(', ')})`,
    });
  }

  /**
   * Runs `call` with the cached token. A 401 on a cached token means UPS dropped it early
   * (revoked, restarted): fetch a fresh one and try once more.
   */
  private async withToken<T>(ctx: CallContext, call: (token: string) => Promise<T>): Promise<T> {
    const token = await this.tokens.get(ctx);
    try {
      return await call(token);
    } catch (err) {
      if (!(err instanceof AdapterError) || err.code !== 'UPSTREAM_AUTH_FAILED' || err.status !== 401) throw err;
      this.tokens.invalidate(token);
      return call(await this.tokens.get(ctx));
    }
  }

  private async fetchToken(ctx: CallContext): Promise<IssuedToken> {
    const response = await this.client.request(ctx, {
      operation: 'token',
      method: 'POST',
      path: TOKEN_PATH,
      body: tokenForm(),
      headers: { authorization: this.basicAuth, 'content-type': 'application/x-www-form-urlencoded' },
      // A second token is harmless: safe to repeat.
      idempotent: true,
      parse: parseJson,
      schema: tokenResponse,
    });
    return toIssuedToken(response.body);
  }
}
