import Keyv, { type KeyvStoreAdapter } from 'keyv';
import { AdapterError } from './AdapterError.ts';
import type { SystemName } from './model.ts';

/** Where cache entries live: one keyv store per process (memory) or shared (Redis). */
export type CacheStore = KeyvStoreAdapter | Map<unknown, unknown>;

/** Keyv takes a Map or an adapter; one cast, here. */
export function keyvOf<T>(store: CacheStore | undefined, namespace: string): Keyv<T> {
  const keyv = new Keyv<T>({ store: (store ?? new Map()) as KeyvStoreAdapter, namespace, throwOnErrors: false });
  keyv.on('error', () => {
    /* a broken store degrades to uncached reads */
  });
  return keyv;
}

export interface EntityCacheOptions {
  system: SystemName;
  /** Entity name, part of the namespace, e.g. "customer". */
  entity: string;
  /** How long an entry is fresh, in ms. */
  ttlMs: number;
  /** How long past `ttlMs` an entry may still be served when the system fails, in ms. @default 0 */
  staleMs?: number;
  /** Backing store shared by every cache. @default an in-memory Map */
  store?: CacheStore;
}

export interface CachedValue<T> {
  value: T;
  /** Present when served past its TTL because the system failed. */
  stale?: { system: SystemName; ageMs: number };
}

interface Entry<T> {
  v: T;
  at: number;
}

/**
 * A cache for one system's entity: explicit TTL, single-flight loads, stale-if-error.
 * A failing store (Redis down) never fails a read: the value is loaded from the system instead.
 */
export class EntityCache<T> {
  private readonly keyv: Keyv<Entry<T>>;
  private readonly inflight = new Map<string, Promise<CachedValue<T>>>();
  private readonly ttlMs: number;
  private readonly staleMs: number;

  constructor(private readonly options: EntityCacheOptions) {
    this.ttlMs = options.ttlMs;
    this.staleMs = options.staleMs ?? 0;
    this.keyv = keyvOf<Entry<T>>(options.store, `${options.system.toLowerCase()}:${options.entity}`);
  }

  async get(key: string): Promise<CachedValue<T> | undefined> {
    const entry = await this.read(key);
    if (!entry || Date.now() - entry.at > this.ttlMs) return undefined;
    return { value: entry.v };
  }

  async getOrLoad(key: string, load: () => Promise<T>): Promise<CachedValue<T>> {
    const running = this.inflight.get(key);
    if (running) return running;
    const promise = this.load(key, load).finally(() => this.inflight.delete(key));
    this.inflight.set(key, promise);
    return promise;
  }

  async set(key: string, value: T): Promise<void> {
    try {
      await this.keyv.set(key, { v: value, at: Date.now() }, this.ttlMs + this.staleMs);
    } catch {
      /* store down: nothing cached, nothing lost */
    }
  }

  async delete(key: string): Promise<void> {
    try {
      await this.keyv.delete(key);
    } catch {
      /* store down: entries expire by TTL */
    }
  }

  private async read(key: string): Promise<Entry<T> | undefined> {
    try {
      return (await this.keyv.get(key)) ?? undefined;
    } catch {
      return undefined;
    }
  }

  private async load(key: string, load: () => Promise<T>): Promise<CachedValue<T>> {
    const entry = await this.read(key);
    const age = entry ? Date.now() - entry.at : Number.POSITIVE_INFINITY;
    if (entry && age <= this.ttlMs) return { value: entry.v };
    try {
      const value = await load();
      await this.set(key, value);
      return { value };
    } catch (err) {
      const canServeStale = entry && age <= this.ttlMs + this.staleMs && err instanceof AdapterError && err.code !== 'UPSTREAM_REJECTED';
      if (canServeStale) return { value: entry.v, stale: { system: this.options.system, ageMs: age } };
      throw err;
    }
  }
}
