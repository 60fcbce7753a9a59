import type {
  ErpBasketItem,
  ErpCustomer,
  ErpOrder,
  ErpPointsPosting,
  ErpServiceCase,
  Product,
  ServiceCaseCategory,
  ServiceCaseStatus,
} from './types.ts';
import { WeightedTable, type Rng } from './random.ts';
import { DAY_MS, compareText, iso } from './format.ts';

/**
 * Web shop baskets, loyalty postings and service cases of ERP customers. Drawn from their own
 * random streams after everything else, so adding them changed no earlier record.
 */
export interface CustomerActivity {
  pointsHistory: ErpPointsPosting[];
  basketItems: ErpBasketItem[];
  serviceCases: ErpServiceCase[];
}

const CASE_CATEGORIES = WeightedTable.of<ServiceCaseCategory>({ COMPLAINT: 35, WARRANTY_CLAIM: 25, DELIVERY_ISSUE: 25, INQUIRY: 15 });
const CASE_STATUSES = WeightedTable.of<ServiceCaseStatus>({ NEW: 15, IN_PROCESS: 25, WAITING_FOR_CUSTOMER: 10, RESOLVED: 20, CLOSED: 30 });
const SUBJECTS: Record<ServiceCaseCategory, readonly string[]> = {
  COMPLAINT: ['Item arrived damaged', 'Rude staff at the store', 'Charged twice', 'Wrong colour delivered'],
  WARRANTY_CLAIM: ['Stopped working after a month', 'Zip broke', 'Screen flickers', 'Seam came apart'],
  DELIVERY_ISSUE: ['Parcel not received', 'Delivered to the wrong address', 'Courier missed the slot'],
  INQUIRY: ['Invoice copy requested', 'Question about points', 'Size advice'],
};

/** Frequent buyers are likelier to have an open cart, a wishlist and a case; heavy buyers always do. */
function likelihood(base: number, orders: number, heavy: boolean): number {
  return heavy ? 1 : Math.min(0.9, base + 0.08 * orders);
}

export function generateCustomerActivity(
  rng: Rng,
  customers: readonly ErpCustomer[],
  orders: readonly ErpOrder[],
  products: readonly Product[],
  heavyPeople: ReadonlySet<string>,
  refMs: number,
): CustomerActivity {
  const ordersBy = new Map<string, ErpOrder[]>();
  for (const o of orders) {
    const list = ordersBy.get(o.soldToParty);
    if (list) list.push(o);
    else ordersBy.set(o.soldToParty, [o]);
  }
  const points = rng.fork('points');
  const baskets = rng.fork('baskets');
  const cases = rng.fork('cases');
  const out: CustomerActivity = { pointsHistory: [], basketItems: [], serviceCases: [] };
  let postingNo = 0;
  let caseNo = 0;

  for (const c of customers) {
    const own = (ordersBy.get(c.businessPartner) ?? []).filter((o) => o.rejectionStatus !== 'C');
    const heavy = heavyPeople.has(c.personId);
    const createdMs = Date.parse(c.createdAt);

    // Points: one PURCHASE per order (1 point per full yuan), some REDEMPTIONs, and a
    // balancing posting so the history always sums to the balance the ERP shows.
    const postings: Omit<ErpPointsPosting, 'postingId'>[] = own.map((o) => ({
      businessPartner: c.businessPartner,
      postedAt: o.createdAt,
      points: Math.floor(Number(o.totalNetAmount)),
      reason: 'PURCHASE' as const,
      salesOrder: o.salesOrder,
      personId: c.personId,
    }));
    for (const o of own) {
      if (!points.chance(0.15)) continue;
      postings.push({
        businessPartner: c.businessPartner,
        postedAt: o.createdAt,
        points: -points.int(1, 20) * 100,
        reason: 'REDEMPTION',
        salesOrder: o.salesOrder,
        personId: c.personId,
      });
    }
    const gap = c.points - postings.reduce((sum, p) => sum + p.points, 0);
    if (gap !== 0) {
      postings.push({
        businessPartner: c.businessPartner,
        postedAt: iso(gap > 0 ? createdMs : points.dateBetween(createdMs, refMs)),
        points: gap,
        reason: gap > 0 ? 'MIGRATION' : 'EXPIRY',
        personId: c.personId,
      });
    }
    postings.sort((a, b) => compareText(a.postedAt, b.postedAt));
    for (const p of postings) out.pointsHistory.push({ postingId: `PT${String(++postingNo).padStart(10, '0')}`, ...p });

    for (const kind of ['CART', 'WISHLIST'] as const) {
      if (!baskets.chance(likelihood(kind === 'CART' ? 0.2 : 0.15, own.length, heavy))) continue;
      const lines = baskets.int(1, 4);
      // Carts of heavy buyers are a few days old; others range up to two months.
      const newest = refMs - (heavy ? baskets.int(1, 5) : baskets.int(0, 60)) * DAY_MS - baskets.int(0, 86_399) * 1000;
      for (let i = 0; i < lines; i++) {
        const changedMs = i === 0 ? newest : newest - baskets.int(0, 20) * DAY_MS;
        out.basketItems.push({
          businessPartner: c.businessPartner,
          basket: kind,
          item: String((i + 1) * 10),
          material: baskets.pick(products).sku,
          quantity: kind === 'CART' ? baskets.int(1, 3) : 1,
          addedAt: iso(changedMs - baskets.int(0, 3) * DAY_MS),
          changedAt: iso(changedMs),
          personId: c.personId,
        });
      }
    }

    if (cases.chance(likelihood(0.05, own.length, heavy))) {
      const n = heavy ? 2 : cases.int(1, 2);
      for (let i = 0; i < n; i++) {
        const category = cases.weighted(CASE_CATEGORIES);
        const about = own.length > 0 && category !== 'INQUIRY' ? cases.pick(own) : undefined;
        const openedMs = cases.dateBetween(about ? Date.parse(about.createdAt) : createdMs, refMs);
        out.serviceCases.push({
          caseId: String(8_000_000_001 + caseNo++),
          businessPartner: c.businessPartner,
          category,
          status: cases.weighted(CASE_STATUSES),
          subject: cases.pick(SUBJECTS[category]),
          createdAt: iso(openedMs),
          changedAt: iso(cases.dateBetween(openedMs, refMs)),
          ...(about && { salesOrder: about.salesOrder }),
          personId: c.personId,
        });
      }
    }
  }
  return out;
}
