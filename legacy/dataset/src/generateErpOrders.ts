import type { ErpCustomer, ErpDistributionChannel, ErpOrder, Location } from './types.ts';
import { WeightedTable, byAge, type Rng } from './random.ts';
import { DAY_MS, HOUR_MS, MINUTE_MS, ageDays, fenToDecimal, decimalToFen, iso, localDate, pad, compareText } from './format.ts';
import type { PersonPlan } from './generatePeople.ts';
import type { ProductTables } from './generateProducts.ts';
import { SUPPLIER_CODE, storeCodes } from './generateLocations.ts';
import { ONLINE_HOURS, allocateOrders, ensureCoverage, pickLines, pickOrderTime, type DraftLine } from './orderShared.ts';
import type { ShipmentPlan } from './generateShipments.ts';

/** One internal state per meaningful combination of the SAP status fields. */
type ErpState = 'NEW' | 'HOLD_01' | 'HOLD_02' | 'IN_PROCESS' | 'PARTIAL' | 'COMPLETE' | 'CANCELLED';

const STATE_FIELDS: Record<ErpState, Pick<ErpOrder, 'processStatus' | 'deliveryStatus' | 'deliveryBlockReason' | 'rejectionStatus'>> = {
  NEW: { processStatus: 'A', deliveryStatus: 'A', deliveryBlockReason: '', rejectionStatus: '' },
  HOLD_01: { processStatus: 'A', deliveryStatus: 'A', deliveryBlockReason: '01', rejectionStatus: '' },
  HOLD_02: { processStatus: 'A', deliveryStatus: 'A', deliveryBlockReason: '02', rejectionStatus: '' },
  IN_PROCESS: { processStatus: 'B', deliveryStatus: 'A', deliveryBlockReason: '', rejectionStatus: '' },
  PARTIAL: { processStatus: 'B', deliveryStatus: 'B', deliveryBlockReason: '', rejectionStatus: '' },
  COMPLETE: { processStatus: 'C', deliveryStatus: 'C', deliveryBlockReason: '', rejectionStatus: '' },
  CANCELLED: { processStatus: 'C', deliveryStatus: 'A', deliveryBlockReason: '', rejectionStatus: 'C' },
};

const CHANNELS = WeightedTable.of<ErpDistributionChannel>({ '10': 55, '11': 35, '12': 10 });
const PO_PREFIX: Record<ErpDistributionChannel, string> = { '10': 'W', '11': 'A', '12': 'C' };

/** Young orders are still open; after a week nearly everything is delivered. */
const STATE_BY_AGE = [
  [1, WeightedTable.of<ErpState>({ NEW: 60, HOLD_01: 10, HOLD_02: 7, IN_PROCESS: 18, COMPLETE: 5 })],
  [3, WeightedTable.of<ErpState>({ NEW: 12, HOLD_01: 4, IN_PROCESS: 30, PARTIAL: 20, COMPLETE: 34 })],
  [7, WeightedTable.of<ErpState>({ HOLD_01: 1, IN_PROCESS: 4, PARTIAL: 10, COMPLETE: 85 })],
  [Infinity, WeightedTable.of<ErpState>({ PARTIAL: 1.5, COMPLETE: 98.5 })],
] as const;

function stateForAge(rng: Rng, age: number): ErpState {
  return rng.chance(0.04) ? 'CANCELLED' : rng.weighted(byAge(STATE_BY_AGE, age));
}

interface Draft {
  plan: PersonPlan;
  customer: ErpCustomer;
  createdMs: number;
  channel: ErpDistributionChannel;
  pickupPlant?: string;
  lines: DraftLine[];
  state: ErpState;
}

interface ErpOrderResult {
  orders: ErpOrder[];
  shipments: ShipmentPlan[];
}

export function generateErpOrders(
  rng: Rng,
  plans: readonly PersonPlan[],
  customers: readonly ErpCustomer[],
  locations: readonly Location[],
  tables: ProductTables,
  total: number,
  refMs: number,
): ErpOrderResult {
  const byPerson = new Map(customers.map((c) => [c.personId, c]));
  const stores = storeCodes(locations);
  const supplierLead = locations.find((l) => l.code === SUPPLIER_CODE)?.leadTimeDays ?? 4;
  const candidates = plans.filter((p) => p.inErp);
  const counts = allocateOrders(rng, candidates, total, { atLeastOne: false, inactiveShare: 0.15, heavyRange: [14, 20] });

  const drafts: Draft[] = [];
  for (const plan of candidates) {
    const customer = byPerson.get(plan.person.personId);
    if (!customer) continue;
    const minMs = Date.parse(customer.createdAt);
    for (let i = 0; i < (counts.get(plan.person.personId) ?? 0); i++) {
      const createdMs = pickOrderTime(rng, refMs, minMs, ONLINE_HOURS);
      const pickup = rng.chance(0.12);
      drafts.push({
        plan,
        customer,
        createdMs,
        channel: rng.weighted(CHANNELS),
        ...(pickup ? { pickupPlant: rng.chance(0.8) ? plan.homeStore : rng.pick(stores) } : {}),
        lines: pickLines(rng, pickup ? tables.stocked : tables.all),
        state: stateForAge(rng, ageDays(refMs, createdMs)),
      });
    }
  }
  drafts.sort((a, b) => a.createdMs - b.createdMs || compareText(a.plan.person.personId, b.plan.person.personId));
  const recent = drafts.filter((d) => ageDays(refMs, d.createdMs) < 5).reverse();
  ensureCoverage(
    recent,
    ['NEW', 'HOLD_01', 'HOLD_02', 'IN_PROCESS', 'PARTIAL', 'CANCELLED'] as const,
    2,
    (d) => d.state,
    (d, s) => (d.state = s),
  );

  const poSeq = new Map<string, number>();
  const orders: ErpOrder[] = [];
  const shipments: ShipmentPlan[] = [];
  drafts.forEach((d, index) => {
    const salesOrder = String(1_000_000_001 + index);
    const poKey = `${PO_PREFIX[d.channel]}${localDate(d.createdMs).slice(0, 4)}`;
    const seq = (poSeq.get(poKey) ?? 0) + 1;
    poSeq.set(poKey, seq);
    // A partial delivery needs at least two units to split.
    const first = d.lines[0];
    if (d.state === 'PARTIAL' && d.lines.length === 1 && first && first.quantity === 1) first.quantity = 2;

    let changedMs = d.createdMs + rng.int(1, 30) * MINUTE_MS;
    const shipLines = d.pickupPlant ? [] : d.lines;
    if ((d.state === 'COMPLETE' || d.state === 'PARTIAL') && shipLines.length > 0) {
      const groups = new Map<string, DraftLine[]>();
      const fromStore = rng.chance(0.08);
      for (const line of shipLines) {
        const source = line.product.dropShip ? SUPPLIER_CODE : fromStore ? d.plan.homeStore : d.plan.district.dc;
        groups.set(source, [...(groups.get(source) ?? []), line]);
      }
      const sources = [...groups.keys()];
      const shipped = d.state === 'PARTIAL' && sources.length > 1 ? sources.slice(0, 1) : sources;
      for (const source of shipped) {
        const delay = source === SUPPLIER_CODE ? supplierLead * DAY_MS + rng.int(0, 12) * HOUR_MS : rng.int(3, 36) * HOUR_MS;
        let shipMs = d.createdMs + delay;
        if (shipMs > refMs) shipMs = rng.dateBetween(d.createdMs, refMs);
        changedMs = Math.max(changedMs, shipMs);
        shipments.push({ orderSystem: 'ERP', orderId: salesOrder, fromLocation: source, shipMs, personId: d.plan.person.personId });
      }
    } else if (d.state === 'COMPLETE' || d.state === 'PARTIAL') {
      changedMs = d.createdMs + rng.int(20, 50) * HOUR_MS;
    } else if (d.state === 'IN_PROCESS' || d.state === 'CANCELLED') {
      changedMs = d.createdMs + rng.int(1, 20) * HOUR_MS;
    }
    changedMs = Math.min(changedMs, refMs);

    const items = d.lines.map((line, i) => {
      const price = decimalToFen(line.product.price);
      const lead = d.pickupPlant ? 1 : line.product.dropShip ? supplierLead + 2 : rng.int(2, 3);
      return {
        item: String((i + 1) * 10),
        material: line.product.sku,
        quantity: line.quantity,
        netPrice: fenToDecimal(price),
        netAmount: fenToDecimal(price * line.quantity),
        shippingCondition: d.pickupPlant ? ('02' as const) : ('01' as const),
        ...(d.pickupPlant ? { plant: d.pickupPlant } : {}),
        requestedDeliveryDate: localDate(d.createdMs + lead * DAY_MS),
      };
    });
    const totalFen = items.reduce((sum, it) => sum + decimalToFen(it.netAmount), 0);
    orders.push({
      salesOrder,
      salesOrderType: 'OR',
      distributionChannel: d.channel,
      soldToParty: d.customer.businessPartner,
      purchaseOrderByCustomer: `${poKey}-${pad(seq, 6)}`,
      createdAt: iso(d.createdMs),
      changedAt: iso(changedMs),
      ...STATE_FIELDS[d.state],
      totalNetAmount: fenToDecimal(totalFen),
      currency: 'CNY',
      items,
      personId: d.plan.person.personId,
    });
  });
  return { orders, shipments };
}
