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
