import DataLoader from 'dataloader';

/**
 * Orders a batch answer to match the keys DataLoader asked for; missing keys become null.
 * Every batch function of every adapter ends with this, so it lives once here.
 */
export function alignToKeys<K, V>(keys: readonly K[], items: readonly V[], keyOf: (item: V) => K): (V | null)[] {
  const byKey = new Map<K, V>();
  for (const item of items) byKey.set(keyOf(item), item);
  return keys.map((k) => byKey.get(k) ?? null);
}

/** Groups a batch answer per key (one-to-many, e.g. orders per customer). */
export function groupToKeys<K, V>(keys: readonly K[], items: readonly V[], keyOf: (item: V) => K): V[][] {
  const byKey = new Map<K, V[]>();
  for (const item of items) {
    const k = keyOf(item);
    const list = byKey.get(k);
    if (list) list.push(item);
    else byKey.set(k, [item]);
  }
  return keys.map((k) => byKey.get(k) ?? []);
}

export interface BatchLoaderOptions {
  /** Largest batch one upstream call can take (OData filter length, SOAP item count). @default 50 */
  maxBatchSize?: number;
}

/**
 * A per-request DataLoader whose errors stay per key: a failing batch rejects each key with the
 * batch's error instead of failing the loader for the rest of the request.
 */
export function createBatchLoader<K, V>(
  batch: (keys: readonly K[]) => Promise<(V | Error)[]>,
  options: BatchLoaderOptions = {},
): DataLoader<K, V> {
  return new DataLoader<K, V>(
    async (keys) => {
      try {
        return await batch(keys);
      } catch (err) {
        return keys.map(() => (err instanceof Error ? err : new Error(String(err))));
      }
    },
    { maxBatchSize: options.maxBatchSize ?? 50, cache: true },
  );
}
