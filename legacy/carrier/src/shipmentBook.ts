import type { Shipment } from '../../dataset/src/index.ts';

/** A delivery change UPS accepted and has not carried out yet (one per parcel at a time). */
export type PendingIntercept = 'WC' | 'AA' | 'RS';

/**
 * The carrier's own copy of every parcel (the dataset is shared by all simulators, so it is
 * cloned), indexed by tracking number and by the shipper's reference (the order id), plus the
 * labels created through the Shipping API and the delivery changes accepted through Delivery
 * Intercept.
 */
export class ShipmentBook {
  private readonly byNumber = new Map<string, Shipment>();
  private readonly byReference = new Map<string, Shipment[]>();
  /** Shipping API answers by the shipper's reference: a repeated request gets the same label. */
  readonly labels = new Map<string, unknown>();
  readonly pending = new Map<string, PendingIntercept>();

  constructor(shipments: readonly Shipment[]) {
    for (const s of structuredClone(shipments)) this.add(s);
  }

  /** A parcel under its reference (`orderId`) and any further shipper references it carries. */
  add(shipment: Shipment, moreReferences: readonly string[] = []): void {
    this.byNumber.set(shipment.trackingNumber.toUpperCase(), shipment);
    for (const reference of new Set([shipment.orderId, ...moreReferences].map((r) => r.trim().toUpperCase()))) {
      this.byReference.set(reference, [...(this.byReference.get(reference) ?? []), shipment]);
    }
  }

  get(trackingNumber: string): Shipment | undefined {
    return this.byNumber.get(trackingNumber.toUpperCase());
  }

  has(trackingNumber: string): boolean {
    return this.byNumber.has(trackingNumber.toUpperCase());
  }

  /** Parcels whose shipper reference is `reference` (case-insensitive, as UPS matches them). */
  withReference(reference: string): Shipment[] {
    return this.byReference.get(reference.trim().toUpperCase()) ?? [];
  }
}
