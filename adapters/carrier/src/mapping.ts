import { randomUUID } from 'node:crypto';
import type {
  CarrierAddress,
  CreateShipmentRequest,
  CreatedShipment,
  InterceptAction,
  InterceptRefusalReason,
  RateQuery,
  RateQuote,
  ReturnReason,
  ServiceLevel,
  ShipServiceLevel,
  ShipmentEventRecord,
  ShipmentRecord,
  TrackingStatus,
  WireActivity,
  WirePackage,
  WireRatedShipment,
  WireShipResponse,
  WireStatus,
  WireTrackResponse,
} from './types.ts';
import type { rateResponse, tokenResponse, trackApiResponse, upsErrorResponse } from './types.ts';
import type { z } from 'zod';

/** The only file that knows UPS's paths, field names and status codes. */

export const TOKEN_PATH = '/security/v1/oauth/token';
export const trackPath = (inquiryNumber: string) => `/api/track/v1/details/${encodeURIComponent(inquiryNumber)}`;
export const ratePath = (version: string) => `/api/rating/${encodeURIComponent(version)}/Shop`;

/** UPS: "Each inquiry number must be between 7 and 34 characters in length". */
const INQUIRY_NUMBER = /^[A-Z0-9]{7,34}$/;

/** The form UPS knows a tracking number in, or undefined when UPS could never resolve it. */
export function normalizeTrackingNumber(raw: string): string | undefined {
  const n = raw.trim().toUpperCase();
  return INQUIRY_NUMBER.test(n) ? n : undefined;
}

/** The token request's form body (client credentials grant). */
export const tokenForm = () => new URLSearchParams({ grant_type: 'client_credentials' }).toString();

export function toIssuedToken(body: z.output<typeof tokenResponse>): { token: string; expiresInSeconds: number } {
  return { token: body.access_token, expiresInSeconds: body.expires_in };
}

/** Headers every UPS API call carries: the bearer token, a unique `transId` (≤ 32 chars), the caller's name. */
export function apiHeaders(token: string, transactionSrc: string): Record<string, string> {
  return { authorization: `Bearer ${token}`, transId: randomUUID().replaceAll('-', ''), transactionSrc };
}

/** The tracking query string: English descriptions, no signature images. */
export const TRACK_QUERY = { locale: 'en_US', returnSignature: 'false', returnMilestones: 'false', returnPOD: 'false' } as const;

/** Tracking's "not found" is an answer, not a failure. */
const NOT_FOUND_CODES: ReadonlySet<string> = new Set(['TW0001', '151018', '151044']);
/** Rating's "no service between these places". */
const NO_SERVICE_CODES: ReadonlySet<string> = new Set(['111210']);

type UpsErrorBody = z.output<typeof upsErrorResponse>;
const errorCodes = (body: UpsErrorBody) => body.response.errors.map((e) => e.code);

/** What a Track API answer means: a shipment, "not found", or an error to raise (codes given). */
export type TrackOutcome = { shipment: ShipmentRecord | null } | { errorCodes: string[] };

export function interpretTrack(
  status: number,
  body: z.output<typeof trackApiResponse> | UpsErrorBody,
  trackingNumber: string,
): TrackOutcome {
  if ('trackResponse' in body) return { shipment: toShipmentRecord(body, trackingNumber) };
  const codes = errorCodes(body);
  if (status === 404 && (codes.length === 0 || codes.some((c) => NOT_FOUND_CODES.has(c)))) return { shipment: null };
  return { errorCodes: codes };
}

export type RateOutcome = { quotes: RateQuote[] } | { errorCodes: string[] };

export function interpretRates(body: z.output<typeof rateResponse> | UpsErrorBody): RateOutcome {
  if ('RateResponse' in body) return { quotes: body.RateResponse.RatedShipment.map(toRateQuote) };
  const codes = errorCodes(body);
  return codes.some((c) => NO_SERVICE_CODES.has(c)) ? { quotes: [] } : { errorCodes: codes };
}

/**
 * UPS's three-digit package status codes (the appendix of the Tracking API), where they say
 * more than the status type: UPS files a parcel left at an Access Point under type D, and an
 * attempted delivery under I.
 */
const BY_STATUS_CODE: Readonly<Record<string, TrackingStatus>> = {
  '003': 'PRE_TRANSIT', // Shipment Ready for UPS
  '157': 'PRE_TRANSIT',
  '005': 'IN_TRANSIT', // On the Way
  '010': 'IN_TRANSIT',
  '038': 'IN_TRANSIT', // Picked Up by UPS
  '160': 'IN_TRANSIT', // We Have Your Package
  '006': 'OUT_FOR_DELIVERY',
  '021': 'OUT_FOR_DELIVERY', // Out for Delivery
  '037': 'OUT_FOR_DELIVERY',
  '072': 'OUT_FOR_DELIVERY', // Loaded on Delivery Vehicle
  '089': 'OUT_FOR_DELIVERY',
  '091': 'OUT_FOR_DELIVERY',
  '146': 'OUT_FOR_DELIVERY',
  '162': 'OUT_FOR_DELIVERY',
  '011': 'DELIVERED', // Delivered
  '017': 'AVAILABLE_FOR_PICKUP', // Held for Customer Pickup
  '040': 'AVAILABLE_FOR_PICKUP', // Ready for Customer Pickup
  '144': 'AVAILABLE_FOR_PICKUP', // Delivered to Post Office for Pickup
  '161': 'AVAILABLE_FOR_PICKUP', // Delivered to UPS Access Point
  '013': 'FAILURE', // Exception
  '022': 'FAILURE', // First Attempt Made
  '023': 'FAILURE',
  '024': 'FAILURE', // Final Attempt Made
  '029': 'FAILURE', // Exception: Action Required
  '060': 'FAILURE', // Delivery Attempted
  '064': 'FAILURE', // Delivery Refused
  '069': 'FAILURE', // Unable to Deliver
  '034': 'RETURN_TO_SENDER', // Returned to Sender
  '035': 'RETURN_TO_SENDER', // Returning to Sender
  '036': 'RETURN_TO_SENDER',
  '067': 'RETURN_TO_SENDER',
  '007': 'CANCELLED', // Shipment Information Voided
  '043': 'CANCELLED', // Voided Pickup
};

/** UPS status types, for codes the table above does not know. */
const BY_TYPE: Readonly<Record<string, TrackingStatus>> = {
  M: 'PRE_TRANSIT', // manifest pickup / label created
  P: 'IN_TRANSIT', // pickup
  I: 'IN_TRANSIT',
  W: 'IN_TRANSIT', // warehousing
  O: 'OUT_FOR_DELIVERY',
  D: 'DELIVERED',
  X: 'FAILURE', // exception
  RS: 'RETURN_TO_SENDER', // returned to shipper
  MV: 'CANCELLED', // billing information voided
};

const threeDigits = (s: string | undefined) => (s !== undefined && /^\d{3}$/.test(s.trim()) ? s.trim() : undefined);

/** A UPS status container in the canonical vocabulary; UNKNOWN rather than a guess. */
export function toTrackingStatus(status: WireStatus | undefined): TrackingStatus {
  if (!status) return 'UNKNOWN';
  const code = threeDigits(status.statusCode) ?? threeDigits(status.code);
  const byCode = code !== undefined ? BY_STATUS_CODE[code] : undefined;
  if (byCode) return byCode;
  const type = status.type?.trim().toUpperCase();
  return (type && BY_TYPE[type]) || 'UNKNOWN';
}

/** "type/statusCode" as UPS gave them, e.g. "D/011". */
export function sourceStatusOf(status: WireStatus | undefined): string {
  if (!status) return '';
  const type = status.type?.trim();
  const code = threeDigits(status.statusCode) ?? status.code?.trim();
  return [type, code].filter((p) => p !== undefined && p !== '').join('/');
}

const digits = (s: string | undefined) => (s ?? '').replace(/\D/g, '');

/** YYYYMMDD + HHMMSS (UPS drops a leading zero: "74700" is 07:47:00) as epoch ms at UTC. */
function wallClockMs(date: string | undefined, time: string | undefined): number | undefined {
  const d = digits(date);
  if (d.length !== 8) return undefined;
  const t = digits(time);
  const hms = t.length === 5 ? `0${t}` : t.length === 6 ? t : '000000';
  const ms = Date.UTC(+d.slice(0, 4), +d.slice(4, 6) - 1, +d.slice(6, 8), +hms.slice(0, 2), +hms.slice(2, 4), +hms.slice(4, 6));
  return Number.isNaN(ms) ? undefined : ms;
}

/** GMT date/time when UPS gives them, else local time corrected by the offset (else taken as UTC). */
export function activityInstant(a: WireActivity): string | undefined {
  const gmt = wallClockMs(a.gmtDate, a.gmtTime);
  if (gmt !== undefined && digits(a.gmtTime).length >= 5) return new Date(gmt).toISOString();
  const local = wallClockMs(a.date, a.time);
  if (local === undefined) return undefined;
  const offset = /^([+-])(\d{2}):?(\d{2})$/.exec(a.gmtOffset?.trim() ?? '');
  const shift = offset ? (offset[1] === '-' ? -1 : 1) * (Number(offset[2]) * 60 + Number(offset[3])) * 60_000 : 0;
  return new Date(local - shift).toISOString();
}

function toEvent(a: WireActivity): ShipmentEventRecord | undefined {
  const at = activityInstant(a);
  // A scan without a date cannot be placed in the history; UPS sends none such for real scans.
  if (at === undefined) return undefined;
  const address = a.location?.address;
  return {
    at,
    status: toTrackingStatus(a.status),
    location: [address?.city, address?.stateProvince, address?.countryCode ?? address?.country]
      .filter((p) => p !== undefined && p.trim() !== '')
      .join(', '),
    description: (a.status?.description ?? '').trim(),
  };
}

const isoDate = (yyyymmdd: string | undefined) => {
  const d = digits(yyyymmdd);
  return d.length === 8 ? `${d.slice(0, 4)}-${d.slice(4, 6)}-${d.slice(6, 8)}` : undefined;
};

/** The package answering `trackingNumber` in a Track API response, or null when UPS has none. */
export function toShipmentRecord(body: WireTrackResponse, trackingNumber: string): ShipmentRecord | null {
  const packages = body.trackResponse.shipment.flatMap((s) => s.package);
  const pkg: WirePackage | undefined = packages.find((p) => p.trackingNumber?.trim().toUpperCase() === trackingNumber) ?? packages[0];
  if (!pkg) return null;
  const events = pkg.activity
    .map(toEvent)
    .filter((e): e is ShipmentEventRecord => e !== undefined)
    .sort((a, b) => a.at.localeCompare(b.at));
  // Some responses carry only the activity trail: the newest scan is then the status.
  const current = pkg.currentStatus ?? pkg.activity[0]?.status;
  const promised = pkg.deliveryDate.find((d) => d.type === 'RDD') ?? pkg.deliveryDate.find((d) => d.type === 'SDD');
  const estimatedDelivery = isoDate(promised?.date);
  const reference = pkg.referenceNumber.find((r) => r.number !== undefined && r.number !== '')?.number;
  return {
    carrier: 'UPS',
    trackingNumber: pkg.trackingNumber?.trim().toUpperCase() ?? trackingNumber,
    status: toTrackingStatus(current),
    sourceStatus: sourceStatusOf(current),
    ...(estimatedDelivery !== undefined && { estimatedDelivery }),
    events,
    ...(reference !== undefined && { orderReference: reference }),
  };
}

// ---- rating ----

const SERVICE_LEVELS: Readonly<Record<string, ServiceLevel>> = { '07': 'EXPRESS', '65': 'SAVER', '11': 'STANDARD' };

/** A `RateRequest` for every service (request option Shop). */
export function rateRequestBody(query: RateQuery, reference: string): Record<string, unknown> {
  const address = (a: RateQuery['from']) => ({
    ...(a.city !== undefined && { City: a.city }),
    PostalCode: a.postcode,
    CountryCode: a.country,
  });
  const d = query.dimensionsCm;
  return {
    RateRequest: {
      Request: { TransactionReference: { CustomerContext: reference } },
      Shipment: {
        Shipper: { Address: address(query.from) },
        ShipFrom: { Address: address(query.from) },
        ShipTo: { Address: address(query.to) },
        Package: {
          PackagingType: { Code: '02' },
          ...(d && {
            Dimensions: { UnitOfMeasurement: { Code: 'CM' }, Length: String(d.length), Width: String(d.width), Height: String(d.height) },
          }),
          PackageWeight: { UnitOfMeasurement: { Code: 'KGS' }, Weight: String(query.weightKg) },
        },
      },
    },
  };
}

/** "18.5" → "18.50", as text: money never passes through a float. */
function twoDecimals(value: string): string {
  const [whole = '0', fraction = ''] = value.split('.');
  return `${whole}.${fraction.padEnd(2, '0').slice(0, 2)}`;
}

export function toRateQuote(r: WireRatedShipment): RateQuote {
  const days = Number(r.GuaranteedDelivery?.BusinessDaysInTransit);
  return {
    serviceLevel: SERVICE_LEVELS[r.Service.Code] ?? 'OTHER',
    serviceCode: r.Service.Code,
    serviceName: r.Service.Description?.trim() || `UPS service ${r.Service.Code}`,
    total: { amount: twoDecimals(r.TotalCharges.MonetaryValue), currency: r.TotalCharges.CurrencyCode },
    billableWeightKg: Number(r.BillingWeight?.Weight ?? 0),
    ...(Number.isInteger(days) && days > 0 && { transitDays: days }),
  };
}

// ---- labels (Shipping API) ----

export const shipPath = (version: string) => `/api/shipments/${encodeURIComponent(version)}/ship`;

/**
 * UPS service codes for each service level. UPS has no same-day or one-hour service: SAME_DAY
 * is sent as Express (07, the fastest UPS offers) and ONE_HOUR is not a UPS service at all.
 */
const SERVICE_CODES: Readonly<Record<ShipServiceLevel, { code: string; description: string } | undefined>> = {
  STANDARD: { code: '11', description: 'UPS Standard' },
  NEXT_DAY: { code: '65', description: 'UPS Saver' },
  EXPRESS: { code: '07', description: 'UPS Express' },
  SAME_DAY: { code: '07', description: 'UPS Express' },
  ONE_HOUR: undefined,
};

export const serviceCodeOf = (level: ShipServiceLevel) => SERVICE_CODES[level];

const upsAddress = (a: CarrierAddress) => ({
  Name: a.name.slice(0, 35),
  Address: { AddressLine: [a.line1], City: a.city, PostalCode: a.postalCode, CountryCode: a.countryCode },
});

/**
 * The shipment's reference numbers (UPS takes two). A reference "ORDER/PART" names one parcel of
 * an order shipped in several: the order's own id goes along as the second reference, so that
 * tracking by the order's reference finds every parcel of it.
 */
function referenceNumbers(reference: string): { Code: string; Value: string }[] {
  const order = reference.includes('/') ? reference.slice(0, reference.indexOf('/')) : '';
  return [{ Code: 'PO', Value: reference }, ...(order ? [{ Code: 'ON', Value: order }] : [])];
}

/** A `ShipmentRequest`: the shipper's reference on the shipment is what makes a repeat answer the same label. */
export function shipRequestBody(
  request: CreateShipmentRequest,
  service: { code: string; description: string },
  shipperNumber: string,
  labelFormat: string,
): Record<string, unknown> {
  return {
    ShipmentRequest: {
      Request: { RequestOption: 'nonvalidate', TransactionReference: { CustomerContext: request.reference } },
      Shipment: {
        Description: `Order ${request.reference}`.slice(0, 50),
        Shipper: { ...upsAddress(request.shipFrom), ShipperNumber: shipperNumber },
        ShipFrom: upsAddress(request.shipFrom),
        ShipTo: upsAddress(request.shipTo),
        PaymentInformation: { ShipmentCharge: [{ Type: '01', BillShipper: { AccountNumber: shipperNumber } }] },
        Service: { Code: service.code, Description: service.description },
        ReferenceNumber: referenceNumbers(request.reference),
        Package: request.packages.map((p) => ({
          Packaging: { Code: '02' },
          PackageWeight: { UnitOfMeasurement: { Code: 'KGS' }, Weight: String(p.weightKg) },
        })),
      },
      LabelSpecification: { LabelImageFormat: { Code: labelFormat } },
    },
  };
}

/** The lead package's tracking number and label, and the shipment's total charge. */
export function toCreatedShipment(body: WireShipResponse): CreatedShipment {
  const results = body.ShipmentResponse.ShipmentResults;
  const lead = results.PackageResults[0]!;
  const format = lead.ShippingLabel.ImageFormat.Code.toUpperCase();
  const total = results.ShipmentCharges.TotalCharges;
  return {
    trackingNumber: (results.ShipmentIdentificationNumber ?? lead.TrackingNumber).trim().toUpperCase(),
    labelFormat: format === 'GIF' || format === 'PDF' ? format : 'ZPL',
    labelBase64: lead.ShippingLabel.GraphicImage,
    charge: { amount: twoDecimals(total.MonetaryValue), currency: total.CurrencyCode },
  };
}

// ---- Delivery Intercept ----

export const INTERCEPT_HEADERS = { platformType: 'XOLT', inquiryType: 'U' } as const;
/** Delivery Intercept wants `transId` of 3–14 characters. */
export const interceptTransId = () => randomUUID().replaceAll('-', '').slice(0, 14);
/** Delivery Intercept takes only UPS's own "1Z" numbers. */
export const isInterceptable = (trackingNumber: string) => /^1Z[A-Z0-9]{16}$/.test(trackingNumber);

const RETURN_REASONS: Readonly<Record<ReturnReason, string>> = {
  CANCELLED_ORDER: 'AM',
  DUPLICATE_ORDER: 'AN',
  TOO_EXPENSIVE: 'AR',
  SHIPPED_TOO_LATE: 'AS',
  BAD_ADDRESS: 'FA',
  REFUSED: 'KR',
  NOT_ORDERED: 'KS',
  OTHER: 'KV',
};

/** The endpoint and `DeliveryInterceptRequestV2` body of a change. */
export function interceptRequest(
  version: string,
  trackingNumber: string,
  action: InterceptAction,
  requester: { name: string; telephone: string },
): { path: string; body: Record<string, unknown> } {
  const base = `/api/deliveryintercept/${encodeURIComponent(version)}`;
  const n = encodeURIComponent(trackingNumber);
  const common = { requesterContactInfo: { name: requester.name.slice(0, 30), telephone: requester.telephone }, specialInstructions: null };
  if (action.kind === 'HOLD_AT_LOCATION') return { path: `${base}/willcall/${n}`, body: { requestType: 'WC', ...common } };
  if (action.kind === 'RETURN_TO_SENDER') {
    return {
      path: `${base}/return/${n}`,
      body: { requestType: 'RS', reasonForReturn: RETURN_REASONS[action.reason ?? 'OTHER'], ...common },
    };
  }
  const a = action.address;
  return {
    path: `${base}/redirect/address/${n}`,
    body: {
      requestType: 'AA',
      ...common,
      newDeliveryAddress: {
        nameOrCompanyName: a.name,
        addressInfo: { addressLine1: a.line1, city: a.city, state: a.stateCode, postalCode: a.postalCode, countryCode: a.countryCode },
      },
    },
  };
}

/** UPS's refusal codes (the simulator's 71xx; docs/shipments.md) in canonical terms. */
const REFUSALS: Readonly<Record<string, InterceptRefusalReason>> = {
  '7101': 'DELIVERED',
  '7102': 'OUT_FOR_DELIVERY',
  '7103': 'RETURNING_TO_SENDER',
  '7104': 'CANCELLED',
  '7105': 'CHANGE_PENDING',
  '7106': 'AT_ACCESS_POINT',
};
/** Delivery Intercept's "no such tracking number". */
export const INTERCEPT_NOT_FOUND_CODES: ReadonlySet<string> = new Set(['0404']);

export function toInterceptRefusal(errors: readonly { errorCode: string; errorMessage?: string | undefined }[]): {
  reason: InterceptRefusalReason;
  message: string;
  carrierCode: string;
} {
  const first = errors[0];
  return {
    reason: (first && REFUSALS[first.errorCode]) ?? 'NOT_ELIGIBLE',
    message: first?.errorMessage?.trim() || 'UPS does not accept this delivery change now.',
    carrierCode: first?.errorCode ?? '',
  };
}

// ---- reference tracking ----

export const referenceTrackPath = (reference: string) => `/api/track/v1/reference/details/${encodeURIComponent(reference)}`;

/** Every package of a reference-tracking answer, as shipments. */
export function toShipmentRecords(body: WireTrackResponse): ShipmentRecord[] {
  const numbers = body.trackResponse.shipment.flatMap((s) => s.package.map((p) => p.trackingNumber?.trim().toUpperCase()));
  return numbers
    .filter((n): n is string => n !== undefined && n !== '')
    .map((n) => toShipmentRecord(body, n))
    .filter((r): r is ShipmentRecord => r !== null);
}
