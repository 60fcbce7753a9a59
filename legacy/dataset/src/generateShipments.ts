import type { Location, OrderSystem, Shipment, TrackingEvent, TrackingStatus } from './types.ts';
import { UPPER_ALNUM, WeightedTable, uniqueDraw, type Rng } from './random.ts';
import { DAY_MS, HOUR_MS, iso, localDate, localMidnight, compareText } from './format.ts';

/** A parcel an order generator decided to send; turned into carrier records here. */
export interface ShipmentPlan {
  orderSystem: OrderSystem;
  orderId: string;
  fromLocation: string;
  shipMs: number;
  personId?: string;
}

/** How a parcel's journey goes; the reference date then cuts it at "now". */
type Script = 'NORMAL' | 'FAIL_THEN_DELIVER' | 'ACCESS_POINT' | 'ACCESS_POINT_RTS' | 'RTS' | 'CANCEL';

const SCRIPTS = WeightedTable.of<Script>({
  NORMAL: 90,
  FAIL_THEN_DELIVER: 3.5,
  ACCESS_POINT: 2.5,
  ACCESS_POINT_RTS: 1,
  RTS: 1.5,
  CANCEL: 1.5,
});

const ALL_STATUSES: readonly TrackingStatus[] = [
  'PRE_TRANSIT',
  'IN_TRANSIT',
  'OUT_FOR_DELIVERY',
  'DELIVERED',
  'AVAILABLE_FOR_PICKUP',
  'RETURN_TO_SENDER',
  'FAILURE',
  'CANCELLED',
];
/** The script that passes through each status, for topping up rare ones. */
const SCRIPT_FOR: Record<TrackingStatus, Script> = {
  PRE_TRANSIT: 'NORMAL',
  IN_TRANSIT: 'NORMAL',
  OUT_FOR_DELIVERY: 'NORMAL',
  DELIVERED: 'NORMAL',
  AVAILABLE_FOR_PICKUP: 'ACCESS_POINT',
  RETURN_TO_SENDER: 'RTS',
  FAILURE: 'FAIL_THEN_DELIVER',
  CANCELLED: 'CANCEL',
};
const NOT_YET_DELIVERED = new Set<TrackingStatus>(['PRE_TRANSIT', 'IN_TRANSIT', 'OUT_FOR_DELIVERY', 'FAILURE']);

interface TimedEvent {
  ms: number;
  status: TrackingStatus;
  city: string;
  description: string;
}

/** The delivery round starts the local morning after the parcel reaches the hub. */
function nextMorning(rng: Rng, ms: number): number {
  return localMidnight(ms) + DAY_MS + rng.int(8, 10) * HOUR_MS + rng.int(0, 59) * 60_000;
}

function fullJourney(rng: Rng, shipMs: number, origin: string, script: Script): TimedEvent[] {
  const ev: TimedEvent[] = [
    { ms: shipMs, status: 'PRE_TRANSIT', city: origin, description: 'Shipper created a label, UPS has not received the package yet' },
  ];
  const add = (gapMs: number, status: TrackingStatus, description: string, city = 'Shanghai') => {
    const last = ev[ev.length - 1]?.ms ?? shipMs;
    ev.push({ ms: last + gapMs, status, city, description });
  };
  if (script === 'CANCEL') {
    add(rng.int(2, 12) * HOUR_MS, 'CANCELLED', 'Shipment cancelled by shipper; label voided', origin);
    return ev;
  }
  add(rng.int(2, 8) * HOUR_MS, 'IN_TRANSIT', 'Picked up by UPS', origin);
  add(rng.int(3, 10) * HOUR_MS, 'IN_TRANSIT', 'Arrived at UPS facility');
  add(rng.int(2, 8) * HOUR_MS, 'IN_TRANSIT', 'Departed from UPS facility');
  const outForDelivery = (description = 'Out for delivery today') => {
    const last = ev[ev.length - 1]?.ms ?? shipMs;
    ev.push({ ms: nextMorning(rng, last), status: 'OUT_FOR_DELIVERY', city: 'Shanghai', description });
  };
  outForDelivery();
  const attempt = () => rng.int(2, 8) * HOUR_MS;
  switch (script) {
    case 'NORMAL':
      add(attempt(), 'DELIVERED', 'Delivered');
      break;
    case 'FAIL_THEN_DELIVER':
      add(attempt(), 'FAILURE', 'Receiver not available; a second attempt will be made the next business day');
      outForDelivery('Out for delivery: second attempt');
      add(attempt(), 'DELIVERED', 'Delivered');
      break;
    case 'ACCESS_POINT':
    case 'ACCESS_POINT_RTS':
      add(attempt(), 'FAILURE', 'Receiver not available; package will be held at a UPS Access Point');
      add(rng.int(1, 3) * HOUR_MS, 'AVAILABLE_FOR_PICKUP', 'Delivered to UPS Access Point, awaiting customer pickup');
      if (script === 'ACCESS_POINT') add(rng.int(1, 4) * DAY_MS, 'DELIVERED', 'Picked up by consignee at UPS Access Point');
      else add(7 * DAY_MS, 'RETURN_TO_SENDER', 'Not collected from UPS Access Point; returning to sender');
      break;
    case 'RTS':
      add(attempt(), 'FAILURE', 'Receiver not available');
      outForDelivery('Out for delivery: second attempt');
      add(attempt(), 'FAILURE', 'Receiver refused the delivery');
      add(rng.int(1, 3) * HOUR_MS, 'RETURN_TO_SENDER', 'Returning to sender: delivery refused');
      break;
  }
  return ev;
}

function toShipment(plan: ShipmentPlan, trackingNumber: string, journey: readonly TimedEvent[], cutIndex: number, refMs: number): Shipment {
  const kept = journey.slice(0, cutIndex + 1);
  const last = kept[kept.length - 1] ?? journey[0];
  const status = last?.status ?? 'PRE_TRANSIT';
  const events: TrackingEvent[] = kept.map((e) => ({ at: iso(e.ms), status: e.status, city: e.city, description: e.description }));
  const shipment: Shipment = {
    trackingNumber,
    carrier: 'UPS',
    orderSystem: plan.orderSystem,
    orderId: plan.orderId,
    fromLocation: plan.fromLocation,
    status,
    events,
  };
  if (NOT_YET_DELIVERED.has(status)) {
    const next = journey.slice(cutIndex + 1).find((e) => e.status === 'DELIVERED' || e.status === 'OUT_FOR_DELIVERY');
    // A parcel stuck past its plan is re-promised for tomorrow.
    shipment.estimatedDelivery = localDate(next && next.ms > refMs ? next.ms : refMs + DAY_MS);
  }
  return shipment;
}

export function generateShipments(rng: Rng, plans: readonly ShipmentPlan[], locations: readonly Location[], refMs: number): Shipment[] {
  const cityOf = new Map(locations.map((l) => [l.code, l.address.city]));
  const taken = new Set<string>();
  const shipper = rng.string(6, UPPER_ALNUM);
  const sorted = [...plans].sort((a, b) => a.shipMs - b.shipMs || compareText(a.orderId, b.orderId));
  const built = sorted.map((plan) => {
    const trackingNumber = uniqueDraw(taken, () => `1Z${shipper}${rng.chance(0.8) ? '03' : '01'}${rng.digits(8)}`);
    const journey = fullJourney(rng, plan.shipMs, cityOf.get(plan.fromLocation) ?? 'Shanghai', rng.weighted(SCRIPTS));
    let cut = 0;
    while (cut + 1 < journey.length && (journey[cut + 1]?.ms ?? Infinity) <= refMs) cut++;
    return { plan, shipment: toShipment(plan, trackingNumber, journey, cut, refMs) };
  });

  // Small datasets may miss the rare endings: replay older delivered parcels so that
  // they stop at the missing status (a parcel stuck in that state).
  const olderFirst = built.filter((b) => b.plan.shipMs < refMs - 14 * DAY_MS).reverse();
  for (const status of ALL_STATUSES) {
    let have = built.filter((b) => b.shipment.status === status).length;
    for (const b of olderFirst) {
      if (have >= 5) break;
      if (b.shipment.status !== 'DELIVERED') continue;
      const journey = fullJourney(rng, b.plan.shipMs, cityOf.get(b.plan.fromLocation) ?? 'Shanghai', SCRIPT_FOR[status]);
      const cut = journey.map((e) => e.status).lastIndexOf(status);
      if (cut < 0) continue;
      b.shipment = toShipment(b.plan, b.shipment.trackingNumber, journey, cut, refMs);
      have++;
    }
  }
  return built.map((b) => b.shipment);
}
