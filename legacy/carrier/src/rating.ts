import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { Location } from '../../dataset/src/index.ts';
import { UPS_ERRORS, errorBody } from './errors.ts';
import type { TokenIssuer } from './oauth.ts';

/**
 * A subset of the UPS Rating API: `POST /api/rating/{version}/{requestoption}` (Rating.yaml of
 * github.com/UPS-API/api-documentation: path `/rating/{version}/{requestoption}` under the `/api`
 * server, default version v2409, options Rate, Shop and their *timeintransit twins), `RateRequest`
 * in, `RateResponse` out, field names as UPS spells them. That spec is not in shared/specs and UPS
 * publishes no tariff, so the prices are the simulator's own: domestic China only, three service
 * levels, from the billable weight and the distance between origin and destination.
 *
 * Distance: haversine between the dataset locations whose postcode (else city) matches each
 * address; for other Chinese postcodes a zone estimate from the shared postcode prefix.
 */
export const RATE_PATH = '/api/rating/:version/:requestoption';
const VERSIONS = new Set(['v1', 'v1601', 'v1607', 'v1701', 'v1707', 'v2108', 'v2205', 'v2403', 'v2409']);

export interface Tariff {
  description: string;
  baseFen: number;
  perKgFen: number;
  /** Fen per km, in hundredths (the distance part is small per km). */
  perKmCentiFen: number;
  transitDays: (km: number) => number;
}

export const TARIFFS: Readonly<Record<string, Tariff>> = {
  '07': { description: 'UPS Express', baseFen: 3000, perKgFen: 800, perKmCentiFen: 200, transitDays: () => 1 },
  '65': { description: 'UPS Saver', baseFen: 2400, perKgFen: 600, perKmCentiFen: 150, transitDays: (km) => (km < 300 ? 1 : 2) },
  '11': { description: 'UPS Standard', baseFen: 1200, perKgFen: 250, perKmCentiFen: 80, transitDays: (km) => 1 + Math.ceil(km / 400) },
};

/** Fastest first, as UPS lists a Shop answer. */
const SHOP_ORDER = ['07', '65', '11'];

const numeric = z
  .string()
  .regex(/^\d+(\.\d+)?$/)
  .transform(Number);
export const address = z.object({
  AddressLine: z.union([z.string(), z.array(z.string())]).optional(),
  City: z.string().optional(),
  StateProvinceCode: z.string().optional(),
  PostalCode: z.string().optional(),
  CountryCode: z.string().length(2),
});
const party = z.object({ Name: z.string().optional(), ShipperNumber: z.string().optional(), Address: address });
export const pkg = z.object({
  PackagingType: z.object({ Code: z.string() }).optional(),
  Dimensions: z
    .object({ UnitOfMeasurement: z.object({ Code: z.enum(['CM', 'IN']) }), Length: numeric, Width: numeric, Height: numeric })
    .optional(),
  PackageWeight: z.object({ UnitOfMeasurement: z.object({ Code: z.enum(['KGS', 'LBS']) }), Weight: numeric }),
});
const rateRequest = z.object({
  RateRequest: z.object({
    Request: z.object({ TransactionReference: z.object({ CustomerContext: z.string().optional() }).optional() }).optional(),
    Shipment: z.object({
      Shipper: party,
      ShipTo: party,
      ShipFrom: party.optional(),
      Service: z.object({ Code: z.string(), Description: z.string().optional() }).optional(),
      Package: z.union([pkg, z.array(pkg).min(1)]),
    }),
  }),
});
type Address = z.infer<typeof address>;
export type Package = z.infer<typeof pkg>;

const fen = (n: number) => `${Math.floor(n / 100)}.${String(n % 100).padStart(2, '0')}`;
export const money = (n: number) => ({ CurrencyCode: 'CNY', MonetaryValue: fen(n) });

function haversineKm(a: { latitude: number; longitude: number }, b: { latitude: number; longitude: number }): number {
  const rad = (d: number) => (d * Math.PI) / 180;
  const h =
    Math.sin(rad(b.latitude - a.latitude) / 2) ** 2 +
    Math.cos(rad(a.latitude)) * Math.cos(rad(b.latitude)) * Math.sin(rad(b.longitude - a.longitude) / 2) ** 2;
  return 2 * 6371 * Math.asin(Math.sqrt(h));
}

export function distanceKm(from: Address, to: Address, places: readonly Location[]): number | undefined {
  if (from.CountryCode !== 'CN' || to.CountryCode !== 'CN') return undefined;
  const locate = (a: Address) =>
    places.find((p) => a.PostalCode !== undefined && p.address.postcode === a.PostalCode) ??
    places.find((p) => a.City !== undefined && p.address.city.toLowerCase() === a.City.trim().toLowerCase());
  const [x, y] = [locate(from), locate(to)];
  if (x && y) return Math.max(1, haversineKm(x, y));
  const [p, q] = [from.PostalCode ?? '', to.PostalCode ?? ''];
  if (!/^\d{6}$/.test(p) || !/^\d{6}$/.test(q)) return undefined;
  if (p.slice(0, 3) === q.slice(0, 3)) return 20;
  if (p.slice(0, 2) === q.slice(0, 2)) return 80;
  return p[0] === q[0] ? 300 : 1200;
}

/** Billable kg: the greater of actual and volumetric (L×W×H cm / 5000), up to the next half kilo. */
function billableKg(p: Package): number {
  const kg = p.PackageWeight.UnitOfMeasurement.Code === 'LBS' ? p.PackageWeight.Weight * 0.45359237 : p.PackageWeight.Weight;
  const d = p.Dimensions;
  const cm = d?.UnitOfMeasurement.Code === 'IN' ? 2.54 : 1;
  const volumetric = d ? (d.Length * cm * d.Width * cm * d.Height * cm) / 5000 : 0;
  return Math.max(0.5, Math.ceil(Math.max(kg, volumetric) * 2) / 2);
}

export function ratedShipment(code: string, tariff: Tariff, packages: readonly Package[], km: number): Record<string, unknown> {
  const rated = packages.map((p) => {
    const kg = billableKg(p);
    const charge = tariff.baseFen + Math.round(kg * tariff.perKgFen) + Math.round((km * tariff.perKmCentiFen) / 100);
    return { kg, charge };
  });
  const totalKg = rated.reduce((s, r) => s + r.kg, 0);
  const total = rated.reduce((s, r) => s + r.charge, 0);
  return {
    Service: { Code: code, Description: tariff.description },
    BillingWeight: { UnitOfMeasurement: { Code: 'KGS', Description: 'Kilograms' }, Weight: totalKg.toFixed(1) },
    TransportationCharges: money(total),
    ServiceOptionsCharges: money(0),
    TotalCharges: money(total),
    GuaranteedDelivery: { BusinessDaysInTransit: String(tariff.transitDays(km)) },
    RatedPackage: rated.map((r) => ({
      TransportationCharges: money(r.charge),
      ServiceOptionsCharges: money(0),
      TotalCharges: money(r.charge),
      Weight: r.kg.toFixed(1),
      BillingWeight: { UnitOfMeasurement: { Code: 'KGS', Description: 'Kilograms' }, Weight: r.kg.toFixed(1) },
    })),
  };
}

export function registerRating(app: FastifyInstance, places: readonly Location[], tokens: TokenIssuer): void {
  app.post(RATE_PATH, async (request, reply) => {
    if (!tokens.authorize(request, reply)) return reply;
    const { version, requestoption } = request.params as { version: string; requestoption: string };
    // Transit days are always in the answer, so the *timeintransit options need nothing more.
    const option = requestoption.toLowerCase().replace(/timeintransit$/, '');
    if (!VERSIONS.has(version) || (option !== 'rate' && option !== 'shop')) {
      return reply.code(400).send(errorBody(UPS_ERRORS.RATE_UNKNOWN_VERSION));
    }
    const parsed = rateRequest.safeParse(request.body);
    if (!parsed.success) {
      const weight = parsed.error.issues.some((i) => i.path.includes('PackageWeight'));
      return reply.code(400).send(errorBody(weight ? UPS_ERRORS.RATE_INVALID_WEIGHT : UPS_ERRORS.RATE_INVALID_REQUEST));
    }
    const { Shipment: shipment, Request: req } = parsed.data.RateRequest;
    const packages = Array.isArray(shipment.Package) ? shipment.Package : [shipment.Package];
    if (packages.some((p) => p.PackageWeight.Weight <= 0 || p.PackageWeight.Weight > 70)) {
      return reply.code(400).send(errorBody(UPS_ERRORS.RATE_INVALID_WEIGHT));
    }
    const km = distanceKm((shipment.ShipFrom ?? shipment.Shipper).Address, shipment.ShipTo.Address, places);
    const codes = option === 'shop' ? SHOP_ORDER : [shipment.Service?.Code ?? ''];
    if (km === undefined || codes.some((c) => !TARIFFS[c])) return reply.code(400).send(errorBody(UPS_ERRORS.RATE_NO_SERVICE));
    return {
      RateResponse: {
        Response: {
          ResponseStatus: { Code: '1', Description: 'Success' },
          Alert: [{ Code: '110971', Description: 'Your invoice may vary from the displayed reference rates' }],
          ...(req?.TransactionReference && { TransactionReference: req.TransactionReference }),
        },
        RatedShipment: codes.map((c) => ratedShipment(c, TARIFFS[c] as Tariff, packages, km)),
      },
    };
  });
}
