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
});
export type WireStockPosition = z.infer<typeof wireStockPosition>;

export const getLocationsResponse = z.object({ Locations: list(z.object({ Location: z.array(wireLocation).default([]) })) });
export const getStockPositionsResponse = z.object({
  StockPositions: list(z.object({ StockPosition: z.array(wireStockPosition).default([]) })),
});

/** `detail` of a soap:Fault from this service. */
export const wireWarehouseFault = z.object({
  ErrorCode: z.string(),
  ErrorMessage: z.string().optional(),
  Field: z.string().optional(),
});
