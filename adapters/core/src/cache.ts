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
  /** Observes each lookup (hit/miss metrics). @default none */
  onLookup?: (event: CacheLookupEvent) => void;
}

export interface CacheLookupEvent {
  system: SystemName;
  entity: string;
  /** `stale`: the system failed and an entry past its TTL was served instead. */
  result: 'hit' | 'miss' | 'stale';
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
    if (!entry || Date.now() - entry.at > this.ttlMs) {
      this.observe('miss');
      return undefined;
    }
    this.observe('hit');
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

  /**
   * Many keys at once, for DataLoader batch functions: fresh entries come from the store, the
   * rest from ONE `fetch` of the missing keys (aligned to them), and a key already being
   * fetched by a concurrent request waits for that fetch instead of asking again. When the
   * fetch fails, keys with an entry inside the stale window are served stale; others get the error.
   */
  async loadMany(keys: readonly string[], fetch: (missing: string[]) => Promise<T[]>): Promise<(CachedValue<T> | Error)[]> {
    const entries = await this.readMany(keys);
    const now = Date.now();
    const results: (CachedValue<T> | Error | undefined)[] = new Array(keys.length);
    const waits: Promise<void>[] = [];
    const missing: string[] = [];
    const missingAt: number[] = [];
    keys.forEach((key, i) => {
      const entry = entries[i];
      if (entry && now - entry.at <= this.ttlMs) {
        this.observe('hit');
        results[i] = { value: entry.v };
        return;
      }
      const running = this.inflight.get(key);
      if (running) {
        waits.push(
          running.then(
            (v) => void (results[i] = v),
            (e: Error) => void (results[i] = e),
          ),
        );
        return;
      }
      this.observe('miss');
      missing.push(key);
      missingAt.push(i);
    });
    if (missing.length > 0) {
      const batch = fetch(missing).then(async (values) => {
        await Promise.all(missing.map((key, j) => this.set(key, values[j] as T)));
        return values;
      });
      missing.forEach((key, j) => {
        const entry = entries[missingAt[j]!];
        const one = batch.then(
          (values): CachedValue<T> => ({ value: values[j] as T }),
          (err: unknown): CachedValue<T> => {
            const age = entry ? Date.now() - entry.at : Number.POSITIVE_INFINITY;
            if (entry && age <= this.ttlMs + this.staleMs && err instanceof AdapterError && err.code !== 'UPSTREAM_REJECTED') {
              this.observe('stale');
              return { value: entry.v, stale: { system: this.options.system, ageMs: age } };
            }
            throw err;
          },
        );
        this.inflight.set(key, one);
        void one.then(
          () => this.inflight.delete(key),
          () => this.inflight.delete(key),
        );
        waits.push(
          one.then(
            (v) => void (results[missingAt[j]!] = v),
            (e: Error) => void (results[missingAt[j]!] = e),
          ),
        );
      });
    }
    await Promise.all(waits);
    return results as (CachedValue<T> | Error)[];
  }

  private observe(result: CacheLookupEvent['result']): void {
    this.options.onLookup?.({ system: this.options.system, entity: this.options.entity, result });
  }

  private async readMany(keys: readonly string[]): Promise<(Entry<T> | undefined)[]> {
    try {
      return (await this.keyv.getMany([...keys])).map((e) => e ?? undefined);
    } catch {
      return keys.map(() => undefined);
    }
  }

  private async load(key: string, load: () => Promise<T>): Promise<CachedValue<T>> {
    const entry = await this.read(key);
    const age = entry ? Date.now() - entry.at : Number.POSITIVE_INFINITY;
    if (entry && age <= this.ttlMs) {
      this.observe('hit');
      return { value: entry.v };
    }
    this.observe('miss');
    try {
      const value = await load();
      await this.set(key, value);
      return { value };
    } catch (err) {
      const canServeStale = entry && age <= this.ttlMs + this.staleMs && err instanceof AdapterError && err.code !== 'UPSTREAM_REJECTED';
      if (canServeStale) {
        this.observe('stale');
        return { value: entry.v, stale: { system: this.options.system, ageMs: age } };
      }
      throw err;
    }
  }
}
