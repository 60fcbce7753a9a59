import {
  AdapterError,
  SystemClient,
  parseJson,
  type AttemptEvent,
  type CallContext,
  type ResilienceOptions,
} from '../../core/src/index.ts';
import {
  INTERCEPT_HEADERS,
  INTERCEPT_NOT_FOUND_CODES,
  TOKEN_PATH,
  TRACK_QUERY,
  apiHeaders,
  interceptRequest,
  interceptTransId,
  isInterceptable,
  referenceTrackPath,
  serviceCodeOf,
  shipPath,
  shipRequestBody,
  toCreatedShipment,
  toInterceptRefusal,
  toShipmentRecords,
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
  interceptErrorResponse,
  interceptResponse,
  rateResponse,
  shipResponse,
  tokenResponse,
  trackApiResponse,
  upsErrorResponse,
  type CreateShipmentRequest,
  type CreatedShipment,
  type InterceptAction,
  type InterceptOutcome,
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
  /** Tracking calls in flight at once for one batch (UPS tracks one number or reference per call). @default 16 */
  trackConcurrency?: number;
  /** `transactionSrc` header: names this application to UPS. @default "retail360" */
  transactionSrc?: string;
  /** Rating API version in the path. @default "v2409" */
  ratingVersion?: string;
  /** Clock for token expiry (tests). @default Date.now */
  clock?: () => number;
  /** The retailer's UPS account (six characters): shipper and payer of labels. @default "R360A1" */
  shipperNumber?: string;
  /** Label image asked of UPS (thermal printers in stores and DCs take ZPL). @default "ZPL" */
  labelFormat?: 'ZPL' | 'GIF';
  /** Shipping API version in the path. @default "v2409" */
  shippingVersion?: string;
  /** Delivery Intercept API version in the path. @default "v2" */
  interceptVersion?: string;
  /** Who asks UPS for delivery changes (`requesterContactInfo`). @default { name: "retail360 customer service", telephone: "+862100000000" } */
  requester?: { name: string; telephone: string };
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
  private readonly shipperNumber: string;
  private readonly labelFormat: 'ZPL' | 'GIF';
  private readonly shippingVersion: string;
  private readonly interceptVersion: string;
  private readonly requester: { name: string; telephone: string };

  constructor(options: CarrierAdapterOptions) {
    this.shipperNumber = options.shipperNumber ?? 'R360A1';
    this.labelFormat = options.labelFormat ?? 'ZPL';
    this.shippingVersion = options.shippingVersion ?? 'v2409';
    this.interceptVersion = options.interceptVersion ?? 'v2';
    this.requester = options.requester ?? { name: 'retail360 customer service', telephone: '+862100000000' };
    this.basicAuth = `Basic ${Buffer.from(`${options.clientId}:${options.clientSecret}`, 'utf8').toString('base64')}`;
    this.trackConcurrency = Math.max(1, options.trackConcurrency ?? 16);
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
    const found = await this.eachBounded(unique, (n) => this.withToken(ctx, (token) => this.trackOne(ctx, n, token)));
    return normalized.map((n) => (n === undefined ? null : (found.get(n) ?? null)));
  }

  /**
   * Parcels per shipper reference (the order id in its own system), aligned to `references`;
   * [] where UPS knows none. One Track-by-Reference call per distinct reference, bounded.
   */
  async trackByReference(ctx: CallContext, references: readonly string[]): Promise<ShipmentRecord[][]> {
    const unique = [...new Set(references.map((r) => r.trim()).filter((r) => r !== ''))];
    const found = await this.eachBounded(unique, (r) => this.withToken(ctx, (token) => this.trackReference(ctx, r, token)));
    return references.map((r) => found.get(r.trim()) ?? []);
  }

  /**
   * A label and tracking number from UPS. The reference travels as the shipment's reference
   * number, and the same reference answers with the same shipment, so a retry is safe. Multi-
   * package shipments answer with the lead package (its number is the shipment's).
   */
  async createShipment(ctx: CallContext, request: CreateShipmentRequest): Promise<CreatedShipment> {
    const service = serviceCodeOf(request.serviceLevel);
    if (!service) {
      throw new AdapterError({
        system: 'CARRIER',
        code: 'UPSTREAM_REJECTED',
        retryable: false,
        message: `UPS has no ${request.serviceLevel} service`,
      });
    }
    if (request.packages.length === 0) {
      throw new AdapterError({ system: 'CARRIER', code: 'UPSTREAM_REJECTED', retryable: false, message: 'a UPS shipment needs a package' });
    }
    return this.withToken(ctx, async (token) => {
      const response = await this.client.request(ctx, {
        operation: 'ship',
        method: 'POST',
        path: shipPath(this.shippingVersion),
        json: shipRequestBody(request, service, this.shipperNumber, this.labelFormat),
        headers: apiHeaders(token, this.transactionSrc),
        // The shipper reference makes a repeat answer the first label, not a second one.
        idempotent: true,
        passStatuses: [400],
        parse: parseJson,
        schema: shipResponse.or(upsErrorResponse),
      });
      if ('ShipmentResponse' in response.body) return toCreatedShipment(response.body);
      const codes = response.body.response.errors.map((e) => `${e.code} ${e.message ?? ''}`.trim());
      throw new AdapterError({
        system: 'CARRIER',
        code: 'UPSTREAM_REJECTED',
        status: response.status,
        message: `UPS refused the shipment (${codes.join('; ') || 'no code'})`,
      });
    });
  }

  /**
   * Asks UPS to hold, redirect or return a parcel. UPS's refusal for the parcel's state is an
   * answer (TOO_LATE with the reason), not a failure; after an accepted change the parcel is
   * tracked once more so the caller sees the state UPS now reports.
   */
  async intercept(ctx: CallContext, trackingNumber: string, action: InterceptAction): Promise<InterceptOutcome> {
    const n = trackingNumber.trim().toUpperCase();
    if (!isInterceptable(n)) return { outcome: 'NOT_FOUND' };
    const { path, body } = interceptRequest(this.interceptVersion, n, action, this.requester);
    const response = await this.withToken(ctx, (token) =>
      this.client.request(ctx, {
        operation: 'intercept',
        method: 'POST',
        path,
        json: body,
        headers: {
          authorization: `Bearer ${token}`,
          transId: interceptTransId(),
          transactionSrc: this.transactionSrc,
          ...INTERCEPT_HEADERS,
        },
        // A repeat after a lost answer would meet UPS's "change pending": never retried blindly.
        idempotent: false,
        passStatuses: [400],
        parse: parseJson,
        schema: interceptResponse.or(interceptErrorResponse),
      }),
    );
    const answer = response.body;
    if ('response' in answer) {
      const codes = answer.response.errors.map((e) => e.code);
      if (codes.some((c) => INTERCEPT_NOT_FOUND_CODES.has(c))) return { outcome: 'NOT_FOUND' };
      throw new AdapterError({
        system: 'CARRIER',
        code: 'UPSTREAM_REJECTED',
        status: response.status,
        message: `UPS refused the delivery change (${answer.response.errors.map((e) => `${e.code} ${e.message ?? ''}`.trim()).join('; ')})`,
      });
    }
    if (!answer.success) return { outcome: 'TOO_LATE', ...toInterceptRefusal(answer.errors ?? []) };
    const [shipment] = await this.track(ctx, [n]);
    if (!shipment) {
      throw new AdapterError({
        system: 'CARRIER',
        code: 'UPSTREAM_BAD_RESPONSE',
        message: `UPS accepted a change for ${n} but cannot track it`,
      });
    }
    return { outcome: 'ACCEPTED', shipment };
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

  private async trackReference(ctx: CallContext, reference: string, token: string): Promise<ShipmentRecord[]> {
    const response = await this.client.request(ctx, {
      operation: 'trackByReference',
      path: referenceTrackPath(reference),
      searchParams: { locale: TRACK_QUERY.locale },
      headers: apiHeaders(token, this.transactionSrc),
      passStatuses: [404],
      parse: parseJson,
      schema: trackApiResponse.or(upsErrorResponse),
    });
    const outcome = interpretTrack(response.status, response.body, reference);
    if ('errorCodes' in outcome) {
      throw new AdapterError({
        system: 'CARRIER',
        code: 'UPSTREAM_BAD_RESPONSE',
        status: response.status,
        message: `UPS answered reference tracking with errors (${outcome.errorCodes.join(', ')})`,
      });
    }
    return 'trackResponse' in response.body ? toShipmentRecords(response.body) : [];
  }

  /**
   * `call` for each key, `trackConcurrency` at a time (UPS tracks one number or reference per
   * call). The first failure fails the batch, and no further call is started for it: the answer
   * is lost anyway, and a system that refuses one call is not asked a dozen more times.
   */
  private async eachBounded<T>(keys: readonly string[], call: (key: string) => Promise<T>): Promise<Map<string, T>> {
    const found = new Map<string, T>();
    let next = 0;
    let failed = false;
    const worker = async () => {
      while (!failed && next < keys.length) {
        const key = keys[next++] as string;
        try {
          found.set(key, await call(key));
        } catch (err) {
          failed = true;
          throw err;
        }
      }
    };
    await Promise.all(Array.from({ length: Math.min(this.trackConcurrency, keys.length) }, worker));
    return found;
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
