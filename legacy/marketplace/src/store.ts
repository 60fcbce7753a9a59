import type { Dataset, MarketplaceChannel, MarketplaceOrder, Product } from '../../dataset/src/index.ts';

export interface StoredOrder {
  order: MarketplaceOrder;
  /** BuyerEmail as matched by getOrders: trimmed, lower-cased. */
  emailKey: string;
  purchaseMs: number;
  updatedMs: number;
}

/** A package the seller confirmed, as the simulator keeps it (tests read it). */
export interface ConfirmedPackage {
  packageReferenceId: string;
  carrierCode: string;
  trackingNumber: string;
  shipDate: string;
  orderItems: { orderItemId: string; quantity: number }[];
}

export type DateField = 'purchase' | 'updated';

/** Position in a date-ordered listing: the last order returned. */
export interface Cursor {
  at: number;
  id: string;
}

export const emailKey = (email: string): string => email.trim().toLowerCase();

const keyOf = (o: StoredOrder, field: DateField): number => (field === 'purchase' ? o.purchaseMs : o.updatedMs);

const compare = (field: DateField) => (a: StoredOrder, b: StoredOrder) =>
  keyOf(a, field) - keyOf(b, field) ||
  (a.order.amazonOrderId < b.order.amazonOrderId ? -1 : a.order.amazonOrderId > b.order.amazonOrderId ? 1 : 0);

/**
 * The simulator's own copy of the marketplace orders (cloned, so later writes never touch the
 * shared dataset), indexed by id and ordered by both dates getOrders can select on.
 */
export class OrderStore {
  private readonly byId = new Map<string, StoredOrder>();
  private readonly ordered: Record<DateField, StoredOrder[]>;
  /** Orders by `emailKey`, which never changes: a buyer's history without walking every order. */
  private readonly byEmail = new Map<string, StoredOrder[]>();
  private readonly products = new Map<string, Product>();
  private readonly packages = new Map<string, ConfirmedPackage[]>();
  /** MarketplaceId → channel, for every marketplace the seller sells in. */
  readonly marketplaces = new Map<string, MarketplaceChannel>();

  constructor(dataset: Dataset) {
    for (const product of dataset.products) this.products.set(product.sku, product);
    const all: StoredOrder[] = [];
    for (const source of dataset.marketplace.orders) {
      const order = structuredClone(source);
      const stored = {
        order,
        emailKey: emailKey(order.buyerEmail),
        purchaseMs: Date.parse(order.purchaseDate),
        updatedMs: Date.parse(order.lastUpdateDate),
      };
      this.byId.set(order.amazonOrderId, stored);
      const sameBuyer = this.byEmail.get(stored.emailKey);
      if (sameBuyer) sameBuyer.push(stored);
      else this.byEmail.set(stored.emailKey, [stored]);
      this.marketplaces.set(order.marketplaceId, order.channel);
      all.push(stored);
    }
    this.ordered = { purchase: [...all].sort(compare('purchase')), updated: [...all].sort(compare('updated')) };
  }

  get size(): number {
    return this.byId.size;
  }

  get(amazonOrderId: string): StoredOrder | undefined {
    return this.byId.get(amazonOrderId);
  }

  /** Packages confirmed through confirmShipment, oldest first. */
  packagesOf(amazonOrderId: string): readonly ConfirmedPackage[] {
    return this.packages.get(amazonOrderId) ?? [];
  }

  /** Keeps a confirmed package and moves the order's LastUpdateDate (and its place in that order). */
  recordPackage(stored: StoredOrder, pkg: ConfirmedPackage, now: number): void {
    const id = stored.order.amazonOrderId;
    this.packages.set(id, [...this.packagesOf(id), pkg]);
    stored.updatedMs = Math.max(stored.updatedMs, now);
    stored.order.lastUpdateDate = new Date(stored.updatedMs).toISOString();
    this.ordered.updated.sort(compare('updated'));
  }

  product(sku: string): Product | undefined {
    return this.products.get(sku);
  }

  /**
   * Orders with `field` in [from, to], after `cursor`, in ascending date order, that pass `keep`;
   * at most `limit`, plus whether more exist. With `buyerEmail` (an `emailKey`), only that buyer's
   * orders are walked: `keep` must then refuse every other buyer's.
   */
  scan(
    field: DateField,
    from: number,
    to: number,
    cursor: Cursor | undefined,
    limit: number,
    keep: (o: StoredOrder) => boolean,
    buyerEmail?: string,
  ): { page: StoredOrder[]; more: boolean } {
    // The same total order as `ordered[field]`, so the buyer's list is that list's subsequence.
    const list = buyerEmail === undefined ? this.ordered[field] : [...(this.byEmail.get(buyerEmail) ?? [])].sort(compare(field));
    let i = lowerBound(list, (o) => keyOf(o, field) >= from);
    if (cursor) {
      const c = cursor;
      i = Math.max(
        i,
        lowerBound(list, (o) => keyOf(o, field) > c.at || (keyOf(o, field) === c.at && o.order.amazonOrderId > c.id)),
      );
    }
    const page: StoredOrder[] = [];
    for (; i < list.length; i++) {
      const o = list[i]!;
      if (keyOf(o, field) > to) break;
      if (!keep(o)) continue;
      if (page.length === limit) return { page, more: true };
      page.push(o);
    }
    return { page, more: false };
  }
}

/** First index whose element satisfies `atOrAfter` (which must be monotone over the list). */
function lowerBound<T>(list: readonly T[], atOrAfter: (item: T) => boolean): number {
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (atOrAfter(list[mid]!)) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}
