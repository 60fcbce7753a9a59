import DataLoader from 'dataloader';
import { EntityCache, type CacheStore, type SystemName } from '../../../adapters/core/src/index.ts';
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
} as const;

export type CachedEntity = keyof typeof CACHE_POLICY;

/** A process-wide cache for one system's entity, under the policy above. */
export function entityCache<V>(store: CacheStore, system: SystemName, entity: CachedEntity): EntityCache<V> {
  return new EntityCache<V>({ store, system, entity, ...CACHE_POLICY[entity] });
}

/** Stale answers served during this request: the oldest age per system. */
export class StaleReads {
  private readonly bySystem = new Map<string, number>();

  add(system: string, ageMs: number): void {
    this.bySystem.set(system, Math.max(ageMs, this.bySystem.get(system) ?? 0));
  }

  merge(entries: readonly { system: string; ageMs: number }[]): void {
    for (const e of entries) this.add(e.system, e.ageMs);
  }

  toJSON(): { system: string; ageMs: number }[] {
    return [...this.bySystem].map(([system, ageMs]) => ({ system, ageMs: Math.round(ageMs) }));
  }

  get size(): number {
    return this.bySystem.size;
  }
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
