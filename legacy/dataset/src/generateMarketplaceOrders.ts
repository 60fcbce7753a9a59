import type { MarketplaceChannel, MarketplaceOrder, MarketplaceOrderStatus } from './types.ts';
import { LOWER_ALNUM, WeightedTable, byAge, uniqueDraw, type Rng } from './random.ts';
import { flat, DAY_MS, HOUR_MS, MINUTE_MS, ageDays, decimalToFen, fenToDecimal, iso, compareText } from './format.ts';
import type { PersonPlan } from './generatePeople.ts';
import type { ProductTables } from './generateProducts.ts';
import { SUPPLIER_CODE } from './generateLocations.ts';
import { ONLINE_HOURS, allocateOrders, ensureCoverage, pickLines, pickOrderTime, type DraftLine } from './orderShared.ts';
import { MARKETPLACE_PHONE_STYLES, varyEmail, varyPhone } from './spelling.ts';
import type { ShipmentPlan } from './generateShipments.ts';

/** Amazon.cn's real marketplace id; the JD one is made up in the same shape. */
export const MARKETPLACE_IDS: Record<MarketplaceChannel, string> = {
  AMAZON: 'AAHKV2X7AFYLW',
  JD: 'A3JDCN7Q4PXR2M',
};
const RELAY_DOMAIN: Record<MarketplaceChannel, string> = {
  AMAZON: 'marketplace.amazon.cn',
  JD: 'relay.jd.com',
};

const ALL_STATUSES: readonly MarketplaceOrderStatus[] = [
  'PendingAvailability',
  'Pending',
  'Unshipped',
  'PartiallyShipped',
  'Shipped',
  'InvoiceUnconfirmed',
  'Canceled',
  'Unfulfillable',
];
const SHIPPED = new Set<MarketplaceOrderStatus>(['Shipped', 'PartiallyShipped', 'InvoiceUnconfirmed']);

type S = MarketplaceOrderStatus;
const STATUS_BY_AGE = [
  [1, WeightedTable.of<S>({ Pending: 35, Unshipped: 45, PendingAvailability: 5, Shipped: 15 })],
  [3, WeightedTable.of<S>({ Unshipped: 30, PartiallyShipped: 12, Shipped: 50, PendingAvailability: 5, Unfulfillable: 3 })],
  [10, WeightedTable.of<S>({ Shipped: 85, PartiallyShipped: 4, InvoiceUnconfirmed: 9, Unfulfillable: 2 })],
  [Infinity, WeightedTable.of<S>({ Shipped: 94, InvoiceUnconfirmed: 5, Unfulfillable: 1 })],
] as const;

function statusForAge(rng: Rng, age: number): MarketplaceOrderStatus {
  return rng.chance(0.04) ? 'Canceled' : rng.weighted(byAge(STATUS_BY_AGE, age));
}

interface Draft {
  plan: PersonPlan;
  channel: MarketplaceChannel;
  purchaseMs: number;
  lines: DraftLine[];
  status: MarketplaceOrderStatus;
  afn: boolean;
}

interface MarketplaceResult {
  orders: MarketplaceOrder[];
  shipments: ShipmentPlan[];
}

export function generateMarketplaceOrders(
  rng: Rng,
  plans: readonly PersonPlan[],
  tables: ProductTables,
  total: number,
  refMs: number,
): MarketplaceResult {
  const candidates = plans.filter((p) => p.inMarketplace);
  const counts = allocateOrders(rng, candidates, total, { atLeastOne: true, inactiveShare: 0, heavyRange: [8, 12] });
  const drafts: Draft[] = [];
  // The relay address is per buyer and channel, as marketplaces issue it.
  const relay = new Map<string, string | null>();
  const relays = new Set<string>();
  for (const plan of candidates) {
    const favourite: MarketplaceChannel = rng.chance(0.6) ? 'AMAZON' : 'JD';
    for (const channel of ['AMAZON', 'JD'] as const) {
      const masked = rng.chance(0.3);
      relay.set(
        `${plan.person.personId}/${channel}`,
        masked ? uniqueDraw(relays, () => `${rng.string(12, LOWER_ALNUM)}@${RELAY_DOMAIN[channel]}`) : null,
      );
    }
    for (let i = 0; i < (counts.get(plan.person.personId) ?? 0); i++) {
      const purchaseMs = pickOrderTime(rng, refMs, refMs - 365 * DAY_MS, ONLINE_HOURS);
      const status = statusForAge(rng, ageDays(refMs, purchaseMs));
      const lines = pickLines(rng, tables.all, 3);
      drafts.push({
        plan,
        channel: rng.chance(0.8) ? favourite : favourite === 'AMAZON' ? 'JD' : 'AMAZON',
        purchaseMs,
        lines,
        status,
        afn: false,
      });
    }
  }
  drafts.sort((a, b) => a.purchaseMs - b.purchaseMs || compareText(a.plan.person.personId, b.plan.person.personId));
  const recent = drafts.filter((d) => ageDays(refMs, d.purchaseMs) < 14).reverse();
  ensureCoverage(
    recent,
    ALL_STATUSES,
    2,
    (d) => d.status,
    (d, s) => (d.status = s),
  );

  const orderIds = new Set<string>();
  const orders: MarketplaceOrder[] = [];
  const shipments: ShipmentPlan[] = [];
  for (const d of drafts) {
    const p = d.plan.person;
    // Unfulfillable only exists for marketplace-fulfilled orders; drop-ship never is.
    d.afn = d.status === 'Unfulfillable' || (!d.lines.some((l) => l.product.dropShip) && rng.chance(0.2));
    const units = d.lines.reduce((n, l) => n + l.quantity, 0);
    const first = d.lines[0];
    if (d.status === 'PartiallyShipped' && units < 2 && first) first.quantity = 2;
    const partial = d.status === 'PartiallyShipped';
    const shippedQuantity = (line: DraftLine, i: number): number => {
      if (!SHIPPED.has(d.status)) return 0;
      if (!partial) return line.quantity;
      return d.lines.length === 1 ? line.quantity - 1 : i === 0 ? line.quantity : 0;
    };
    const items = d.lines.map((line, i) => ({
      orderItemId: rng.digits(14),
      asin: line.product.asin,
      sellerSku: line.product.sku,
      title: line.product.name,
      quantityOrdered: line.quantity,
      quantityShipped: shippedQuantity(line, i),
      // SP-API ItemPrice is the line total: unit price times quantity.
      itemPrice: fenToDecimal(decimalToFen(line.product.price) * line.quantity),
    }));
    const amazonOrderId = uniqueDraw(orderIds, () => `${rng.int(111, 999)}-${rng.digits(7)}-${rng.digits(7)}`);
    let lastMs = d.purchaseMs + rng.int(1, 30) * MINUTE_MS;
    if (SHIPPED.has(d.status)) {
      let shipMs = d.purchaseMs + rng.int(4, 40) * HOUR_MS;
      if (d.lines.some((l) => l.product.dropShip)) shipMs += 3 * DAY_MS;
      if (shipMs > refMs) shipMs = rng.dateBetween(d.purchaseMs, refMs);
      lastMs = shipMs;
      if (!d.afn) {
        const from = d.lines.some((l) => l.product.dropShip) ? SUPPLIER_CODE : d.plan.district.dc;
        shipments.push({ orderSystem: 'MARKETPLACE', orderId: amazonOrderId, fromLocation: from, shipMs, personId: p.personId });
      }
    } else if (d.status === 'Canceled' || d.status === 'Unfulfillable') {
      lastMs = d.purchaseMs + rng.int(1, 24) * HOUR_MS;
    }
    const relayAddress = relay.get(`${p.personId}/${d.channel}`);
    const nameOrder = rng.chance(0.6) ? `${p.firstName} ${p.lastName}` : `${p.lastName} ${p.firstName}`;
    const name = flat(rng.chance(0.1) ? nameOrder.toUpperCase() : nameOrder);
    orders.push({
      amazonOrderId,
      channel: d.channel,
      marketplaceId: MARKETPLACE_IDS[d.channel],
      purchaseDate: iso(d.purchaseMs),
      lastUpdateDate: iso(Math.min(refMs, lastMs)),
      orderStatus: d.status,
      fulfillmentChannel: d.afn ? 'AFN' : 'MFN',
      buyerEmail: relayAddress ?? varyEmail(rng, p.email, 0.5, 0),
      buyerName: name,
      shippingAddress: { ...p.address, name, phone: varyPhone(rng, p.phone, MARKETPLACE_PHONE_STYLES) },
      orderTotal: fenToDecimal(items.reduce((sum, it) => sum + decimalToFen(it.itemPrice), 0)),
      currency: 'CNY',
      items,
      personId: p.personId,
    });
  }
  return { orders, shipments };
}
