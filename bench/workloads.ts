import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { encodeId } from '../adapters/core/src/index.ts';
import { customer360Query } from '../gateway/src/exampleQuery.ts';
import type { Dataset } from '../legacy/dataset/src/index.ts';

/**
 * The W1 query: the start banner's customer-360 query (gateway/src/exampleQuery.ts), with the
 * phone as a variable, as a real client sends it — so every request is the same operation and
 * each gateway can reuse its query plan, while the customer differs on every request.
 */
export const CUSTOMER_360 = customer360Query('__PHONE__')
  .replace('query Customer360 {', 'query Customer360($phone: String!) {')
  .replace('"__PHONE__"', '$phone');

interface ManifestOperation {
  id: string;
  name: string;
  body: string;
}

const MANIFEST_OPERATIONS: ManifestOperation[] = (() => {
  const manifest = fileURLToPath(new URL('../schema/persisted-operations.json', import.meta.url));
  return existsSync(manifest) ? (JSON.parse(readFileSync(manifest, 'utf8')) as { operations: ManifestOperation[] }).operations : [];
})();

/** A persisted operation by name; without it in the manifest, the text (id '': no hash to send). */
function manifestOperation(name: string, fallbackBody: string): ManifestOperation {
  return MANIFEST_OPERATIONS.find((o) => o.name === name) ?? { id: '', name, body: fallbackBody };
}

/**
 * W2, the chatbot's "where is my order": the persisted operation of that name (chatbot keys may
 * run only persisted operations); retail360 is sent its hash, the peers its text.
 */
export const WHERE_IS_MY_ORDER = manifestOperation(
  'WhereIsMyOrder',
  'query WhereIsMyOrder($id: ID!) {\n  order(id: $id) { id number channel status placedAt }\n}',
);

/** W3, a partner's availability for many SKUs at once (partner keys run persisted operations only). */
export const PARTNER_AVAILABILITY_LIST = manifestOperation(
  'PartnerAvailabilityList',
  'query PartnerAvailabilityList($skus: [ID!]!, $quantity: Int = 1) { products(skus: $skus) { sku networkAvailability(quantity: $quantity) { date atp earliestDate } } }',
);

/** W6 reads: a partner's availability for one SKU. */
export const PARTNER_AVAILABILITY = manifestOperation(
  'PartnerAvailability',
  'query PartnerAvailability($sku: ID!, $quantity: Int = 1) { product(sku: $sku) { sku networkAvailability(quantity: $quantity) { date atp earliestDate } } }',
);

/** A deterministic shuffle, so every peer gets the same sequence of customers. */
export function shuffled<T>(items: readonly T[], seed = 7): T[] {
  const out = [...items];
  let s = seed >>> 0;
  for (let i = out.length - 1; i > 0; i--) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    const j = s % (i + 1);
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

/** Every person's phone, shuffled: the W1 customer sequence (each request a different customer). */
export function customerPhones(ds: Dataset): string[] {
  return shuffled(ds.people.map((p) => p.phone));
}

export interface OrderRef {
  id: string;
  system: string;
  externalId: string;
}

/** Orders from every channel, shuffled: the W2 sequence. */
export function orderRefs(ds: Dataset): OrderRef[] {
  const refs: OrderRef[] = [
    ...ds.erp.orders.map((o) => ({ system: 'ERP', externalId: o.salesOrder })),
    ...ds.pos.receipts.map((r) => ({ system: 'POS', externalId: r.id })),
    ...ds.marketplace.orders.map((o) => ({ system: 'MARKETPLACE', externalId: o.amazonOrderId })),
  ].map((r) => ({ ...r, id: encodeId('ord', r.system, r.externalId) }));
  return shuffled(refs, 11);
}

/** SKUs per W3 request. */
export const W3_SKUS_PER_REQUEST = 20;

/**
 * W3 sets: `count` sets of `size` distinct SKUs drawn from the dataset's products by a seeded
 * generator, so every request asks for a different set and every peer gets the same sequence.
 * Single SKUs recur across sets (the dataset has a few thousand products).
 */
export function skuSets(ds: Dataset, count = 4000, size = W3_SKUS_PER_REQUEST): string[][] {
  const skus = ds.products.map((p) => p.sku);
  let s = 19;
  const next = () => (s = (Math.imul(s, 1664525) + 1013904223) >>> 0);
  return Array.from({ length: count }, () => {
    const picked = new Set<string>();
    while (picked.size < Math.min(size, skus.length)) picked.add(skus[next() % skus.length]!);
    return [...picked];
  });
}

/** A cursor over a pool that records which entries were handed out (to report repeats). */
export class Pool<T> {
  private next = 0;
  private readonly lastUsed = new Map<number, number>();
  repeats = 0;
  handed = 0;

  constructor(
    readonly items: readonly T[],
    private readonly repeatWindowMs: number,
  ) {}

  take(): T {
    const i = this.next % this.items.length;
    this.next++;
    const now = Date.now();
    const last = this.lastUsed.get(i);
    if (last !== undefined && now - last < this.repeatWindowMs) this.repeats++;
    this.lastUsed.set(i, now);
    this.handed++;
    return this.items[i]!;
  }

  /** Whether the next entry was handed out within the repeat window (a cache could answer it). */
  wouldRepeat(now = Date.now()): boolean {
    const last = this.lastUsed.get(this.next % this.items.length);
    return last !== undefined && now - last < this.repeatWindowMs;
  }

  /** Counters for one measurement window. */
  window(): { handed: number; repeats: number } {
    const w = { handed: this.handed, repeats: this.repeats };
    this.handed = 0;
    this.repeats = 0;
    return w;
  }

  /** Skips ahead so the next window starts on entries not used yet (W5 replays a window). */
  get position(): number {
    return this.next;
  }
  set position(p: number) {
    this.next = p;
  }
}
