import type { Shipment, TrackingEvent, TrackingStatus } from '../../dataset/src/index.ts';
import type { PendingIntercept } from './shipmentBook.ts';

/**
 * When UPS still accepts a delivery change, by the parcel's tracking state. UPS publishes the
 * principle (changes are possible until the parcel is delivered; an address change cannot reach
 * a parcel already on the delivery vehicle; one change at a time), not a table: this is the
 * simulator's reading of it, and docs/shipments.md repeats it.
 *
 * | state                | WC (hold at UPS) | AA (redirect) | RS (return) |
 * | -------------------- | ---------------- | ------------- | ----------- |
 * | PRE_TRANSIT          | yes              | yes           | yes         |
 * | IN_TRANSIT, FAILURE  | yes              | yes           | yes         |
 * | OUT_FOR_DELIVERY     | yes              | no (7102)     | yes         |
 * | AVAILABLE_FOR_PICKUP | no (7106)        | no (7106)     | yes         |
 * | DELIVERED            | no (7101)        | no (7101)     | no (7101)   |
 * | RETURN_TO_SENDER     | no (7103)        | no (7103)     | no (7103)   |
 * | CANCELLED            | no (7104)        | no (7104)     | no (7104)   |
 * | change pending       | no (7105)        | no (7105)     | no (7105)   |
 */
export interface Refusal {
  errorCode: string;
  errorMessage: string;
}

export const INTERCEPT_REFUSALS = {
  DELIVERED: { errorCode: '7101', errorMessage: 'The package has been delivered; it can no longer be intercepted.' },
  OUT_FOR_DELIVERY: {
    errorCode: '7102',
    errorMessage: 'The package is out for delivery; the delivery address can no longer be changed.',
  },
  RETURNING: { errorCode: '7103', errorMessage: 'The package is already being returned to the shipper.' },
  VOIDED: { errorCode: '7104', errorMessage: 'The shipment information was voided; there is no package to intercept.' },
  PENDING: { errorCode: '7105', errorMessage: 'A delivery change is already in progress for this package.' },
  AT_ACCESS_POINT: {
    errorCode: '7106',
    errorMessage: 'The package is held at a UPS Access Point; it can only be returned to the shipper.',
  },
} as const satisfies Record<string, Refusal>;

const ALWAYS_REFUSED: Partial<Record<TrackingStatus, Refusal>> = {
  DELIVERED: INTERCEPT_REFUSALS.DELIVERED,
  RETURN_TO_SENDER: INTERCEPT_REFUSALS.RETURNING,
  CANCELLED: INTERCEPT_REFUSALS.VOIDED,
};

/** Why UPS refuses `change` for this parcel now, or undefined when it accepts it. */
export function refusalOf(shipment: Shipment, change: PendingIntercept, pending: PendingIntercept | undefined): Refusal | undefined {
  const always = ALWAYS_REFUSED[shipment.status];
  if (always) return always;
  if (pending) return INTERCEPT_REFUSALS.PENDING;
  if (shipment.status === 'OUT_FOR_DELIVERY' && change === 'AA') return INTERCEPT_REFUSALS.OUT_FOR_DELIVERY;
  if (shipment.status === 'AVAILABLE_FOR_PICKUP' && change !== 'RS') return INTERCEPT_REFUSALS.AT_ACCESS_POINT;
  return undefined;
}

const DAY_MS = 86_400_000;

/** Applies an accepted change: the scan UPS records and the state it leaves the parcel in. */
export function applyIntercept(shipment: Shipment, change: PendingIntercept, now: number, detail: string): void {
  const city = shipment.events[shipment.events.length - 1]?.city ?? '';
  const event = (status: TrackingStatus, description: string): TrackingEvent => ({
    at: new Date(now).toISOString(),
    status,
    city,
    description,
  });
  // Before UPS has the parcel, a change is recorded but the parcel is still only a label.
  const moving: TrackingStatus = shipment.status === 'PRE_TRANSIT' ? 'PRE_TRANSIT' : 'IN_TRANSIT';
  let next: TrackingEvent;
  if (change === 'RS') {
    next = event('RETURN_TO_SENDER', `Returning to sender at the shipper's request (${detail})`);
    delete shipment.estimatedDelivery;
  } else if (change === 'WC') {
    next = event(moving, 'Delivery change requested: the receiver will collect the package at a UPS facility (Will Call)');
  } else {
    next = event(moving, `Delivery change requested: delivering to an alternate address (${detail})`);
    const base = Math.max(now, shipment.estimatedDelivery ? Date.parse(shipment.estimatedDelivery) : now);
    shipment.estimatedDelivery = new Date(base + DAY_MS).toISOString().slice(0, 10);
  }
  shipment.events.push(next);
  shipment.status = next.status;
}
