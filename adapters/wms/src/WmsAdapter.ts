import type { ZodType } from 'zod';
import { AdapterError, SystemClient, type AttemptEvent, type CallContext, type ResilienceOptions } from '../../core/src/index.ts';
import {
  DEFAULT_SERVICE_PATH,
  LIST_ELEMENTS,
  MAX_SKUS_PER_REQUEST,
  WMS_CODES,
  WMS_NAMESPACE,
  createReservationRequest,
  createTaskRequest,
  cycleCountRequest,
  faultToError,
  isAskableSku,
  operationWire,
  receiveStockRequest,
  reservationsRequest,
  stockRequest,
  tasksRequest,
  toCreateReservationResult,
  toCreateTaskResult,
  toCycleCountResult,
  toLocationRecord,
  toReceiveStockResult,
  toReservationRecord,
  toStockRecord,
  toTaskRecord,
  toUpdateTaskResult,
  updateTaskRequest,
  wmsErrorCode,
  type WmsOperation,
} from './mapping.ts';
import { SOAP_CONTENT_TYPE, buildEnvelope, parseEnvelope } from './soap.ts';
import {
  createReservationResponse,
  getLocationsResponse,
  getReservationsResponse,
  getStockPositionsResponse,
  receiveStockResponse,
  recordCycleCountResponse,
  reservationResponse,
  type CreateReservationInput,
  type CreateReservationResult,
  type CycleCountInput,
  type CycleCountResult,
  type LocationRecord,
  type ReceiveStockInput,
  type ReceiveStockResult,
  type ReservationQuery,
  type ReservationRecord,
  type StockKey,
  type StockRecord,
} from './types.ts';
import {
  createTaskResponse,
  getCycleCountsResponse,
  getTasksResponse,
  updateTaskResponse,
  type CreateTaskInput,
  type CreateTaskResult,
  type CycleCountQuery,
  type CycleCountRecord,
  type TaskQuery,
  type TaskRecord,
  type UpdateTaskInput,
  type UpdateTaskResult,
} from './taskTypes.ts';

/**
 * Whether SystemClient may repeat a call: reads and repeatable writes freely; a create only
 * when it carries an idempotency key (also sent as the `Idempotency-Key` HTTP header).
 */
interface Replay {
  idempotent: boolean;
  idempotencyKey?: string;
}
const READ: Replay = { idempotent: true };

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
 * The warehouse management system over its SOAP 1.1 WarehouseService: locations, stock
 * positions and holds as canonical records; holds, cycle counts and receipts as writes. Stock is
 * asked for up to 100 SKUs per request.
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
        const record = toStockRecord(wire, answer.BusinessDate);
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

  /** Holds matching the query (all statuses unless one is given). */
  async getReservations(ctx: CallContext, query: ReservationQuery = {}): Promise<ReservationRecord[]> {
    const body = await this.call(ctx, 'GetReservations', reservationsRequest(query), getReservationsResponse);
    return body.Reservations.Reservation.map(toReservationRecord);
  }

  /**
   * Checks and holds in one WMS step. Not enough stock is a result, not an error. The create is
   * retried (timeouts, 5xx) only when it carries an idempotency key, sent in the body where the
   * WMS dedupes it: a retry then answers with the first hold instead of holding twice.
   */
  async createReservation(ctx: CallContext, input: CreateReservationInput): Promise<CreateReservationResult> {
    const replay: Replay =
      input.idempotencyKey !== undefined ? { idempotent: true, idempotencyKey: input.idempotencyKey } : { idempotent: false };
    const body = await this.call(ctx, 'CreateReservation', createReservationRequest(input), createReservationResponse, replay);
    const result = toCreateReservationResult(body);
    if (!result) {
      throw new AdapterError({
        system: 'WMS',
        code: 'UPSTREAM_BAD_RESPONSE',
        message: `WMS answered CreateReservation ${body.Result} without its details`,
      });
    }
    return result;
  }

  /** Ends a hold, giving its units back; repeatable. Null when the WMS does not know the id. */
  async releaseReservation(ctx: CallContext, id: string): Promise<ReservationRecord | null> {
    return this.orNullWhen(WMS_CODES.UNKNOWN_RESERVATION, async () => {
      const body = await this.call(ctx, 'ReleaseReservation', { ReservationId: id }, reservationResponse, READ);
      return toReservationRecord(body.Reservation);
    });
  }

  /**
   * The till sold the held units (`saleReference`: the POS receipt): the hold becomes CONSUMED
   * and on hand drops. Repeating it with the same sale is a no-op. Null for an unknown id; a hold
   * that expired or was released is refused (UPSTREAM_REJECTED, WMS-4002).
   */
  async consumeReservation(ctx: CallContext, id: string, saleReference: string): Promise<ReservationRecord | null> {
    return this.orNullWhen(WMS_CODES.UNKNOWN_RESERVATION, async () => {
      const body = await this.call(
        ctx,
        'ConsumeReservation',
        { ReservationId: id, SaleReference: saleReference },
        reservationResponse,
        READ,
      );
      return toReservationRecord(body.Reservation);
    });
  }

  /** Sets on hand to a handheld count; repeating the same count changes nothing more. */
  async recordCycleCount(ctx: CallContext, input: CycleCountInput): Promise<CycleCountResult> {
    const body = await this.call(ctx, 'RecordCycleCount', cycleCountRequest(input), recordCycleCountResponse, READ);
    return toCycleCountResult(body, body.CountedAt.slice(0, 10));
  }

  /**
   * Books goods received against an inbound reference and closes it. Not repeatable (a second
   * receipt would find the reference closed), so never retried. Null when no inbound with that
   * reference is due at the location. A customer return (`kind: 'CUSTOMER_RETURN'`) adds the
   * units to on hand, once per reference, so it is safe to retry.
   */
  async receiveStock(ctx: CallContext, input: ReceiveStockInput): Promise<ReceiveStockResult | null> {
    const repeatable = input.kind === 'CUSTOMER_RETURN';
    return this.orNullWhen(WMS_CODES.UNKNOWN_REFERENCE, async () => {
      const body = await this.call(
        ctx,
        'ReceiveStock',
        receiveStockRequest(input),
        receiveStockResponse,
        repeatable ? READ : { idempotent: false },
      );
      return toReceiveStockResult(body);
    });
  }

  /** Cycle counts recorded in the WMS (stock accuracy), oldest first. */
  async getCycleCounts(ctx: CallContext, query: CycleCountQuery = {}): Promise<CycleCountRecord[]> {
    const body = await this.call(
      ctx,
      'GetCycleCounts',
      {
        ...(query.locationCodes && query.locationCodes.length > 0 && { LocationCodes: { LocationCode: [...query.locationCodes] } }),
        ...(query.countedFrom !== undefined && { CountedFrom: query.countedFrom }),
        ...(query.countedTo !== undefined && { CountedTo: query.countedTo }),
      },
      getCycleCountsResponse,
    );
    return body.CycleCounts.CycleCount.map((c) => ({
      sku: c.Sku,
      locationCode: c.LocationCode,
      countedAt: c.CountedAt,
      previousOnHand: c.PreviousOnHand,
      countedQuantity: c.CountedQuantity,
      variance: c.Variance,
    }));
  }

  /** Fulfilment tasks matching the query (picks, transfers), oldest first. */
  async getTasks(ctx: CallContext, query: TaskQuery = {}): Promise<TaskRecord[]> {
    const body = await this.call(ctx, 'GetFulfilmentTasks', tasksRequest(query), getTasksResponse);
    return body.FulfilmentTasks.FulfilmentTask.map(toTaskRecord);
  }

  /**
   * Creates a pick or transfer and allocates its stock, all lines or none. Not enough stock is a
   * result. Retried only with an idempotency key (the WMS answers a repeat with the first task).
   */
  async createTask(ctx: CallContext, input: CreateTaskInput): Promise<CreateTaskResult> {
    const replay: Replay =
      input.idempotencyKey !== undefined ? { idempotent: true, idempotencyKey: input.idempotencyKey } : { idempotent: false };
    const body = await this.call(ctx, 'CreateFulfilmentTask', createTaskRequest(input), createTaskResponse, replay);
    const result = toCreateTaskResult(body);
    if (!result) {
      throw new AdapterError({
        system: 'WMS',
        code: 'UPSTREAM_BAD_RESPONSE',
        message: `WMS answered CreateFulfilmentTask ${body.Result} without its details`,
      });
    }
    return result;
  }

  /**
   * Moves a task on (accept, reject, pick, pack, ship, ready, hand over, deliver, cancel). Every
   * action is repeatable (asking again for the state the task is in answers UNCHANGED), so it is
   * retried. A move the task's state forbids, or a wrong pickup code, is a result. Null for an
   * unknown task.
   */
  async updateTask(ctx: CallContext, input: UpdateTaskInput): Promise<UpdateTaskResult | null> {
    return this.orNullWhen(WMS_CODES.UNKNOWN_TASK, async () => {
      const body = await this.call(ctx, 'UpdateFulfilmentTask', updateTaskRequest(input), updateTaskResponse, READ);
      return toUpdateTaskResult(body);
    });
  }

  private async orNullWhen<T>(errorCode: string, run: () => Promise<T>): Promise<T | null> {
    try {
      return await run();
    } catch (err) {
      if (wmsErrorCode(err) === errorCode) return null;
      throw err;
    }
  }

  private async call<T>(
    ctx: CallContext,
    operation: WmsOperation,
    content: Record<string, unknown>,
    schema: ZodType<T>,
    replay: Replay = READ,
  ): Promise<T> {
    const wire = operationWire(operation);
    const response = await this.client.request(ctx, {
      operation,
      method: 'POST',
      path: this.servicePath,
      body: buildEnvelope(this.credentials, wire.requestElement, WMS_NAMESPACE, content),
      headers: { 'content-type': SOAP_CONTENT_TYPE, soapaction: wire.soapAction },
      idempotent: replay.idempotent,
      ...(replay.idempotencyKey !== undefined && { idempotencyKey: replay.idempotencyKey }),
      // SOAP 1.1 sends every fault as HTTP 500; the body says whose fault it is. The fault becomes
      // its AdapterError inside `parse`, i.e. inside the attempt: a soap:Server fault then counts
      // towards the circuit and is retried like any 5xx (when the call may be repeated), while a
      // soap:Client fault stays a refusal that neither retries nor trips the breaker.
      passStatuses: [500],
      parse: (body) => {
        const outcome = parseEnvelope(body, wire.responseElement, LIST_ELEMENTS);
        if ('fault' in outcome) throw faultToError(outcome.fault, operation, WmsAdapter.credentialSettings, 500, replay.idempotent);
        return outcome.payload;
      },
      schema,
    });
    if (response.status !== 200) {
      throw new AdapterError({
        system: 'WMS',
        code: 'UPSTREAM_UNAVAILABLE',
        status: response.status,
        message: `WMS answered ${response.status} without a fault (${operation})`,
      });
    }
    return response.body;
  }
}
