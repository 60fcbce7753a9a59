import type { ShipmentRecord } from '../../../../adapters/carrier/src/index.ts';
import { encodeId } from '../../../../adapters/core/src/index.ts';
import type { Shipment } from '../generated/resolvers.ts';

/** A carrier record as the graph shows it (the GraphQL shape itself: no field resolvers needed). */
export function toShipment(record: ShipmentRecord): Shipment {
  return {
    id: encodeId('shp', record.carrier, record.trackingNumber),
    carrier: record.carrier,
    trackingNumber: record.trackingNumber,
    status: record.status,
    sourceStatus: record.sourceStatus,
    // A promise means nothing once the parcel is delivered (or on its way back).
    estimatedDelivery: record.status === 'DELIVERED' || record.status === 'RETURN_TO_SENDER' ? null : (record.estimatedDelivery ?? null),
    events: record.events.map((e) => ({ at: e.at, status: e.status, location: e.location, description: e.description })),
  };
}

/** Parcels in the order they left: the first scan first, then by number. */
export function byFirstScan(a: ShipmentRecord, b: ShipmentRecord): number {
  const at = (s: ShipmentRecord) => s.events[0]?.at ?? '';
  return at(a).localeCompare(at(b)) || a.trackingNumber.localeCompare(b.trackingNumber);
}
