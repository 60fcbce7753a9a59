import DataLoader from 'dataloader';
import { EntityCache, type CacheLookupEvent, type CacheStore, type SystemName } from '../../../adapters/core/src/index.ts';
import type { SubgraphContext } from './context.ts';

/**
 * How long each entity may be served from cache (fresh), and how much longer it may be
 * served when its system fails (stale, marked in the response). One table, so operations
 * can read the whole policy in one place (docs/resilience.md repeats it).
 */
export const CACHE_POLICY = {
  customerSearch: { ttlMs: 60_000, staleMs: 15 * 60_000 },
  customerById: { ttlMs: 5 * 60_000, staleMs: 60 * 60_000 },
  ordersByCustomer: { ttlMs: 30_000, staleMs: 15 * 60_000 },
  orderById: { ttlMs: 30_000, staleMs: 15 * 60_000 },
  orderLines: { ttlMs: 10 * 60_000, staleMs: 24 * 60 * 60_000 },
  product: { ttlMs: 10 * 60_000, staleMs: 24 * 60 * 60_000 },
  // Inventory: stock moves, so it is fresh only briefly and dropped after every graph write.
  locations: { ttlMs: 10 * 60_000, staleMs: 24 * 60 * 60_000 },
  stock: { ttlMs: 15_000, staleMs: 5 * 60_000 },
  storePrices: { ttlMs: 10 * 60_000, staleMs: 24 * 60 * 60_000 },
  // Tracking: parcels move by the hour, a customer asks by the minute; dropped after an intercept.
  tracking: { ttlMs: 60_000, staleMs: 30 * 60_000 },
  shipmentsByOrder: { ttlMs: 60_000, staleMs: 30 * 60_000 },
} as const;

export type CachedEntity = keyof typeof CACHE_POLICY;

const lookupObservers = new WeakMap<object, (event: CacheLookupEvent) => void>();

/**
 * Hit/miss observer for every cache built on `store`, set by the process that owns the store
 * (metrics), so subgraphs need not pass it along.
 */
export function observeCacheLookups(store: CacheStore, onLookup: (event: CacheLookupEvent) => void): void {
  lookupObservers.set(store, onLookup);
}

const ttlScales = new WeakMap<object, number>();

/**
 * Multiplies the TTL and stale window of every cache built on `store` afterwards
 * (CACHE_TTL_SCALE), set by the process that owns the store, so subgraphs need not pass it.
 */
export function scaleCachePolicy(store: CacheStore, scale: number): void {
  ttlScales.set(store, scale);
}

/** A process-wide cache for one system's entity, under the policy above. */
export function entityCache<V>(store: CacheStore, system: SystemName, entity: CachedEntity): EntityCache<V> {
  const scale = ttlScales.get(store) ?? 1;
  const { ttlMs, staleMs } = CACHE_POLICY[entity];
  return new EntityCache<V>({
    store,
    system,
    entity,
    ttlMs: ttlMs * scale,
    staleMs: staleMs * scale,
    onLookup: (event) => lookupObservers.get(store)?.(event),
  });
}

/**
 * A per-request DataLoader in front of a process-wide cache: one batched upstream call for
 * the keys not cached, stale-if-error, and a batch failure rejects each key with its error.
 */
export function cachedLoader<V>(
  ctx: Pick<SubgraphContext, 'stale'>,
  cache: EntityCache<V>,
  fetch: (keys: string[]) => Promise<V[]>,
  maxBatchSize: number,
): DataLoader<string, V> {
  return new DataLoader<string, V>(
    async (keys) => {
      const results = await cache.loadMany(keys, fetch).catch((e: Error) => keys.map(() => e));
      return results.map((r) => {
        if (r instanceof Error) return r;
        if (r.stale) ctx.stale.add(r.stale.system, r.stale.ageMs);
        return r.value;
      });
    },
    { maxBatchSize },
  );
}
