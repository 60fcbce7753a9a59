import type { Dataset, ErpCustomer } from '../../legacy/dataset/src/index.ts';

/** People in the seeded dataset that the customer tests need (not a test file). */

export interface Showcase {
  erp: ErpCustomer;
  posIds: string[];
  marketplaceEmails: string[];
}

/** Someone with every section of the 360 screen: records in three systems, cards, cart, wishlist, cases. */
export function findShowcase(ds: Dataset): Showcase {
  const has = (bp: string, kind: 'CART' | 'WISHLIST') =>
    (ds.erp.basketItems ?? []).some((b) => b.businessPartner === bp && b.basket === kind);
  const realEmail = new Map(ds.people.map((p) => [p.personId, p.email.trim().toLowerCase()]));
  for (const erp of ds.erp.customers) {
    if (!erp.cards.some((c) => c.kind === 'GIFT') || !erp.cards.some((c) => c.kind === 'MEMBER')) continue;
    if (!has(erp.businessPartner, 'CART') || !has(erp.businessPartner, 'WISHLIST')) continue;
    if (!(ds.erp.serviceCases ?? []).some((c) => c.businessPartner === erp.businessPartner)) continue;
    if (!(ds.erp.pointsHistory ?? []).some((p) => p.businessPartner === erp.businessPartner)) continue;
    if (!ds.erp.orders.some((o) => o.soldToParty === erp.businessPartner)) continue;
    const posIds = ds.pos.customers.filter((c) => c.personId === erp.personId).map((c) => c.id);
    const posSales = ds.pos.receipts.some((r) => posIds.includes(r.customerId ?? ''));
    // Marketplace buyers are joinable only under their real address (relay addresses stand for an order).
    const marketplaceEmails = [
      ...new Set(
        ds.marketplace.orders
          .filter((o) => o.personId === erp.personId && o.buyerEmail.trim().toLowerCase() === realEmail.get(erp.personId))
          .map((o) => o.buyerEmail.trim().toLowerCase()),
      ),
    ];
    if (posIds.length > 0 && posSales && marketplaceEmails.length > 0) return { erp, posIds, marketplaceEmails };
  }
  throw new Error('no showcase customer in this dataset');
}

/** Two different people whose ERP records carry the same name but live at different postcodes. */
export function findNamesakes(ds: Dataset): [ErpCustomer, ErpCustomer] {
  const byName = new Map<string, ErpCustomer[]>();
  for (const c of ds.erp.customers) {
    const k = `${c.firstName} ${c.lastName}`;
    byName.set(k, [...(byName.get(k) ?? []), c]);
  }
  for (const group of byName.values()) {
    const [a, b] = group;
    if (a && b && group.length === 2 && a.personId !== b.personId && a.address.postcode !== b.address.postcode) return [a, b];
  }
  throw new Error('no namesakes in this dataset');
}

/** Someone only the tills know, with a phone to find them by. */
export function findPosOnly(ds: Dataset, not: ReadonlySet<string>) {
  const inErp = new Set(ds.erp.customers.map((c) => c.personId));
  const inMarketplace = new Set(ds.marketplace.orders.map((o) => o.personId));
  const counts = new Map<string, number>();
  for (const c of ds.pos.customers) counts.set(c.personId, (counts.get(c.personId) ?? 0) + 1);
  const found = ds.pos.customers.find(
    (c) =>
      c.phoneNumber && !inErp.has(c.personId) && !inMarketplace.has(c.personId) && counts.get(c.personId) === 1 && !not.has(c.personId),
  );
  if (!found) throw new Error('no POS-only person in this dataset');
  return found;
}
