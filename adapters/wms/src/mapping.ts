import { AdapterError } from '../../core/src/index.ts';
import type { SoapFault } from './soap.ts';
import type {
  CreateTaskInput,
  CreateTaskResult,
  TaskQuery,
  TaskRecord,
  UpdateTaskInput,
  UpdateTaskResult,
  WireCreateTask,
  WireTask,
  WireUpdateTask,
} from './taskTypes.ts';
import {
  wireWarehouseFault,
  type CreateReservationInput,
  type CreateReservationResult,
  type CycleCountInput,
  type CycleCountResult,
  type LocationRecord,
  type ReceiveStockInput,
  type ReceiveStockResult,
  type ReservationQuery,
  type ReservationRecord,
  type StockRecord,
  type WireCreateReservation,
  type WireCycleCount,
  type WireLocation,
  type WireReceipt,
  type WireReservation,
  type WireStockPosition,
} from './types.ts';

/**
 * The only file that knows WarehouseService's element names, actions and error codes
 * (legacy/wms/wsdl/WarehouseService.wsdl).
 */

export const WMS_NAMESPACE = 'http://wms.retail360.example/2008/06/WarehouseService';
export const DEFAULT_SERVICE_PATH = '/ws/WarehouseService';
/** ArrayOfSku maxOccurs in the WSDL. */
export const MAX_SKUS_PER_REQUEST = 100;
/** The Sku simple type's maxLength: longer keys cannot exist in the WMS. */
const MAX_SKU_LENGTH = 40;

export type WmsOperation =
  | 'GetLocations'
  | 'GetStockPositions'
  | 'GetReservations'
  | 'CreateReservation'
  | 'ReleaseReservation'
  | 'ConsumeReservation'
  | 'RecordCycleCount'
  | 'ReceiveStock'
  | 'GetFulfilmentTasks'
  | 'GetCycleCounts'
  | 'CreateFulfilmentTask'
  | 'UpdateFulfilmentTask';

export interface OperationWire {
  requestElement: string;
  responseElement: string;
  soapAction: string;
}

export function operationWire(operation: WmsOperation): OperationWire {
  return {
    requestElement: `${operation}Request`,
    responseElement: `${operation}Response`,
    soapAction: `"${WMS_NAMESPACE}/${operation}"`,
  };
}

/** Elements that are lists in the schema: always parsed as arrays. */
export const LIST_ELEMENTS: ReadonlySet<string> = new Set([
  'Location',
  'Hour',
  'StockPosition',
  'InboundLine',
  'ChannelReservation',
  'Line',
  'FulfilmentTask',
  'Event',
  'CycleCount',
]);

export function stockRequest(skus: readonly string[]): Record<string, unknown> {
  return { Skus: { Sku: [...skus] } };
}

/**
 * Whether a SKU can be asked about at all: within the schema's length and made only of
 * characters XML 1.0 can carry. Others are answered "no stock" without asking, so one bad key
 * cannot fail the whole batch with a validation fault.
 */
export function isAskableSku(sku: string): boolean {
  // eslint-disable-next-line no-control-regex
  return sku.length > 0 && sku.length <= MAX_SKU_LENGTH && !/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/.test(sku);
}

export function toLocationRecord(w: WireLocation): LocationRecord {
  return {
    code: w.LocationCode,
    kind: w.LocationType,
    name: w.Name,
    address: {
      line1: w.Address.Street,
      city: w.Address.City,
      ...(w.Address.District !== undefined && w.Address.District !== '' && { district: w.Address.District }),
      postcode: w.Address.PostalCode,
      country: w.Address.CountryCode,
    },
    latitude: w.Latitude,
    longitude: w.Longitude,
    ...(w.PosLocationId !== undefined && w.PosLocationId !== '' && { posLocationId: w.PosLocationId }),
    labourCapacityPerHour: w.LabourCapacityPerHour,
    peakHours: w.PeakHours.Hour,
    leadTimeDays: w.LeadTimeDays,
    openedOn: w.OpenedDate,
  };
}

export function toStockRecord(w: WireStockPosition, businessDate: string): StockRecord {
  return {
    sku: w.Sku,
    locationCode: w.LocationCode,
    onHand: w.OnHand,
    reserved: w.Reserved,
    allocated: w.Allocated,
    safetyStock: w.SafetyStock,
    inbound: w.InboundLines.InboundLine.map((l) => ({ quantity: l.Quantity, eta: l.ETA, reference: l.Reference })),
    channelReservations: (w.ChannelReservations?.ChannelReservation ?? []).map((c) => ({ channel: c.Channel, quantity: c.Quantity })),
    businessDate,
  };
}

export function reservationsRequest(q: ReservationQuery): Record<string, unknown> {
  return {
    ...(q.skus && q.skus.length > 0 && { Skus: { Sku: q.skus } }),
    ...(q.locationCodes && q.locationCodes.length > 0 && { LocationCodes: { LocationCode: q.locationCodes } }),
    ...(q.status && { Status: q.status }),
  };
}

/** Element order follows the WSDL's sequence: document/literal services check it. */
export function createReservationRequest(input: CreateReservationInput): Record<string, unknown> {
  return {
    Sku: input.sku,
    LocationCode: input.locationCode,
    Quantity: input.quantity,
    TtlMinutes: input.ttlMinutes,
    ...(input.reference !== undefined && { Reference: input.reference }),
    ...(input.channel !== undefined && { Channel: input.channel }),
    ...(input.idempotencyKey !== undefined && { IdempotencyKey: input.idempotencyKey }),
  };
}

export function cycleCountRequest(input: CycleCountInput): Record<string, unknown> {
  return {
    Sku: input.sku,
    LocationCode: input.locationCode,
    CountedQuantity: input.countedQuantity,
    ...(input.countedAt !== undefined && { CountedAt: input.countedAt }),
  };
}

export function receiveStockRequest(input: ReceiveStockInput): Record<string, unknown> {
  return {
    LocationCode: input.locationCode,
    Reference: input.reference,
    ...(input.kind !== undefined && { Kind: input.kind }),
    Lines: { Line: input.lines.map((l) => ({ Sku: l.sku, Quantity: l.quantity })) },
  };
}

export function toReservationRecord(w: WireReservation): ReservationRecord {
  return {
    id: w.ReservationId,
    sku: w.Sku,
    locationCode: w.LocationCode,
    quantity: w.Quantity,
    status: w.Status,
    ...(w.Reference !== undefined && w.Reference !== '' && { reference: w.Reference }),
    ...(w.Channel !== undefined && w.Channel !== '' && { channel: w.Channel }),
    createdAt: w.CreatedAt,
    expiresAt: w.ExpiresAt,
    ...(w.ConsumedBy !== undefined && w.ConsumedBy !== '' && { consumedBy: w.ConsumedBy }),
    ...(w.ClosedAt !== undefined && { closedAt: w.ClosedAt }),
  };
}

export function toCreateReservationResult(w: WireCreateReservation): CreateReservationResult | undefined {
  if (w.Result === 'INSUFFICIENT_STOCK') {
    if (w.Available === undefined || w.Requested === undefined) return undefined;
    return { outcome: 'INSUFFICIENT_STOCK', available: w.Available, requested: w.Requested };
  }
  if (!w.Reservation) return undefined;
  return { outcome: 'HELD', reservation: toReservationRecord(w.Reservation), replayed: w.Result === 'DUPLICATE' };
}

export function toCycleCountResult(w: WireCycleCount, businessDate: string): CycleCountResult {
  return {
    countedAt: w.CountedAt,
    previousOnHand: w.PreviousOnHand,
    variance: w.Variance,
    position: toStockRecord(w.StockPosition, businessDate),
  };
}

export function toReceiveStockResult(w: WireReceipt): ReceiveStockResult {
  return {
    locationCode: w.LocationCode,
    reference: w.Reference,
    receivedOn: w.ReceivedOn,
    lines: w.Lines.Line.map((l) => ({ sku: l.Sku, expected: l.Expected, received: l.Received, discrepancy: l.Discrepancy })),
  };
}

/** WMS error codes the adapter turns into answers rather than errors. */
export const WMS_CODES = {
  UNKNOWN_LOCATION: 'WMS-2001',
  UNKNOWN_RESERVATION: 'WMS-2002',
  UNKNOWN_REFERENCE: 'WMS-2003',
  UNKNOWN_TASK: 'WMS-2004',
} as const;

/** The WMS error code behind an AdapterError raised from a fault, if any. */
export function wmsErrorCode(err: unknown): string | undefined {
  if (!(err instanceof AdapterError) || err.system !== 'WMS') return undefined;
  const cause = err.cause as { errorCode?: unknown } | undefined;
  return typeof cause?.errorCode === 'string' ? cause.errorCode : undefined;
}

/** WMS-1xxx: the security token was refused. */
const AUTH_ERROR = /^WMS-1\d{3}$/;

/** The fault's WMS error code, when its detail carries one. */
export function faultErrorCode(fault: SoapFault): string | undefined {
  const detail = fault.detail as { WarehouseFault?: unknown } | undefined;
  const parsed = wireWarehouseFault.safeParse(detail?.WarehouseFault);
  return parsed.success ? parsed.data.ErrorCode : undefined;
}

/**
 * soap:Fault → AdapterError. Auth faults name the settings to fix; other Client faults mean we
 * sent something the WMS refuses; Server faults mean the WMS is unwell. The message carries the
 * codes, never the faultstring (it may echo request values).
 */
export function faultToError(
  fault: SoapFault,
  operation: WmsOperation,
  credentialSettings: string,
  status: number,
  repeatable = true,
): AdapterError {
  const errorCode = faultErrorCode(fault);
  const label = `soap:${fault.code}${errorCode ? ` ${errorCode}` : ''}`;
  const cause = Object.assign(new Error(`${label}: ${fault.message}`), { faultCode: fault.code, errorCode });
  if (fault.code === 'Client' && errorCode !== undefined && AUTH_ERROR.test(errorCode)) {
    return new AdapterError({
      system: 'WMS',
      code: 'UPSTREAM_AUTH_FAILED',
      status,
      message: `WMS rejected our credentials (${label}): check ${credentialSettings}`,
      cause,
    });
  }
  if (fault.code === 'Server') {
    // The WMS is unwell: counts towards its circuit; retried only when repeating the call is safe.
    return new AdapterError({
      system: 'WMS',
      code: 'UPSTREAM_UNAVAILABLE',
      status,
      retryable: repeatable,
      message: `WMS failed ${operation} (${label})`,
      cause,
    });
  }
  return new AdapterError({ system: 'WMS', code: 'UPSTREAM_REJECTED', status, message: `WMS refused ${operation} (${label})`, cause });
}

// ---- fulfilment tasks ----

export function tasksRequest(q: TaskQuery): Record<string, unknown> {
  return {
    ...(q.locationCodes && q.locationCodes.length > 0 && { LocationCodes: { LocationCode: [...q.locationCodes] } }),
    ...(q.orderReferences && q.orderReferences.length > 0 && { OrderReferences: { OrderReference: [...q.orderReferences] } }),
    ...(q.taskIds && q.taskIds.length > 0 && { TaskIds: { TaskId: [...q.taskIds] } }),
    ...(q.createdFrom !== undefined && { CreatedFrom: q.createdFrom }),
    ...(q.createdTo !== undefined && { CreatedTo: q.createdTo }),
  };
}

/** Element order follows the WSDL's sequence. */
export function createTaskRequest(input: CreateTaskInput): Record<string, unknown> {
  return {
    TaskType: input.kind,
    ...(input.fulfilmentType !== undefined && { FulfilmentType: input.fulfilmentType }),
    LocationCode: input.locationCode,
    ...(input.targetLocationCode !== undefined && { TargetLocationCode: input.targetLocationCode }),
    OrderReference: input.orderReference,
    ...(input.priority !== undefined && { Priority: input.priority }),
    ...(input.orderPlacedAt !== undefined && { OrderPlacedAt: input.orderPlacedAt }),
    ...(input.dueBy !== undefined && { DueBy: input.dueBy }),
    Lines: { Line: input.lines.map((l) => ({ Sku: l.sku, Quantity: l.quantity })) },
    ...(input.idempotencyKey !== undefined && { IdempotencyKey: input.idempotencyKey }),
  };
}

export function updateTaskRequest(input: UpdateTaskInput): Record<string, unknown> {
  return {
    TaskId: input.taskId,
    Action: input.action,
    ...(input.reason !== undefined && { ReasonCode: input.reason }),
    ...(input.trackingNumber !== undefined && { TrackingNumber: input.trackingNumber }),
    ...(input.pickupCode !== undefined && { PickupCode: input.pickupCode }),
    ...(input.pickedLines && { PickedLines: { Line: input.pickedLines.map((l) => ({ Sku: l.sku, Quantity: l.quantity })) } }),
  };
}

export function toTaskRecord(w: WireTask): TaskRecord {
  return {
    id: w.TaskId,
    kind: w.TaskType,
    status: w.Status,
    locationCode: w.LocationCode,
    ...(w.TargetLocationCode && { targetLocationCode: w.TargetLocationCode }),
    ...(w.OrderReference && { orderReference: w.OrderReference }),
    ...(w.FulfilmentType && { fulfilmentType: w.FulfilmentType }),
    ...(w.Priority && { priority: w.Priority }),
    lines: w.Lines.Line.map((l) => ({
      sku: l.Sku,
      quantity: l.Quantity,
      ...(l.PickedQuantity !== undefined && { pickedQuantity: l.PickedQuantity }),
    })),
    createdAt: w.CreatedAt,
    ...(w.DueBy && { dueBy: w.DueBy }),
    ...(w.OrderPlacedAt && { orderPlacedAt: w.OrderPlacedAt }),
    ...(w.RejectionReason && { rejectionReason: w.RejectionReason }),
    ...(w.TrackingNumber && { trackingNumber: w.TrackingNumber }),
    events: w.Events.Event.map((e) => ({ status: e.Status, at: e.At })),
  };
}

export function toCreateTaskResult(w: WireCreateTask): CreateTaskResult | undefined {
  if (w.Result === 'INSUFFICIENT_STOCK') {
    if (w.Sku === undefined || w.Available === undefined || w.Requested === undefined) return undefined;
    return { outcome: 'INSUFFICIENT_STOCK', sku: w.Sku, available: w.Available, requested: w.Requested };
  }
  if (!w.FulfilmentTask) return undefined;
  return { outcome: 'CREATED', task: toTaskRecord(w.FulfilmentTask), replayed: w.Result === 'DUPLICATE' };
}

export function toUpdateTaskResult(w: WireUpdateTask): UpdateTaskResult {
  return { outcome: w.Result, task: toTaskRecord(w.FulfilmentTask) };
}
