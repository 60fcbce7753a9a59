import type { CallContext, PostalAddress } from '../../../../adapters/core/src/index.ts';
import type { LocationRecord, StockRecord, TaskRecord } from '../../../../adapters/wms/src/index.ts';
import type { Systems } from '../../../runtime/src/index.ts';
import type { CustomerOrder } from './customerOrders.ts';
import { distanceKm, type CandidateLocation, type GeoPoint, type OrderPriority, type SourcingRequest } from './sourcing/index.ts';

/** Task states whose lines still occupy the site's people. */
const OPEN_TASK_STATES: ReadonlySet<TaskRecord['status']> = new Set(['CREATED', 'ACCEPTED', 'PICKED', 'PACKED']);

export interface CandidateInputs {
  locations: readonly LocationRecord[];
  stock: readonly StockRecord[];
  /** Every open task in the network (for labour load). */
  openTasks: readonly TaskRecord[];
  /** Units this order itself holds (place-order holds), per `sku@location`: they are its to take. */
  ownHolds: ReadonlyMap<string, number>;
}

/**
 * Where a parcel goes, without a geocoder: the centre of the retailer's own sites in the
 * address's district, else its city, else the whole network. Good to a few km in a city the
 * retailer serves, which is what ranking nearby sites needs.
 */
function locate(address: PostalAddress | undefined, locations: readonly LocationRecord[]): GeoPoint {
  const centre = (list: readonly LocationRecord[]) => ({
    latitude: list.reduce((s, l) => s + l.latitude, 0) / list.length,
    longitude: list.reduce((s, l) => s + l.longitude, 0) / list.length,
  });
  const same = (a?: string, b?: string) => !!a && !!b && a.trim().toLowerCase() === b.trim().toLowerCase();
  if (address) {
    const district = locations.filter((l) => same(l.address.city, address.city) && same(l.address.district, address.district));
    if (district.length > 0) return centre(district);
    const city = locations.filter((l) => same(l.address.city, address.city));
    if (city.length > 0) return centre(city);
  }
  return centre(locations.length > 0 ? locations : [{ latitude: 31.2304, longitude: 121.4737 } as LocationRecord]);
}

/** Express when the promise is for the next day or sooner. */
function priorityOf(order: CustomerOrder): OrderPriority {
  const placed = Date.parse(order.placedAt.slice(0, 10));
  const soonest = Math.min(...order.lines.map((l) => (l.promisedDate ? Date.parse(l.promisedDate) : Infinity)));
  return soonest - placed <= 86_400_000 ? 'EXPRESS' : 'STANDARD';
}

/** The order's lines still to source, as the strategy reads them. */
export function sourcingRequest(
  order: CustomerOrder,
  lines: CustomerOrder['lines'],
  locations: readonly LocationRecord[],
  options: { priority?: OrderPriority; excluded: readonly string[] },
): SourcingRequest {
  const pickup = lines.find((l) => l.deliveryMethod === 'PICKUP' && l.pickupLocation)?.pickupLocation;
  const pickupSite = pickup ? locations.find((l) => l.code === pickup) : undefined;
  return {
    orderId: order.id,
    placedAt: order.placedAt,
    priority: options.priority ?? priorityOf(order),
    deliveryMethod: pickupSite ? 'PICKUP' : 'SHIP',
    destination: pickupSite ?? locate(order.contact?.address, locations),
    ...(pickupSite && { pickupLocationCode: pickupSite.code }),
    lines: lines.map((l) => ({ lineId: l.lineId, sku: l.sku, quantity: l.quantity })),
    excludedLocations: options.excluded,
  };
}

/** Stock, labour and site data as candidates; no shipping cost yet (see withShippingCosts). */
export function toCandidates(inputs: CandidateInputs): CandidateLocation[] {
  const load = new Map<string, number>();
  for (const t of inputs.openTasks)
    if (OPEN_TASK_STATES.has(t.status)) load.set(t.locationCode, (load.get(t.locationCode) ?? 0) + t.lines.length);
  return inputs.locations.map((l) => {
    const available: Record<string, number> = {};
    for (const p of inputs.stock) {
      if (p.locationCode !== l.code) continue;
      const free = p.onHand - p.reserved - p.allocated - p.safetyStock + (inputs.ownHolds.get(`${p.sku}@${l.code}`) ?? 0);
      available[p.sku] = Math.max(0, free);
    }
    return {
      code: l.code,
      kind: l.kind,
      name: l.name,
      latitude: l.latitude,
      longitude: l.longitude,
      labourCapacityPerHour: l.labourCapacityPerHour,
      peakHours: l.peakHours,
      leadTimeDays: l.leadTimeDays,
      available,
      openTaskLines: load.get(l.code) ?? 0,
    };
  });
}

/**
 * Adds the carrier's cheapest rate to the `limit` nearest candidates that hold any of the
 * order's stock (one rate call each, in parallel). A rate the carrier cannot give leaves the
 * cost unknown (scored neutral) rather than failing the plan.
 */
export async function withShippingCosts(
  systems: Systems,
  call: CallContext,
  request: SourcingRequest,
  candidates: CandidateLocation[],
  locations: readonly LocationRecord[],
  to: PostalAddress | undefined,
  limit = 4,
): Promise<CandidateLocation[]> {
  const destination = to ?? locations.find((l) => l.code === request.pickupLocationCode)?.address;
  if (!destination) return candidates;
  const holding = candidates
    .filter((c) => request.lines.some((l) => (c.available[l.sku] ?? 0) >= l.quantity))
    .sort((a, b) => distanceKm(a, request.destination) - distanceKm(b, request.destination))
    .slice(0, limit);
  const weightKg = Math.max(0.5, request.lines.reduce((s, l) => s + l.quantity, 0) * 0.5);
  const costs = new Map<string, number>();
  await Promise.all(
    holding.map(async (c) => {
      if (c.code === request.pickupLocationCode) return costs.set(c.code, 0);
      const site = locations.find((l) => l.code === c.code)!;
      try {
        const quotes = await systems.carrier.rates(call, {
          from: { postcode: site.address.postcode, city: site.address.city, country: site.address.country },
          to: { postcode: destination.postcode, city: destination.city, country: destination.country },
          weightKg,
        });
        const cheapest = Math.min(...quotes.map((q) => Number(q.total.amount)));
        if (Number.isFinite(cheapest)) costs.set(c.code, cheapest);
      } catch {
        // Unknown cost: the plan still stands on the other criteria.
      }
    }),
  );
  return candidates.map((c) => (costs.has(c.code) ? { ...c, shippingCost: costs.get(c.code)! } : c));
}
