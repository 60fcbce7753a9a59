import { z } from 'zod';
import type { Money } from '../../core/src/index.ts';

// ---- canonical records this adapter hands upwards ----

/** The one tracking vocabulary of DESIGN.md. */
export type TrackingStatus =
  | 'PRE_TRANSIT'
  | 'IN_TRANSIT'
  | 'OUT_FOR_DELIVERY'
  | 'DELIVERED'
  | 'AVAILABLE_FOR_PICKUP'
  | 'RETURN_TO_SENDER'
  | 'FAILURE'
  | 'CANCELLED'
  | 'UNKNOWN';

export interface ShipmentEventRecord {
  /** ISO 8601 instant (UTC). */
  at: string;
  status: TrackingStatus;
  /** "City, CC" as the carrier reports it; empty when it gives none. */
  location: string;
  description: string;
}

export interface ShipmentRecord {
  carrier: 'UPS';
  trackingNumber: string;
  status: TrackingStatus;
  /** The carrier's own status, untouched: "type/statusCode", e.g. "D/011". */
  sourceStatus: string;
  /** ISO date (YYYY-MM-DD) the carrier currently promises, when it gives one. */
  estimatedDelivery?: string;
  /** Oldest first. */
  events: ShipmentEventRecord[];
  /** The shipper's reference on the parcel: the order id in its own system. */
  orderReference?: string;
}

export type ServiceLevel = 'EXPRESS' | 'SAVER' | 'STANDARD' | 'OTHER';

export interface RateAddress {
  postcode: string;
  city?: string;
  /** ISO 3166-1 alpha-2. */
  country: string;
}

export interface RateQuery {
  from: RateAddress;
  to: RateAddress;
  weightKg: number;
  dimensionsCm?: { length: number; width: number; height: number };
}

export interface RateQuote {
  serviceLevel: ServiceLevel;
  /** The carrier's service code, e.g. "11". */
  serviceCode: string;
  serviceName: string;
  total: Money;
  billableWeightKg: number;
  transitDays?: number;
}

// ---- wire format (UPS OAuth, Tracking.yaml, Rating), validated at the boundary ----

export const tokenResponse = z.object({
  access_token: z.string().min(1),
  token_type: z.string().optional(),
  // UPS sends every field as a string; accept a number too.
  expires_in: z.union([z.string().regex(/^\d+$/), z.number().int().nonnegative()]).transform(Number),
});

const errorItem = z.object({ code: z.string(), message: z.string().optional() });
export const upsErrorResponse = z.object({ response: z.object({ errors: z.array(errorItem).default([]) }) });

const status = z.object({
  type: z.string().optional(),
  code: z.string().optional(),
  description: z.string().optional(),
  simplifiedTextDescription: z.string().optional(),
  statusCode: z.string().optional(),
});
export type WireStatus = z.infer<typeof status>;

const activity = z.object({
  date: z.string().optional(),
  time: z.string().optional(),
  gmtDate: z.string().optional(),
  gmtTime: z.string().optional(),
  gmtOffset: z.string().optional(),
  location: z
    .object({
      address: z
        .object({
          city: z.string().optional(),
          stateProvince: z.string().optional(),
          countryCode: z.string().optional(),
          country: z.string().optional(),
        })
        .optional(),
    })
    .optional(),
  status: status.optional(),
});
export type WireActivity = z.infer<typeof activity>;

const trackPackage = z.object({
  trackingNumber: z.string().optional(),
  currentStatus: status.optional(),
  activity: z.array(activity).default([]),
  deliveryDate: z.array(z.object({ date: z.string().optional(), type: z.string().optional() })).default([]),
  referenceNumber: z.array(z.object({ number: z.string().optional(), type: z.string().optional() })).default([]),
});
export type WirePackage = z.infer<typeof trackPackage>;

export const trackApiResponse = z.object({
  trackResponse: z.object({
    shipment: z
      .array(
        z.object({
          inquiryNumber: z.string().optional(),
          package: z.array(trackPackage).default([]),
          warnings: z.array(errorItem).default([]),
        }),
      )
      .default([]),
  }),
});
export type WireTrackResponse = z.infer<typeof trackApiResponse>;

const charge = z.object({ CurrencyCode: z.string(), MonetaryValue: z.string().regex(/^\d+(\.\d+)?$/) });
export const rateResponse = z.object({
  RateResponse: z.object({
    RatedShipment: z.union([z.array(z.unknown()), z.unknown().transform((v) => [v])]).pipe(
      z.array(
        z.object({
          Service: z.object({ Code: z.string(), Description: z.string().optional() }),
          BillingWeight: z.object({ Weight: z.string() }).optional(),
          TotalCharges: charge,
          GuaranteedDelivery: z.object({ BusinessDaysInTransit: z.string().optional() }).optional(),
        }),
      ),
    ),
  }),
});
export type WireRatedShipment = z.infer<typeof rateResponse>['RateResponse']['RatedShipment'][number];

// ---- labels (Shipping API) and Delivery Intercept ----

/** How fast the parcel must travel, as the fulfilment side asks for it. */
export type ShipServiceLevel = 'STANDARD' | 'EXPRESS' | 'NEXT_DAY' | 'SAME_DAY' | 'ONE_HOUR';

export interface CarrierAddress {
  name: string;
  line1: string;
  city: string;
  postalCode: string;
  /** ISO 3166-1 alpha-2. */
  countryCode: string;
}

export interface CreateShipmentRequest {
  /** The shipper's reference (e.g. the fulfilment or order id): the same reference gives the same shipment. */
  reference: string;
  serviceLevel: ShipServiceLevel;
  shipFrom: CarrierAddress;
  shipTo: CarrierAddress;
  packages: { weightKg: number }[];
}

export interface CreatedShipment {
  trackingNumber: string;
  labelFormat: 'PDF' | 'ZPL' | 'GIF';
  labelBase64: string;
  charge: Money;
}

/** A delivery address to redirect a parcel to (UPS wants a two-letter state/province code). */
export interface RedirectAddress extends CarrierAddress {
  /** ISO 3166-2 subdivision without the country, e.g. "SH" for Shanghai. */
  stateCode: string;
}

/** UPS's return-to-sender reasons (DeliveryIntercept.yaml `reasonForReturn`), readable. */
export type ReturnReason =
  'CANCELLED_ORDER' | 'DUPLICATE_ORDER' | 'TOO_EXPENSIVE' | 'SHIPPED_TOO_LATE' | 'BAD_ADDRESS' | 'REFUSED' | 'NOT_ORDERED' | 'OTHER';

export type InterceptAction =
  { kind: 'HOLD_AT_LOCATION' } | { kind: 'REDIRECT'; address: RedirectAddress } | { kind: 'RETURN_TO_SENDER'; reason?: ReturnReason };

/** Why UPS will not make the change now. */
export type InterceptRefusalReason =
  'DELIVERED' | 'OUT_FOR_DELIVERY' | 'RETURNING_TO_SENDER' | 'CANCELLED' | 'CHANGE_PENDING' | 'AT_ACCESS_POINT' | 'NOT_ELIGIBLE';

export type InterceptOutcome =
  /** UPS took the change; `shipment` is the parcel as tracking shows it right after. */
  | { outcome: 'ACCEPTED'; shipment: ShipmentRecord }
  | { outcome: 'TOO_LATE'; reason: InterceptRefusalReason; message: string; carrierCode: string }
  | { outcome: 'NOT_FOUND' };

const shipCharge = z.object({ CurrencyCode: z.string(), MonetaryValue: z.string().regex(/^\d+(\.\d+)?$/) });
const packageResult = z.object({
  TrackingNumber: z.string().min(1),
  ShippingLabel: z.object({ ImageFormat: z.object({ Code: z.string() }), GraphicImage: z.string().min(1) }),
});
export const shipResponse = z.object({
  ShipmentResponse: z.object({
    ShipmentResults: z.object({
      ShipmentCharges: z.object({ TotalCharges: shipCharge }),
      ShipmentIdentificationNumber: z.string().optional(),
      // One package comes as an object, several as an array.
      PackageResults: z.union([z.array(packageResult).min(1), packageResult.transform((p) => [p])]),
    }),
  }),
});
export type WireShipResponse = z.infer<typeof shipResponse>;

/** DeliveryInterceptResponseV2 (200: accepted, or refused with `errors`). */
export const interceptResponse = z.object({
  success: z.boolean().default(false),
  statusCode: z.string(),
  errors: z.array(z.object({ errorCode: z.string(), errorMessage: z.string().optional() })).nullish(),
});
/** DeliveryInterceptErrorResponseV2 (400, 401). */
export const interceptErrorResponse = z.object({
  response: z.object({ statusCode: z.string().optional(), errors: z.array(errorItem).default([]) }),
});
