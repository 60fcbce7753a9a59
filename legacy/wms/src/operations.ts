import { z } from 'zod';
import type { Location, StockPosition } from '../../dataset/src/index.ts';
import {
  MAX_IDEMPOTENCY_KEY_LENGTH,
  MAX_LOCATIONS_PER_REQUEST,
  MAX_RESERVATION_TTL_MINUTES,
  MAX_SKU_LENGTH,
  MAX_SKUS_PER_REQUEST,
  WMS_ERRORS,
  type OperationName,
} from './contract.ts';
import { WmsFault } from './soap.ts';
import type { FulfilmentTask, Reservation, WmsStore } from './store.ts';

/** Request schemas, as in the WSDL's types. Absent optional lists arrive as undefined. */
const sku = z.string().min(1).max(MAX_SKU_LENGTH);
const locationCode = z.string().min(1).max(10);
const skuList = z.object({ Sku: z.array(sku).min(1).max(MAX_SKUS_PER_REQUEST) });
const locationList = z.object({ LocationCode: z.array(locationCode).min(1).max(MAX_LOCATIONS_PER_REQUEST) });
const locationType = z.enum(['STORE', 'DC', 'SUPPLIER']);
/** xsd:int and xsd:dateTime as text. */
const count = z
  .string()
  .regex(/^\d{1,9}$/)
  .transform(Number);
const dateTime = z.string().refine((v) => /^\d{4}-\d{2}-\d{2}T/.test(v) && Number.isFinite(Date.parse(v)), 'is not an xsd:dateTime');
const reference = z.string().min(1).max(40);
const channel = z.string().regex(/^[A-Z][A-Z0-9_]{0,19}$/);
const idempotencyKey = z.string().min(1).max(MAX_IDEMPOTENCY_KEY_LENGTH);
const reservationId = z.string().min(1).max(20);

const REQUESTS = {
  GetLocations: z.object({ LocationCodes: locationList.optional(), LocationType: locationType.optional() }),
  GetStockPositions: z.object({ Skus: skuList, LocationCodes: locationList.optional() }),
  GetReservations: z.object({
    Skus: skuList.optional(),
    LocationCodes: locationList.optional(),
    Status: z.enum(['HELD', 'RELEASED', 'CONSUMED', 'EXPIRED']).optional(),
  }),
  GetFulfilmentTasks: z.object({
    LocationCodes: locationList.optional(),
    TaskType: z.enum(['PICK', 'PACK', 'TRANSFER']).optional(),
    Status: z
      .enum(['CREATED', 'ACCEPTED', 'REJECTED', 'PICKED', 'PACKED', 'SHIPPED', 'READY_FOR_PICKUP', 'HANDED_OVER', 'DELIVERED', 'CANCELLED'])
      .optional(),
    OrderReferences: z.object({ OrderReference: z.array(reference).min(1).max(MAX_LOCATIONS_PER_REQUEST) }).optional(),
    TaskIds: z.object({ TaskId: z.array(z.string().min(1).max(20)).min(1).max(MAX_LOCATIONS_PER_REQUEST) }).optional(),
    CreatedFrom: dateTime.optional(),
    CreatedTo: dateTime.optional(),
  }),
  CreateReservation: z.object({
    Sku: sku,
    LocationCode: locationCode,
    Quantity: count.refine((n) => n >= 1, 'must be at least 1'),
    TtlMinutes: count.refine((n) => n >= 1 && n <= MAX_RESERVATION_TTL_MINUTES, `must be 1–${MAX_RESERVATION_TTL_MINUTES}`),
    Reference: reference.optional(),
    Channel: channel.optional(),
    IdempotencyKey: idempotencyKey.optional(),
  }),
  ReleaseReservation: z.object({ ReservationId: reservationId }),
  ConsumeReservation: z.object({ ReservationId: reservationId, SaleReference: reference }),
  RecordCycleCount: z.object({ Sku: sku, LocationCode: locationCode, CountedQuantity: count, CountedAt: dateTime.optional() }),
  ReceiveStock: z.object({
    LocationCode: locationCode,
    Reference: reference,
    Kind: z.enum(['INBOUND', 'CUSTOMER_RETURN']).optional(),
    Lines: z.object({
      Line: z
        .array(z.object({ Sku: sku, Quantity: count }))
        .min(1)
        .max(MAX_SKUS_PER_REQUEST),
    }),
  }),
} satisfies Partial<Record<OperationName, z.ZodType>>;

export type RequestOf<Op extends keyof typeof REQUESTS> = z.infer<(typeof REQUESTS)[Op]>;

export function validate<Op extends keyof typeof REQUESTS>(operation: Op, payload: Record<string, unknown>): RequestOf<Op> {
  return validateWith(REQUESTS[operation], operation, payload) as RequestOf<Op>;
}

/** Validates against a request schema kept beside its handlers (see tasks.ts). */
export function validateWith<S extends z.ZodType>(schema: S, operation: string, payload: Record<string, unknown>): z.infer<S> {
  const checked = schema.safeParse(payload);
  if (checked.success) return checked.data;
  const issue = checked.error.issues[0];
  const field = issue?.path.filter((p) => typeof p === 'string').join('/') || `${operation}Request`;
  throw new WmsFault(
    'Client',
    WMS_ERRORS.VALIDATION,
    `${operation}Request does not validate: ${field} ${issue?.message ?? 'is invalid'}`,
    field,
  );
}

/** Location codes in a filter must all exist: a typo is an error, not an empty answer. */
export function locationFilter(store: WmsStore, list: { LocationCode: string[] } | undefined): Set<string> | undefined {
  if (!list) return undefined;
  for (const code of list.LocationCode) {
    if (!store.location(code)) {
      throw new WmsFault('Client', WMS_ERRORS.UNKNOWN_LOCATION, 'Unknown location code in LocationCodes', 'LocationCodes/LocationCode');
    }
  }
  return new Set(list.LocationCode);
}

const SHANGHAI_OFFSET_MS = 8 * 3_600_000;
export const localDate = (iso: string) => new Date(Date.parse(iso) + SHANGHAI_OFFSET_MS).toISOString().slice(0, 10);

function renderLocation(l: Location): Record<string, unknown> {
  return {
    LocationCode: l.code,
    LocationType: l.kind,
    Name: l.name,
    Address: {
      Street: l.address.line1,
      District: l.address.district,
      City: l.address.city,
      PostalCode: l.address.postcode,
      CountryCode: l.address.country,
    },
    Latitude: l.latitude,
    Longitude: l.longitude,
    ...(l.posLocationId !== undefined && { PosLocationId: l.posLocationId }),
    LabourCapacityPerHour: l.labourCapacityPerHour,
    PeakHours: { Hour: l.peakHours },
    LeadTimeDays: l.leadTimeDays,
    OpenedDate: localDate(l.openedAt),
  };
}

export function renderPosition(p: StockPosition, channelHolds: ReadonlyMap<string, number> = new Map()): Record<string, unknown> {
  return {
    Sku: p.sku,
    LocationCode: p.locationCode,
    OnHand: p.onHand,
    Reserved: p.reserved,
    Allocated: p.allocated,
    SafetyStock: p.safetyStock,
    InboundLines: { InboundLine: p.inbound.map((i) => ({ Quantity: i.quantity, ETA: i.eta, Reference: i.reference })) },
    ...(channelHolds.size > 0 && {
      ChannelReservations: { ChannelReservation: [...channelHolds].map(([c, q]) => ({ Channel: c, Quantity: q })) },
    }),
  };
}

export function renderReservation(r: Reservation): Record<string, unknown> {
  return {
    ReservationId: r.reservationId,
    Sku: r.sku,
    LocationCode: r.locationCode,
    Quantity: r.quantity,
    Status: r.status,
    ...(r.reference !== undefined && { Reference: r.reference }),
    ...(r.channel !== undefined && { Channel: r.channel }),
    CreatedAt: r.createdAt,
    ExpiresAt: r.expiresAt,
    ...(r.consumedBy !== undefined && { ConsumedBy: r.consumedBy }),
    ...(r.closedAt !== undefined && { ClosedAt: r.closedAt }),
  };
}

export function renderTask(t: FulfilmentTask): Record<string, unknown> {
  return {
    TaskId: t.taskId,
    TaskType: t.taskType,
    Status: t.status,
    LocationCode: t.locationCode,
    ...(t.targetLocationCode !== undefined && { TargetLocationCode: t.targetLocationCode }),
    ...(t.orderReference !== undefined && { OrderReference: t.orderReference }),
    Lines: {
      Line: t.lines.map((l) => ({
        Sku: l.sku,
        Quantity: l.quantity,
        ...(l.pickedQuantity !== undefined && { PickedQuantity: l.pickedQuantity }),
      })),
    },
    CreatedAt: t.createdAt,
    ...(t.dueBy !== undefined && { DueBy: t.dueBy }),
    ...(t.fulfilmentType !== undefined && { FulfilmentType: t.fulfilmentType }),
    ...(t.priority !== undefined && { Priority: t.priority }),
    ...(t.orderPlacedAt !== undefined && { OrderPlacedAt: t.orderPlacedAt }),
    ...(t.rejectionReason !== undefined && { RejectionReason: t.rejectionReason }),
    ...(t.trackingNumber !== undefined && { TrackingNumber: t.trackingNumber }),
    Events: { Event: t.events.map((e) => ({ Status: e.status, At: e.at })) },
  };
}

export type Handler = (store: WmsStore, payload: Record<string, unknown>) => Record<string, unknown>;

/** Live holds set aside for a channel, per SKU@location, then per channel. */
export function channelHoldsOf(store: WmsStore, skus: ReadonlySet<string>): Map<string, Map<string, number>> {
  const out = new Map<string, Map<string, number>>();
  for (const r of store.reservations) {
    if (r.status !== 'HELD' || r.channel === undefined || !skus.has(r.sku)) continue;
    const key = `${r.sku}@${r.locationCode}`;
    const byChannel = out.get(key) ?? new Map<string, number>();
    byChannel.set(r.channel, (byChannel.get(r.channel) ?? 0) + r.quantity);
    out.set(key, byChannel);
  }
  return out;
}

/** Each read operation: validated request in, the children of `<{Operation}Response>` out. */
export const READ_HANDLERS: Record<'GetLocations' | 'GetStockPositions' | 'GetReservations' | 'GetFulfilmentTasks', Handler> = {
  GetLocations(store, payload) {
    const req = validate('GetLocations', payload);
    const codes = locationFilter(store, req.LocationCodes);
    const found = store.locations.filter((l) => (!codes || codes.has(l.code)) && (!req.LocationType || l.kind === req.LocationType));
    return { Locations: { Location: found.map(renderLocation) } };
  },

  GetStockPositions(store, payload) {
    const req = validate('GetStockPositions', payload);
    const codes = locationFilter(store, req.LocationCodes);
    const positions: StockPosition[] = [];
    const skus = new Set(req.Skus.Sku);
    // Literal lookups: a SKU is a key, never a pattern.
    for (const s of skus) {
      for (const p of store.stockOf(s)) if (!codes || codes.has(p.locationCode)) positions.push(p);
    }
    const holds = channelHoldsOf(store, skus);
    return {
      BusinessDate: localDate(new Date(store.now()).toISOString()),
      StockPositions: { StockPosition: positions.map((p) => renderPosition(p, holds.get(`${p.sku}@${p.locationCode}`))) },
    };
  },

  GetReservations(store, payload) {
    const req = validate('GetReservations', payload);
    const codes = locationFilter(store, req.LocationCodes);
    const skus = req.Skus ? new Set(req.Skus.Sku) : undefined;
    const found = store.reservations.filter(
      (r) => (!skus || skus.has(r.sku)) && (!codes || codes.has(r.locationCode)) && (!req.Status || r.status === req.Status),
    );
    return { Reservations: { Reservation: found.map(renderReservation) } };
  },

  GetFulfilmentTasks(store, payload) {
    const req = validate('GetFulfilmentTasks', payload);
    const codes = locationFilter(store, req.LocationCodes);
    const refs = req.OrderReferences ? new Set(req.OrderReferences.OrderReference) : undefined;
    const ids = req.TaskIds ? new Set(req.TaskIds.TaskId) : undefined;
    const from = req.CreatedFrom ? Date.parse(req.CreatedFrom) : -Infinity;
    const to = req.CreatedTo ? Date.parse(req.CreatedTo) : Infinity;
    const found = store.tasks.filter(
      (t) =>
        (!codes || codes.has(t.locationCode)) &&
        (!req.TaskType || t.taskType === req.TaskType) &&
        (!req.Status || t.status === req.Status) &&
        (!refs || (t.orderReference !== undefined && refs.has(t.orderReference))) &&
        (!ids || ids.has(t.taskId)) &&
        Date.parse(t.createdAt) >= from &&
        Date.parse(t.createdAt) < to,
    );
    return { FulfilmentTasks: { FulfilmentTask: found.map(renderTask) } };
  },
};
