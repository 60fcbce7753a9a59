import { z } from 'zod';
import type { PostalAddress } from '../../core/src/index.ts';

// ---- canonical records this adapter hands upwards ----

export type LocationKind = 'STORE' | 'DC' | 'SUPPLIER';

/** A stock-holding site as the WMS knows it (stores, distribution centres, suppliers). */
export interface LocationRecord {
  /** The WMS location code, e.g. "ST001"; stable, and the key other systems use. */
  code: string;
  kind: LocationKind;
  name: string;
  address: PostalAddress;
  latitude: number;
  longitude: number;
  /** The store's id in the POS, for stores. */
  posLocationId?: string;
  /** Order lines the site can pick per hour. */
  labourCapacityPerHour: number;
  /** Local hours (0–23) when the site is busiest. */
  peakHours: number[];
  /** Days from order to dispatch. */
  leadTimeDays: number;
  /** ISO date the site opened. */
  openedOn: string;
}

export interface InboundRecord {
  quantity: number;
  /** ISO date (YYYY-MM-DD) the supply is expected. */
  eta: string;
  /** Transfer or purchase order number. */
  reference: string;
}

/** One SKU at one location, in whole units. */
export interface StockRecord {
  sku: string;
  locationCode: string;
  onHand: number;
  /** Held for customers. */
  reserved: number;
  /** Committed to released pick tasks. */
  allocated: number;
  safetyStock: number;
  inbound: InboundRecord[];
  /** Live holds set aside for a sales channel; part of `reserved`. */
  channelReservations: { channel: string; quantity: number }[];
  /** The WMS's local calendar date when it answered (its "today"). */
  businessDate: string;
}

/** A stock question: one SKU at one location, or at every location when `locationCode` is absent. */
export interface StockKey {
  sku: string;
  locationCode?: string;
}

// ---- wire format (WarehouseService 2008/06), validated at the boundary ----

/** The service writes whole numbers and decimals as text; read them strictly. */
const int = z
  .string()
  .regex(/^-?\d+$/)
  .transform(Number);
const decimal = z
  .string()
  .regex(/^-?\d+(\.\d+)?$/)
  .transform(Number);
const date = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}/)
  .transform((s) => s.slice(0, 10));
/** An empty list element (`<StockPositions/>`) parses as an empty string. */
const list = <T extends z.ZodType>(schema: T) => z.preprocess((v) => (v === '' ? {} : v), schema);

export const wireLocation = z.object({
  LocationCode: z.string().min(1),
  LocationType: z.enum(['STORE', 'DC', 'SUPPLIER']),
  Name: z.string(),
  Address: z.object({
    Street: z.string(),
    District: z.string().optional(),
    City: z.string(),
    PostalCode: z.string(),
    CountryCode: z.string(),
  }),
  Latitude: decimal,
  Longitude: decimal,
  PosLocationId: z.string().optional(),
  LabourCapacityPerHour: int,
  PeakHours: list(z.object({ Hour: z.array(int).default([]) })),
  LeadTimeDays: int,
  OpenedDate: date,
});
export type WireLocation = z.infer<typeof wireLocation>;

export const wireInboundLine = z.object({ Quantity: int, ETA: date, Reference: z.string() });

export const wireStockPosition = z.object({
  Sku: z.string(),
  LocationCode: z.string(),
  OnHand: int,
  Reserved: int,
  Allocated: int,
  SafetyStock: int,
  InboundLines: list(z.object({ InboundLine: z.array(wireInboundLine).default([]) })),
  ChannelReservations: z.object({ ChannelReservation: z.array(z.object({ Channel: z.string(), Quantity: int })) }).optional(),
});
export type WireStockPosition = z.infer<typeof wireStockPosition>;

export const getLocationsResponse = z.object({ Locations: list(z.object({ Location: z.array(wireLocation).default([]) })) });
export const getStockPositionsResponse = z.object({
  BusinessDate: date,
  StockPositions: list(z.object({ StockPosition: z.array(wireStockPosition).default([]) })),
});

/** `detail` of a soap:Fault from this service. */
export const wireWarehouseFault = z.object({
  ErrorCode: z.string(),
  ErrorMessage: z.string().optional(),
  Field: z.string().optional(),
});

// ---- holds and stock accuracy ----

export type ReservationStatus = 'HELD' | 'RELEASED' | 'CONSUMED' | 'EXPIRED';

/** A WMS hold on units of one SKU at one location. */
export interface ReservationRecord {
  /** The WMS's reservation number, e.g. "R000000123". */
  id: string;
  sku: string;
  locationCode: string;
  quantity: number;
  status: ReservationStatus;
  /** The order or cart the hold is for. */
  reference?: string;
  /** The sales channel the units are set aside for (marketplace allocation). */
  channel?: string;
  createdAt: string;
  expiresAt: string;
  /** The sale that took the units. */
  consumedBy?: string;
  closedAt?: string;
}

export interface CreateReservationInput {
  sku: string;
  locationCode: string;
  quantity: number;
  ttlMinutes: number;
  reference?: string;
  channel?: string;
  /** Makes the create safe to retry: the WMS answers a repeated key with the first hold. */
  idempotencyKey?: string;
}

export type CreateReservationResult =
  | { outcome: 'HELD'; reservation: ReservationRecord; /** The key was seen before: this is the first hold. */ replayed: boolean }
  | { outcome: 'INSUFFICIENT_STOCK'; available: number; requested: number };

export interface ReservationQuery {
  skus?: string[];
  locationCodes?: string[];
  status?: ReservationStatus;
}

export interface CycleCountInput {
  sku: string;
  locationCode: string;
  countedQuantity: number;
  /** ISO date-time; the WMS clock when absent. */
  countedAt?: string;
}

export interface CycleCountResult {
  countedAt: string;
  previousOnHand: number;
  /** Counted minus previous on hand. */
  variance: number;
  position: StockRecord;
}

export interface ReceiveStockInput {
  locationCode: string;
  /** Transfer or PO number: the inbound line's reference (for a customer return: the return and line). */
  reference: string;
  lines: { sku: string; quantity: number }[];
  /** CUSTOMER_RETURN: returned goods, added to on hand once per reference, nothing expected. @default "INBOUND" */
  kind?: 'INBOUND' | 'CUSTOMER_RETURN';
}

export interface ReceiptLineRecord {
  sku: string;
  expected: number;
  received: number;
  /** Received minus expected: negative short, positive over. */
  discrepancy: number;
}

export interface ReceiveStockResult {
  locationCode: string;
  reference: string;
  receivedOn: string;
  lines: ReceiptLineRecord[];
}

const dateTime = z.string().refine((s) => Number.isFinite(Date.parse(s)), 'not a date-time');
/** A single child the parser may give as one node or, in a list context, as an array. */
const many = <T extends z.ZodType>(schema: T) =>
  z.preprocess((v) => (v === undefined || v === '' ? [] : Array.isArray(v) ? v : [v]), z.array(schema));

export const wireReservation = z.object({
  ReservationId: z.string().min(1),
  Sku: z.string(),
  LocationCode: z.string(),
  Quantity: int,
  Status: z.enum(['HELD', 'RELEASED', 'CONSUMED', 'EXPIRED']),
  Reference: z.string().optional(),
  Channel: z.string().optional(),
  CreatedAt: dateTime,
  ExpiresAt: dateTime,
  ConsumedBy: z.string().optional(),
  ClosedAt: dateTime.optional(),
});
export type WireReservation = z.infer<typeof wireReservation>;

export const createReservationResponse = z.object({
  Result: z.enum(['HELD', 'DUPLICATE', 'INSUFFICIENT_STOCK']),
  Reservation: wireReservation.optional(),
  Available: int.optional(),
  Requested: int.optional(),
});
export type WireCreateReservation = z.infer<typeof createReservationResponse>;
export const reservationResponse = z.object({ Reservation: wireReservation });
export const getReservationsResponse = z.object({
  Reservations: list(z.object({ Reservation: many(wireReservation) })),
});
export const recordCycleCountResponse = z.object({
  CountedAt: dateTime,
  PreviousOnHand: int,
  Variance: int,
  // StockPosition is a list element elsewhere, so the parser hands the single one as an array.
  StockPosition: z.preprocess((v) => (Array.isArray(v) && v.length === 1 ? v[0] : v), wireStockPosition),
});
export type WireCycleCount = z.infer<typeof recordCycleCountResponse>;
export const receiveStockResponse = z.object({
  LocationCode: z.string(),
  Reference: z.string(),
  ReceivedOn: date,
  Lines: z.object({ Line: z.array(z.object({ Sku: z.string(), Expected: int, Received: int, Discrepancy: int })) }),
});
export type WireReceipt = z.infer<typeof receiveStockResponse>;
