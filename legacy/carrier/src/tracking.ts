import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Location, Shipment, TrackingEvent } from '../../dataset/src/index.ts';
import type { ShipmentBook } from './shipmentBook.ts';
import { UPS_ERRORS, errorBody } from './errors.ts';
import type { TokenIssuer } from './oauth.ts';
import { UPS_STATUS } from './upsStatus.ts';

export const TRACK_PATH = '/api/track/v1/details/:inquiryNumber';
export const REFERENCE_TRACK_PATH = '/api/track/v1/reference/details/:referenceNumber';

/** Every place in the dataset is in China on Shanghai time (UTC+8, no DST). */
const OFFSET_MS = 8 * 3_600_000;
const GMT_OFFSET = '+08:00';
const COUNTRY = 'CN';
/** An Access Point holds a parcel this long before returning it (the dataset's script too). */
const ACCESS_POINT_HOLD_MS = 7 * 86_400_000;

const ymd = (d: Date) => d.toISOString().slice(0, 10).replaceAll('-', '');
const hms = (d: Date) => d.toISOString().slice(11, 19).replaceAll(':', '');

/** The spec's `Activity`: local date/time plus the GMT twins and the offset between them. */
function activity(event: TrackingEvent): Record<string, unknown> {
  const gmt = new Date(event.at);
  const local = new Date(gmt.getTime() + OFFSET_MS);
  const s = UPS_STATUS[event.status];
  return {
    location: { address: { city: event.city, country: COUNTRY, countryCode: COUNTRY } },
    status: { type: s.type, description: event.description, code: s.code, statusCode: s.statusCode },
    date: ymd(local),
    time: hms(local),
    gmtDate: ymd(gmt),
    gmtTime: hms(gmt),
    gmtOffset: GMT_OFFSET,
  };
}

function deliveryDetails(shipment: Shipment): Record<string, unknown> {
  const last = shipment.events[shipment.events.length - 1];
  if (shipment.status === 'DELIVERED' && last) {
    const local = new Date(Date.parse(last.at) + OFFSET_MS);
    return { deliveryDate: [{ type: 'DEL', date: ymd(local) }], deliveryTime: { type: 'DEL', endTime: hms(local) } };
  }
  if (shipment.estimatedDelivery) {
    return {
      deliveryDate: [{ type: 'SDD', date: shipment.estimatedDelivery.slice(0, 10).replaceAll('-', '') }],
      deliveryTime: { type: 'EOD' },
    };
  }
  return { deliveryDate: [] };
}

/** One package of `trackResponse.shipment[].package[]`, as Tracking.yaml's `Package` schema. */
export function renderPackage(shipment: Shipment, origin: Location | undefined): Record<string, unknown> {
  const current = UPS_STATUS[shipment.status];
  const last = shipment.events[shipment.events.length - 1];
  const pkg: Record<string, unknown> = {
    trackingNumber: shipment.trackingNumber,
    ...deliveryDetails(shipment),
    // Newest first, as the spec says activities are returned.
    activity: shipment.events.map(activity).reverse(),
    currentStatus: {
      type: current.type,
      description: current.description,
      code: current.statusCode,
      simplifiedTextDescription: current.simplifiedTextDescription,
      statusCode: current.statusCode,
    },
    packageAddress: origin
      ? [
          {
            type: 'ORIGIN',
            name: origin.name,
            address: {
              addressLine1: origin.address.line1,
              city: origin.address.city,
              postalCode: origin.address.postcode,
              country: origin.address.country,
              countryCode: origin.address.country,
            },
          },
        ]
      : [],
    packageCount: 1,
    // The shipper's reference: the order the parcel belongs to, in its own system's id.
    referenceNumber: [{ type: 'SHIPMENT', number: shipment.orderId }],
    statusCode: current.statusCode,
    statusDescription: current.description,
  };
  if (shipment.status === 'AVAILABLE_FOR_PICKUP' && last) {
    pkg.accessPointInformation = { pickupByDate: ymd(new Date(Date.parse(last.at) + OFFSET_MS + ACCESS_POINT_HOLD_MS)) };
  }
  return pkg;
}

/** UPS: "Each inquiry number must be between 7 and 34 characters in length". */
const INQUIRY_NUMBER = /^[A-Za-z0-9]{7,34}$/;
const LOCALE = /^[a-z]{2}_[A-Z]{2}$/;

export function registerTracking(
  app: FastifyInstance,
  shipments: ShipmentBook,
  locations: ReadonlyMap<string, Location>,
  tokens: TokenIssuer,
): void {
  /** What both tracking calls check first; the error reply, or undefined to go on. */
  const gate = (request: FastifyRequest, reply: FastifyReply): FastifyReply | undefined => {
    if (!tokens.authorize(request, reply)) return reply;
    const transId = request.headers.transid;
    const transactionSrc = request.headers.transactionsrc;
    if (typeof transId !== 'string' || transId.trim() === '' || transId.length > 32) {
      return reply.code(400).send(errorBody(UPS_ERRORS.MISSING_TRANS_ID));
    }
    if (typeof transactionSrc !== 'string' || transactionSrc.trim() === '' || transactionSrc.length > 512) {
      return reply.code(400).send(errorBody(UPS_ERRORS.MISSING_TRANSACTION_SRC));
    }
    const query = request.query as Record<string, string | undefined>;
    if (query.locale !== undefined && !LOCALE.test(query.locale)) return reply.code(400).send(errorBody(UPS_ERRORS.INVALID_LOCALE));
    reply.header('transid', transId);
    return undefined;
  };
  const render = (shipment: Shipment) => ({
    inquiryNumber: shipment.trackingNumber,
    package: [renderPackage(shipment, locations.get(shipment.fromLocation))],
    userRelation: [],
  });

  app.get(TRACK_PATH, async (request, reply) => {
    const refused = gate(request, reply);
    if (refused) return refused;
    const { inquiryNumber } = request.params as { inquiryNumber: string };
    if (!INQUIRY_NUMBER.test(inquiryNumber)) return reply.code(400).send(errorBody(UPS_ERRORS.INVALID_INQUIRY_NUMBER));
    const shipment = shipments.get(inquiryNumber);
    if (!shipment) return reply.code(404).send(errorBody(UPS_ERRORS.NOT_FOUND));
    return { trackResponse: { shipment: [render(shipment)] } };
  });

  /**
   * Track by Reference Number: every parcel whose shipper reference (the order id) matches.
   * UPS searches pickups of the last 14 days unless `fromPickUpDate`/`toPickUpDate` (YYYYMMDD)
   * say otherwise; the simulator's world is seeded in the past, so without them it searches all.
   */
  app.get(REFERENCE_TRACK_PATH, async (request, reply) => {
    const refused = gate(request, reply);
    if (refused) return refused;
    const { referenceNumber } = request.params as { referenceNumber: string };
    const query = request.query as Record<string, string | undefined>;
    if (!REFERENCE.test(referenceNumber) || !isDateParam(query.fromPickUpDate) || !isDateParam(query.toPickUpDate)) {
      return reply.code(400).send(errorBody(UPS_ERRORS.INVALID_INQUIRY_NUMBER));
    }
    const from = query.fromPickUpDate ?? '00000000';
    const to = query.toPickUpDate ?? '99999999';
    const found = shipments.withReference(referenceNumber).filter((s) => {
      const first = s.events[0];
      const picked = first ? ymd(new Date(Date.parse(first.at) + OFFSET_MS)) : '';
      return picked >= from && picked <= to;
    });
    if (found.length === 0) return reply.code(404).send(errorBody(UPS_ERRORS.NOT_FOUND));
    return { trackResponse: { shipment: found.map(render) } };
  });
}

/** A shipper reference: UPS allows up to 35 characters. */
const REFERENCE = /^[A-Za-z0-9 ._/-]{1,35}$/;
const isDateParam = (v: string | undefined) => v === undefined || /^\d{8}$/.test(v);
