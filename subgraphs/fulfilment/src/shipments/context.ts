import type DataLoader from 'dataloader';
import type { ShipmentRecord } from '../../../../adapters/carrier/src/index.ts';
import {
  cachedLoader,
  entityCache,
  IdempotencyStore,
  perRequest,
  type SubgraphContext,
  type SubgraphDeps,
} from '../../../runtime/src/index.ts';

export interface ShipmentsPartOptions {
  /** Tracking numbers per batched carrier read (the adapter asks UPS one number per call, bounded). @default 50 */
  trackBatchSize?: number;
  /** Order references per batched reference-tracking read. @default 50 */
  referenceBatchSize?: number;
}

/** What the shipments resolvers use in one request. */
export interface ShipmentsPart {
  /** Parcels by tracking number (null: the carrier does not know it); cached, batched, one call per number at most. */
  byTrackingNumber: DataLoader<string, ShipmentRecord | null>;
  /** Parcels by the shipper's reference (an order's id in its own system); cached and batched. */
  byReference: DataLoader<string, ShipmentRecord[]>;
  idempotency: IdempotencyStore;
  /** Drops what the graph cached of a parcel (after a delivery change). */
  forget(trackingNumber: string, reference: string | undefined): Promise<void>;
}

/** Tracking numbers as UPS knows them: the cache key of a parcel. */
export const trackingKey = (trackingNumber: string) => trackingNumber.trim().toUpperCase();

/** Called once per process; the function it returns, once per request. */
export function createShipmentsPart(deps: SubgraphDeps, options: ShipmentsPartOptions): (base: SubgraphContext) => ShipmentsPart {
  const tracking = entityCache<ShipmentRecord | null>(deps.store, 'CARRIER', 'tracking');
  const byOrder = entityCache<ShipmentRecord[]>(deps.store, 'CARRIER', 'shipmentsByOrder');
  const idempotency = IdempotencyStore.forStore(deps.store);
  const trackBatch = options.trackBatchSize ?? 50;
  const referenceBatch = options.referenceBatchSize ?? 50;
  return (base) => {
    const { carrier } = base.systems;
    const byTrackingNumber = perRequest(base, 'shipments:byTrackingNumber', () =>
      cachedLoader(base, tracking, (keys) => carrier.track(base.call, keys), trackBatch),
    );
    const byReference = perRequest(base, 'shipments:byReference', () =>
      cachedLoader(
        base,
        byOrder,
        async (references) => {
          const found = await carrier.trackByReference(base.call, references);
          // A reference read carries each parcel's full tracking: no second call per number.
          for (const parcel of found.flat()) byTrackingNumber.prime(trackingKey(parcel.trackingNumber), parcel);
          return found;
        },
        referenceBatch,
      ),
    );
    return {
      byTrackingNumber,
      byReference,
      idempotency,
      async forget(trackingNumber, reference) {
        await tracking.delete(trackingKey(trackingNumber));
        byTrackingNumber.clear(trackingKey(trackingNumber));
        if (reference !== undefined) {
          await byOrder.delete(reference);
          byReference.clear(reference);
        }
      },
    };
  };
}
