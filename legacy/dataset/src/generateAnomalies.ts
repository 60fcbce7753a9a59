import { BASE62, type Rng } from './random.ts';
import { fenToDecimal, iso, localDate, localMidnight } from './format.ts';
import type { ErpCustomer, ErpOrder, Location, PosCustomer, PosReceipt, Product } from './types.ts';

/**
 * Planted anomalies for the analytics detectors: added after every other record is drawn (from
 * their own random stream), so nothing generated before them changes. docs/dataset.md lists them.
 */
export interface PlantedAnomaly {
  kind: 'TILL_OUTAGE' | 'PROMOTION_SPIKE';
  /** What a detector should flag: scope, key and local business day. */
  scope: 'STORE' | 'CHANNEL' | 'SKU';
  key: string;
  day: string;
  direction: 'LOW' | 'HIGH';
  description: string;
  /** Other (scope, key) pairs the same event legitimately moves on that day. */
  alsoMoves: { scope: 'STORE' | 'CHANNEL' | 'SKU'; key: string }[];
}

export interface AnomalyInputs {
  locations: readonly Location[];
  products: readonly Product[];
  erpCustomers: readonly ErpCustomer[];
  erpOrders: readonly ErpOrder[];
  posCustomers: readonly PosCustomer[];
  receipts: readonly PosReceipt[];
}

export interface GeneratedAnomalies {
  receipts: PosReceipt[];
  erpOrders: ErpOrder[];
  planted: PlantedAnomaly[];
}

const DAY_MS = 86_400_000;
/** Below this scale the daily volumes are too thin for any detector: nothing is planted. */
export const MIN_SCALE = 0.5;
/** The flagship's steady walk-in trade: enough volume that a dead till shows. */
const WALK_IN_DAYS = 84;
/** People with fewer ERP and POS orders than this may be given planted sales. */
const LIGHT_BUYER_ORDERS = 3;
/** Walk-in receipts per ordinary receipt of the whole chain that day: the flagship follows the season. */
const WALK_IN_RATIO = 0.45;
/** The outage falls on the flagship's quietest day (fewest ordinary receipts) this many days back. */
const OUTAGE_WINDOW = [4, 12] as const;
/** Days before the reference date of the promotion (moved a day if that is the outage day). */
const PROMOTION_DAYS_AGO = 9;
const PROMOTION_ORDERS = 45;
/** Which sellable product is promoted (a stable pick, not a random one, so it can be named without the stream). */
const PROMOTED_INDEX = 7;

/** Walk-in receipts are numbered from here, apart from the till's ordinary sequence. */
const WALK_IN_SEQUENCE = 7000;

/**
 * The event days: the outage on the flagship's day with the fewest ordinary receipts in the
 * window (so the hand-keyed remainder is small), the promotion on a fixed day. Works on the
 * receipts before or after planting (walk-in receipts are told apart by their number).
 */
function eventDays(storeCode: string, receipts: readonly PosReceipt[], today: number): { outageDay: number; promoDay: number } {
  const ordinary = new Map<string, number>();
  for (const r of receipts) {
    if (r.storeCode !== storeCode || Number(r.receiptNumber.split('-')[2]) >= WALK_IN_SEQUENCE) continue;
    const day = localDate(Date.parse(r.createdAt));
    ordinary.set(day, (ordinary.get(day) ?? 0) + 1);
  }
  let outageDay = today - OUTAGE_WINDOW[0] * DAY_MS;
  let fewest = Number.POSITIVE_INFINITY;
  for (let d = OUTAGE_WINDOW[0]; d <= OUTAGE_WINDOW[1]; d++) {
    const day = today - d * DAY_MS;
    const n = ordinary.get(localDate(day)) ?? 0;
    if (n < fewest) [fewest, outageDay] = [n, day];
  }
  const promo = today - PROMOTION_DAYS_AGO * DAY_MS;
  return { outageDay, promoDay: promo === outageDay ? promo - DAY_MS : promo };
}

function id(rng: Rng, length: number): string {
  let out = '';
  for (let i = 0; i < length; i++) out += BASE62[rng.int(0, BASE62.length - 1)];
  return out;
}

export function generateAnomalies(rng: Rng, inputs: AnomalyInputs, refMs: number, scale: number): GeneratedAnomalies {
  if (scale < MIN_SCALE) return { receipts: [], erpOrders: [], planted: [] };
  const stores = inputs.locations.filter((l) => l.kind === 'STORE');
  const flagship = stores[0];
  const sellable = inputs.products.filter((p) => !p.dropShip);
  if (!flagship?.posLocationId || sellable.length === 0 || inputs.erpCustomers.length === 0)
    return { receipts: [], erpOrders: [], planted: [] };
  const today = localMidnight(refMs);
  const { outageDay, promoDay } = eventDays(flagship.code, inputs.receipts, today);
  const chainDaily = new Map<string, number>();
  for (const r of inputs.receipts) {
    const day = localDate(Date.parse(r.createdAt));
    chainDaily.set(day, (chainDaily.get(day) ?? 0) + 1);
  }
  const receipts: PosReceipt[] = [];
  // Only light buyers get the planted sales, so the documented heaviest buyers stay who they are.
  const orders = new Map<string, number>();
  for (const o of [...inputs.erpOrders, ...inputs.receipts]) if (o.personId) orders.set(o.personId, (orders.get(o.personId) ?? 0) + 1);
  const light = (personId: string) => (orders.get(personId) ?? 0) < LIGHT_BUYER_ORDERS;
  const customers = inputs.posCustomers.filter((c) => light(c.personId));

  // Walk-in receipts at the flagship every day of the last ten weeks, none on the outage day.
  for (let d = WALK_IN_DAYS; d >= 1; d--) {
    const day = today - d * DAY_MS;
    if (day === outageDay) continue;
    const n = Math.round(WALK_IN_RATIO * (chainDaily.get(localDate(day)) ?? 0)) + rng.int(0, 1);
    const date = localDate(day).replace(/-/g, '');
    for (let i = 0; i < n; i++) {
      const product = rng.pick(sellable);
      const quantity = rng.int(1, 2);
      const price = Math.round(Number(product.storePrices[flagship.code] ?? product.price) * 100);
      const at = day + rng.int(10 * 3600, 21 * 3600) * 1000;
      const drawn = rng.chance(0.6) && customers.length > 0 ? rng.pick(customers) : undefined;
      // A profile created after the sale cannot be on it: the sale stays anonymous then.
      const customer = drawn && Date.parse(drawn.createdAt) < at ? drawn : undefined;
      const total = price * quantity;
      receipts.push({
        id: id(rng, 27),
        receiptNumber: `${flagship.code}-${date}-${String(WALK_IN_SEQUENCE + i).padStart(4, '0')}`,
        locationId: flagship.posLocationId,
        storeCode: flagship.code,
        ...(customer && { customerId: customer.id, personId: customer.personId }),
        state: 'COMPLETED',
        createdAt: iso(at),
        updatedAt: iso(at + 60_000),
        closedAt: iso(at + 60_000),
        lineItems: [{ uid: id(rng, 22), sku: product.sku, name: product.name, quantity, basePriceMoney: price, totalMoney: total }],
        tenders: [{ id: id(rng, 22), type: 'CASH', amountMoney: total }],
        totalMoney: total,
      });
    }
  }

  // A one-day web promotion of one product: extra web-shop orders, each a single line of it.
  const promoted = sellable[Math.min(sellable.length - 1, PROMOTED_INDEX)] as Product;
  const lastNumber = inputs.erpOrders.reduce((m, o) => Math.max(m, Number(o.salesOrder)), 1_000_000_000);
  const erpOrders: ErpOrder[] = [];
  const signedUp = inputs.erpCustomers.filter((c) => Date.parse(c.createdAt) < promoDay && light(c.personId));
  for (let i = 0; i < PROMOTION_ORDERS && signedUp.length > 0; i++) {
    const customer = rng.pick(signedUp);
    const quantity = rng.int(1, 2);
    const netAmount = fenToDecimal(Math.round(Number(promoted.price) * 100) * quantity);
    const at = promoDay + rng.int(9 * 3600, 22 * 3600) * 1000;
    const salesOrder = String(lastNumber + 1 + i);
    erpOrders.push({
      salesOrder,
      salesOrderType: 'OR',
      distributionChannel: '10',
      soldToParty: customer.businessPartner,
      purchaseOrderByCustomer: `W${localDate(at).slice(0, 4)}-P${String(i + 1).padStart(5, '0')}`,
      createdAt: iso(at),
      changedAt: iso(at + 3_600_000),
      processStatus: 'C',
      deliveryStatus: 'C',
      deliveryBlockReason: '',
      rejectionStatus: '',
      totalNetAmount: netAmount,
      currency: 'CNY',
      items: [
        {
          item: '10',
          material: promoted.sku,
          quantity,
          netPrice: promoted.price,
          netAmount,
          shippingCondition: '01',
          requestedDeliveryDate: localDate(at + 2 * DAY_MS),
        },
      ],
      personId: customer.personId,
    });
  }

  return { receipts, erpOrders, planted: plantedAnomalies(inputs.locations, inputs.products, inputs.receipts, refMs, scale) };
}

/** The planted events of a dataset, from what it was generated from (the generator plants exactly these). */
export function plantedAnomalies(
  locations: readonly Location[],
  products: readonly Product[],
  receipts: readonly PosReceipt[],
  refMs: number,
  scale: number,
): PlantedAnomaly[] {
  if (scale < MIN_SCALE) return [];
  const flagship = locations.find((l) => l.kind === 'STORE');
  const sellable = products.filter((p) => !p.dropShip);
  const promoted = sellable[Math.min(sellable.length - 1, PROMOTED_INDEX)];
  if (!flagship || !promoted) return [];
  const today = localMidnight(refMs);
  const { outageDay, promoDay } = eventDays(flagship.code, receipts, today);
  return [
    {
      kind: 'TILL_OUTAGE',
      scope: 'STORE',
      key: flagship.code,
      day: localDate(outageDay),
      direction: 'LOW',
      description: `${flagship.code}'s tills were down all day: its usual walk-in trade is missing, only receipts keyed in by hand remain.`,
      alsoMoves: [{ scope: 'CHANNEL', key: 'STORE' }],
    },
    {
      kind: 'PROMOTION_SPIKE',
      scope: 'SKU',
      key: promoted.sku,
      day: localDate(promoDay),
      direction: 'HIGH',
      description: `A one-day web promotion of ${promoted.sku}: ${PROMOTION_ORDERS} extra web-shop orders.`,
      alsoMoves: [{ scope: 'CHANNEL', key: 'WEB' }],
    },
  ];
}
