import type { ZodType } from 'zod';
import { AdapterError, SystemClient, type AttemptEvent, type CallContext, type ResilienceOptions } from '../../core/src/index.ts';
import {
  DEFAULT_SERVICE_PATH,
  LIST_ELEMENTS,
  MAX_SKUS_PER_REQUEST,
  WMS_NAMESPACE,
  faultToError,
  isAskableSku,
  operationWire,
  stockRequest,
  toLocationRecord,
  toStockRecord,
  type WmsOperation,
} from './mapping.ts';
import { SOAP_CONTENT_TYPE, buildEnvelope, outcomeSchema, parseEnvelope } from './soap.ts';
import { getLocationsResponse, getStockPositionsResponse, type LocationRecord, type StockKey, type StockRecord } from './types.ts';

export interface WmsAdapterOptions {
  /** Base URL of the WMS, e.g. http://127.0.0.1:5003. */
  baseUrl: string;
  /** WS-Security UsernameToken user. */
  username: string;
  /** WS-Security UsernameToken password (sent as PasswordText). */
  password: string;
  /** Path of the SOAP endpoint. @default "/ws/WarehouseService" */
  servicePath?: string;
  /** Per-attempt timeout, in ms. @default 2000 */
  timeoutMs?: number;
  /** Retry, circuit breaker and concurrency settings. @default see ResilienceOptions */
  resilience?: ResilienceOptions;
  /** Observes each attempt (metrics, tests). @default none */
  onAttempt?: (event: AttemptEvent) => void;
}

/**
 * The warehouse management system over its SOAP 1.1 WarehouseService: locations and stock
 * positions as canonical records. Stock is asked for up to 100 SKUs per request.
 */
export class WmsAdapter {
  /** The settings to fix when the WMS refuses our credentials. */
  static readonly credentialSettings = 'WMS_USERNAME / WMS_PASSWORD';
  readonly client: SystemClient;
  private readonly servicePath: string;
  private readonly credentials: { username: string; password: string };

  constructor(options: WmsAdapterOptions) {
    this.servicePath = options.servicePath ?? DEFAULT_SERVICE_PATH;
    this.credentials = { username: options.username, password: options.password };
    this.client = new SystemClient({
      system: 'WMS',
      baseUrl: options.baseUrl,
      credentialSettings: WmsAdapter.credentialSettings,
      ...(options.timeoutMs !== undefined && { timeoutMs: options.timeoutMs }),
      ...(options.resilience && { resilience: options.resilience }),
      ...(options.onAttempt && { onAttempt: options.onAttempt }),
    });
  }

  /** Every location the WMS holds stock at. */
  async getLocations(ctx: CallContext): Promise<LocationRecord[]> {
    const body = await this.call(ctx, 'GetLocations', {}, getLocationsResponse);
    return body.Locations.Location.map(toLocationRecord);
  }

  /**
   * Stock per key, aligned to `keys`: the position at `locationCode`, or every location's
   * position for the SKU when no location is given. One request carries up to 100 distinct
   * SKUs across all locations; unknown SKUs and locations get an empty list.
   */
  async getStock(ctx: CallContext, keys: readonly StockKey[]): Promise<StockRecord[][]> {
    const skus = [...new Set(keys.map((k) => k.sku).filter(isAskableSku))];
    const chunks: string[][] = [];
    for (let i = 0; i < skus.length; i += MAX_SKUS_PER_REQUEST) chunks.push(skus.slice(i, i + MAX_SKUS_PER_REQUEST));
    const answers = await Promise.all(
      chunks.map((chunk) => this.call(ctx, 'GetStockPositions', stockRequest(chunk), getStockPositionsResponse)),
    );
    const bySku = new Map<string, StockRecord[]>();
    for (const answer of answers) {
      for (const wire of answer.StockPositions.StockPosition) {
        const record = toStockRecord(wire);
        const list = bySku.get(record.sku);
        if (list) list.push(record);
        else bySku.set(record.sku, [record]);
      }
    }
    return keys.map((k) => {
      const all = bySku.get(k.sku) ?? [];
      return k.locationCode === undefined ? [...all] : all.filter((r) => r.locationCode === k.locationCode);
    });
  }

  private async call<T>(ctx: CallContext, operation: WmsOperation, content: Record<string, unknown>, schema: ZodType<T>): Promise<T> {
    const wire = operationWire(operation);
    const response = await this.client.request(ctx, {
      operation,
      method: 'POST',
      path: this.servicePath,
      body: buildEnvelope(this.credentials, wire.requestElement, WMS_NAMESPACE, content),
      headers: { 'content-type': SOAP_CONTENT_TYPE, soapaction: wire.soapAction },
      // Every operation used here is a read: safe to repeat.
      idempotent: true,
      // SOAP 1.1 sends every fault as HTTP 500; the body says whose fault it is.
      passStatuses: [500],
      parse: (body) => parseEnvelope(body, wire.responseElement, LIST_ELEMENTS),
      schema: outcomeSchema(schema),
    });
    const outcome = response.body;
    if ('fault' in outcome) throw faultToError(outcome.fault, operation, WmsAdapter.credentialSettings, response.status);
    if (response.status !== 200) {
      throw new AdapterError({
        system: 'WMS',
        code: 'UPSTREAM_UNAVAILABLE',
        status: response.status,
        message: `WMS answered ${response.status} without a fault (${operation})`,
      });
    }
    return outcome.payload;
  }
}
