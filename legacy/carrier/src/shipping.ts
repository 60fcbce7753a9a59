import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { Location, Shipment } from '../../dataset/src/index.ts';
import { errorBody } from './errors.ts';
import type { TokenIssuer } from './oauth.ts';
import { TARIFFS, address, distanceKm, pkg, ratedShipment, type Tariff } from './rating.ts';
import type { ShipmentBook } from './shipmentBook.ts';

/**
 * A subset of the UPS Shipping API: `POST /api/shipments/{version}/ship` (Shipping.yaml of
 * github.com/UPS-API/api-documentation, not in shared/specs), `ShipmentRequest` in,
 * `ShipmentResponse` out, field names as UPS spells them: `Shipment.Shipper` (with
 * `ShipperNumber`), `ShipTo`, `ShipFrom`, `Service.Code`, `ReferenceNumber`, `Package[]` with
 * `PackageWeight`, and `LabelSpecification.LabelImageFormat.Code`. The answer carries
 * `ShipmentIdentificationNumber`, `ShipmentCharges` and one `PackageResults` per package with its
 * `TrackingNumber` and `ShippingLabel { ImageFormat, GraphicImage }` (base64).
 *
 * Simulator's choices: labels are rendered as ZPL only (thermal label printers; GIF, PNG, EPL and
 * SPL are refused with 120415); charges and transit days are the rating tariff's; UPS itself
 * would make a second label for a repeated request, the simulator answers a repeated
 * `Shipment.ReferenceNumber.Value` (the first, when two are sent) with the label it already made
 * (the retry-safety a real integration gets from UPS's Label Recovery API). Every new label is a
 * PRE_TRANSIT parcel that tracking, reference tracking (by either reference) and Delivery
 * Intercept know at once.
 */
export const SHIP_PATH = '/api/shipments/:version/ship';
const VERSIONS = new Set(['v1', 'v1601', 'v1607', 'v1701', 'v1707', 'v1801', 'v2108', 'v2205', 'v2403', 'v2409']);

export const SHIPPING_ERRORS = {
  INVALID_REQUEST: { code: '120100', message: 'Missing or invalid shipment request.' },
  INVALID_SHIPPER_NUMBER: { code: '120101', message: 'Missing or invalid shipper number.' },
  INVALID_WEIGHT: { code: '120500', message: 'Missing or invalid package weight.' },
  NO_SERVICE: { code: '121210', message: 'The requested service is unavailable between the selected locations.' },
  LABEL_FORMAT: { code: '120415', message: 'The requested label image format is not supported.' },
  UNKNOWN_VERSION: { code: '120002', message: 'Unsupported version.' },
} as const;

const party = z.object({ Name: z.string().min(1).max(35), AttentionName: z.string().optional(), Address: address });
const reference = z.object({ Code: z.string().optional(), Value: z.string().min(1).max(35) });
const shipRequest = z.object({
  ShipmentRequest: z.object({
    Request: z
      .object({
        RequestOption: z.string().optional(),
        TransactionReference: z.object({ CustomerContext: z.string().optional() }).optional(),
      })
      .optional(),
    Shipment: z.object({
      Description: z.string().optional(),
      Shipper: party.extend({ ShipperNumber: z.string().regex(/^[A-Z0-9]{6}$/) }),
      ShipTo: party,
      ShipFrom: party.optional(),
      PaymentInformation: z.unknown().optional(),
      Service: z.object({ Code: z.string(), Description: z.string().optional() }),
      // UPS takes at most two references per shipment.
      ReferenceNumber: z.union([reference, z.array(reference).min(1).max(2)]).optional(),
      Package: z.union([pkg.extend({ Packaging: z.object({ Code: z.string() }).optional() }), z.array(pkg).min(1)]),
    }),
    LabelSpecification: z.object({ LabelImageFormat: z.object({ Code: z.string() }) }),
  }),
});

/** UPS's check digit over the 15 characters after "1Z": letters count as (code − 63) mod 10, odd positions doubled. */
function checkDigit(body: string): string {
  let sum = 0;
  for (let i = 0; i < body.length; i++) {
    const c = body.charCodeAt(i);
    const n = c >= 48 && c <= 57 ? c - 48 : (c - 63) % 10;
    sum += i % 2 === 1 ? n * 2 : n;
  }
  return String((10 - (sum % 10)) % 10);
}

/** A Zebra label: the ship-to block, the service, a Code 128 barcode of the tracking number. */
function zplLabel(trackingNumber: string, service: string, shipTo: z.infer<typeof party>, from: z.infer<typeof party>): string {
  const line = (a: z.infer<typeof address>) => [a.AddressLine].flat().filter(Boolean).join(', ');
  const text = (s: string) => s.replace(/[\^~]/g, ' ');
  return [
    '^XA^CI28',
    `^FO40,30^A0N,28,28^FD${text(from.Name)}^FS`,
    `^FO40,62^A0N,22,22^FD${text(line(from.Address))} ${text(from.Address.City ?? '')} ${from.Address.PostalCode ?? ''}^FS`,
    `^FO40,130^A0N,34,34^FDSHIP TO: ${text(shipTo.Name)}^FS`,
    `^FO40,172^A0N,30,30^FD${text(line(shipTo.Address))}^FS`,
    `^FO40,208^A0N,30,30^FD${text(shipTo.Address.City ?? '')} ${shipTo.Address.PostalCode ?? ''} ${shipTo.Address.CountryCode}^FS`,
    `^FO40,280^A0N,44,44^FD${text(service)}^FS`,
    `^FO40,340^BY3^BCN,160,Y,N,N^FD${trackingNumber}^FS`,
    '^XZ',
  ].join('\n');
}

export function registerShipping(
  app: FastifyInstance,
  book: ShipmentBook,
  places: readonly Location[],
  tokens: TokenIssuer,
  clock: () => number,
): void {
  let sequence = 0;
  const newTrackingNumber = (shipperNumber: string, serviceCode: string): string => {
    for (;;) {
      sequence++;
      const body = `${shipperNumber}${serviceCode.padStart(2, '0').slice(-2)}${String(sequence).padStart(7, '0')}`;
      const candidate = `1Z${body}${checkDigit(body)}`;
      if (!book.has(candidate)) return candidate;
    }
  };

  app.post(SHIP_PATH, async (request, reply) => {
    if (!tokens.authorize(request, reply)) return reply;
    const { version } = request.params as { version: string };
    if (!VERSIONS.has(version)) return reply.code(400).send(errorBody(SHIPPING_ERRORS.UNKNOWN_VERSION));
    const parsed = shipRequest.safeParse(request.body);
    if (!parsed.success) {
      const path = parsed.error.issues[0]?.path.join('.') ?? '';
      const which = path.includes('PackageWeight')
        ? SHIPPING_ERRORS.INVALID_WEIGHT
        : path.includes('ShipperNumber')
          ? SHIPPING_ERRORS.INVALID_SHIPPER_NUMBER
          : SHIPPING_ERRORS.INVALID_REQUEST;
      return reply.code(400).send(errorBody(which));
    }
    const { Shipment: s, LabelSpecification: label, Request: req } = parsed.data.ShipmentRequest;
    if (label.LabelImageFormat.Code !== 'ZPL') return reply.code(400).send(errorBody(SHIPPING_ERRORS.LABEL_FORMAT));
    const packages = Array.isArray(s.Package) ? s.Package : [s.Package];
    if (packages.some((p) => p.PackageWeight.Weight <= 0 || p.PackageWeight.Weight > 70)) {
      return reply.code(400).send(errorBody(SHIPPING_ERRORS.INVALID_WEIGHT));
    }
    const from = s.ShipFrom ?? s.Shipper;
    const km = distanceKm(from.Address, s.ShipTo.Address, places);
    const tariff: Tariff | undefined = TARIFFS[s.Service.Code];
    if (km === undefined || !tariff) return reply.code(400).send(errorBody(SHIPPING_ERRORS.NO_SERVICE));

    const [ref, ...moreRefs] = [s.ReferenceNumber ?? []].flat().map((r) => r.Value);
    const replay = ref === undefined ? undefined : book.labels.get(`${s.Shipper.ShipperNumber}/${ref.toUpperCase()}`);
    if (replay) return replay;

    const rated = ratedShipment(s.Service.Code, tariff, packages, km) as {
      TransportationCharges: unknown;
      ServiceOptionsCharges: unknown;
      TotalCharges: unknown;
      BillingWeight: unknown;
      RatedPackage: { ServiceOptionsCharges: unknown }[];
    };
    const numbers = packages.map(() => newTrackingNumber(s.Shipper.ShipperNumber, s.Service.Code));
    const now = clock();
    const origin = places.find((p) => p.address.postcode === from.Address.PostalCode);
    const eta = new Date(now + tariff.transitDays(km) * 86_400_000).toISOString().slice(0, 10);
    for (const trackingNumber of numbers) {
      const parcel: Shipment = {
        trackingNumber,
        carrier: 'UPS',
        // UPS knows only the shipper's reference (how an order finds its parcels), not the
        // order's system; reference tracking reads `orderId` alone.
        orderSystem: 'ERP',
        orderId: ref ?? trackingNumber,
        fromLocation: origin?.code ?? '',
        status: 'PRE_TRANSIT',
        estimatedDelivery: eta,
        events: [
          {
            at: new Date(now).toISOString(),
            status: 'PRE_TRANSIT',
            city: from.Address.City ?? '',
            description: 'Shipper created a label, UPS has not received the package yet',
          },
        ],
      };
      book.add(parcel, moreRefs);
    }
    const results = numbers.map((trackingNumber, i) => ({
      TrackingNumber: trackingNumber,
      ServiceOptionsCharges: rated.RatedPackage[i]?.ServiceOptionsCharges,
      ShippingLabel: {
        ImageFormat: { Code: 'ZPL', Description: 'ZPL' },
        GraphicImage: Buffer.from(zplLabel(trackingNumber, tariff.description, s.ShipTo, from), 'utf8').toString('base64'),
      },
    }));
    const answer = {
      ShipmentResponse: {
        Response: {
          ResponseStatus: { Code: '1', Description: 'Success' },
          ...(req?.TransactionReference && { TransactionReference: req.TransactionReference }),
        },
        ShipmentResults: {
          ShipmentCharges: {
            TransportationCharges: rated.TransportationCharges,
            ServiceOptionsCharges: rated.ServiceOptionsCharges,
            TotalCharges: rated.TotalCharges,
          },
          BillingWeight: rated.BillingWeight,
          ShipmentIdentificationNumber: numbers[0],
          // UPS sends one package as an object, several as an array.
          PackageResults: results.length === 1 ? results[0] : results,
        },
      },
    };
    if (ref !== undefined) book.labels.set(`${s.Shipper.ShipperNumber}/${ref.toUpperCase()}`, answer);
    return answer;
  });
}
