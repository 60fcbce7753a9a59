import type { Location, PosCustomer, PosOrderState, PosReceipt, PosTender, PosTenderType } from './types.ts';
import { BASE62, WeightedTable, uniqueDraw, type Rng } from './random.ts';
import { flat, HOUR_MS, MINUTE_MS, ageDays, decimalToFen, iso, localDate, pad, compareText } from './format.ts';
import type { PersonPlan } from './generatePeople.ts';
import { storePriceOf, type ProductTables } from './generateProducts.ts';
import { allocateOrders, ensureCoverage, pickLines, pickOrderTime, storeHours, type DraftLine } from './orderShared.ts';
import type { ShipmentPlan } from './generateShipments.ts';

const CARD_BRANDS = WeightedTable.of({ CHINA_UNIONPAY: 50, VISA: 25, MASTERCARD: 20, AMERICAN_EXPRESS: 3, JCB: 2 });
/** OTHER is how the till records WeChat Pay / Alipay. */
const TENDER_TYPES = WeightedTable.of<PosTenderType>({ CARD: 45, OTHER: 30, CASH: 15, SQUARE_GIFT_CARD: 10 });

interface Wallet {
  brand: string;
  last4: string;
  giftLast4: string;
}

interface Draft {
  store: Location;
  createdMs: number;
  customer?: PosCustomer;
  plan?: PersonPlan;
  lines: DraftLine[];
  state: PosOrderState;
}

interface PosReceiptResult {
  receipts: PosReceipt[];
  shipments: ShipmentPlan[];
}

function stateForAge(rng: Rng, age: number): PosOrderState {
  if (rng.chance(0.02)) return 'CANCELED';
  // Open tickets are parked sales; old ones are the odd layaway.
  if (age < 1) return rng.chance(0.25) ? 'OPEN' : 'COMPLETED';
  return rng.chance(0.003) ? 'OPEN' : 'COMPLETED';
}

export function generatePosReceipts(
  rng: Rng,
  plans: readonly PersonPlan[],
  customers: readonly PosCustomer[],
  locations: readonly Location[],
  tables: ProductTables,
  total: number,
  refMs: number,
): PosReceiptResult {
  const stores = locations.filter((l) => l.kind === 'STORE');
  const storeByCode = new Map(stores.map((s) => [s.code, s]));
  const hoursByStore = new Map(stores.map((s) => [s.code, storeHours(s.peakHours)]));
  const traffic = new WeightedTable(stores.map((s) => [s, rng.float(0.6, 1.4)] as const));
  const customerByPerson = new Map(customers.map((c) => [c.personId, c]));
  const candidates = plans.filter((p) => p.inPos);
  const identifiedTarget = Math.round(total * 0.65);
  const counts = allocateOrders(rng, candidates, identifiedTarget, { atLeastOne: false, inactiveShare: 0.1, heavyRange: [10, 16] });

  const drafts: Draft[] = [];
  const draft = (store: Location, minMs: number, customer?: PosCustomer, plan?: PersonPlan) => {
    const createdMs = pickOrderTime(rng, refMs, minMs, hoursByStore.get(store.code) ?? storeHours([]));
    drafts.push({
      store,
      createdMs,
      ...(customer ? { customer } : {}),
      ...(plan ? { plan } : {}),
      lines: pickLines(rng, tables.stocked, 5),
      state: stateForAge(rng, ageDays(refMs, createdMs)),
    });
  };
  let identified = 0;
  for (const plan of candidates) {
    const customer = customerByPerson.get(plan.person.personId);
    if (!customer) continue;
    for (let i = 0; i < (counts.get(plan.person.personId) ?? 0); i++) {
      const home = storeByCode.get(plan.homeStore);
      const store = home && rng.chance(0.75) ? home : rng.weighted(traffic);
      draft(store, Date.parse(customer.createdAt), customer, plan);
      identified++;
    }
  }
  for (let i = identified; i < total; i++) draft(rng.weighted(traffic), refMs - 400 * 86_400_000);

  drafts.sort((a, b) => a.createdMs - b.createdMs || compareText(a.store.code, b.store.code));
  const recent = drafts.filter((d) => ageDays(refMs, d.createdMs) < 3).reverse();
  ensureCoverage(
    recent,
    ['OPEN', 'CANCELED'] as const,
    2,
    (d) => d.state,
    (d, s) => (d.state = s),
  );

  const wallets = new Map<string, Wallet>();
  const walletOf = (personId?: string): Wallet => {
    const fresh = () => ({ brand: rng.weighted(CARD_BRANDS), last4: rng.digits(4), giftLast4: rng.digits(4) });
    if (!personId) return fresh();
    const w = wallets.get(personId) ?? fresh();
    wallets.set(personId, w);
    return w;
  };
  const ids = new Set<string>();
  const perStoreDay = new Map<string, number>();
  const receipts: PosReceipt[] = [];
  const shipments: ShipmentPlan[] = [];
  for (const d of drafts) {
    const dayKey = `${d.store.code}-${localDate(d.createdMs).replaceAll('-', '')}`;
    const seq = (perStoreDay.get(dayKey) ?? 0) + 1;
    perStoreDay.set(dayKey, seq);
    const lineItems = d.lines.map((line) => {
      const base = decimalToFen(storePriceOf(line.product, d.store.code));
      return {
        uid: rng.string(22, BASE62),
        sku: line.product.sku,
        name: line.product.name,
        quantity: line.quantity,
        basePriceMoney: base,
        totalMoney: base * line.quantity,
      };
    });
    const totalMoney = lineItems.reduce((sum, li) => sum + li.totalMoney, 0);
    const id = uniqueDraw(ids, () => rng.string(27, BASE62));
    const tenders: PosTender[] = [];
    if (d.state === 'COMPLETED') {
      const wallet = walletOf(d.plan?.person.personId);
      const tender = (type: PosTenderType, amountMoney: number): PosTender => ({
        id: rng.string(27, BASE62),
        type,
        amountMoney,
        ...(type === 'CARD' ? { cardBrand: wallet.brand, cardLast4: wallet.last4 } : {}),
        ...(type === 'SQUARE_GIFT_CARD' ? { cardBrand: 'SQUARE_GIFT_CARD', cardLast4: wallet.giftLast4 } : {}),
      });
      if (totalMoney >= 2_000 && rng.chance(0.1)) {
        const gift = Math.round((totalMoney * rng.float(0.1, 0.6)) / 100) * 100;
        tenders.push(tender('SQUARE_GIFT_CARD', gift), tender('CARD', totalMoney - gift));
      } else {
        tenders.push(tender(rng.weighted(TENDER_TYPES), totalMoney));
      }
    }
    const closedMs = d.state === 'OPEN' ? undefined : Math.min(refMs, d.createdMs + rng.int(1, 8) * MINUTE_MS);
    const receipt: PosReceipt = {
      id,
      receiptNumber: flat(`${dayKey}-${pad(seq, 4)}`),
      locationId: d.store.posLocationId ?? d.store.code,
      storeCode: d.store.code,
      state: d.state,
      createdAt: iso(d.createdMs),
      updatedAt: iso(closedMs ?? d.createdMs),
      lineItems,
      tenders,
      totalMoney,
    };
    if (closedMs !== undefined) receipt.closedAt = iso(closedMs);
    if (d.customer && d.plan) {
      receipt.customerId = d.customer.id;
      receipt.personId = d.plan.person.personId;
      // Endless aisle: the store ships the purchase to the customer's home.
      if (d.state === 'COMPLETED' && rng.chance(0.04)) {
        const shipMs = Math.min(refMs, d.createdMs + rng.int(4, 30) * HOUR_MS);
        shipments.push({ orderSystem: 'POS', orderId: id, fromLocation: d.store.code, shipMs, personId: d.plan.person.personId });
      }
    }
    receipts.push(receipt);
  }
  return { receipts, shipments };
}
