import type {
  Disposition,
  ErpOrder,
  MarketplaceOrder,
  OrderSystem,
  PosReceipt,
  Product,
  ReturnLine,
  ReturnRecord,
  ReturnStatus,
  Shipment,
} from './types.ts';
import { WeightedTable, byAge, type Rng } from './random.ts';
import { flat, HOUR_MS, ageDays, decimalToFen, fenToDecimal, iso, localDate, pad, compareText } from './format.ts';
import { CATALOG } from './catalog.ts';
import type { PersonPlan } from './generatePeople.ts';
import { ensureCoverage } from './orderShared.ts';

const REASONS = new Map(CATALOG.map((c) => [c.category, c.returnReasons]));
const DISPOSITIONS = WeightedTable.of<Disposition>({ RESTOCK: 65, TRANSFER: 12, RETURN_TO_VENDOR: 8, LIQUIDATE: 10, DESTROY: 5 });
const REFUND_TENDERS = WeightedTable.of<NonNullable<ReturnRecord['refundTender']>>({ ORIGINAL: 75, STORE_CREDIT: 18, GIFT_CARD: 7 });
const ALL_STATUSES: readonly ReturnStatus[] = ['REQUESTED', 'APPROVED', 'REJECTED', 'RECEIVED', 'REFUNDED'];

/** A line of the original order, in the terms the return needs. */
interface SourceLine {
  sku: string;
  quantity: number;
  unitFen: number;
}

interface Draft {
  system: 'ERP' | 'POS';
  originalOrderSystem: OrderSystem;
  originalOrderId: string;
  storeCode?: string;
  createdMs: number;
  lines: SourceLine[];
  personId: string;
  status: ReturnStatus;
}

/** Posted returns move through the workflow over days; at the till it is over in minutes. */
const TILL_STATUS = WeightedTable.of<ReturnStatus>({ REFUNDED: 85, REJECTED: 8, RECEIVED: 5, APPROVED: 2 });
const POSTED_STATUS_BY_AGE = [
  [2, WeightedTable.of<ReturnStatus>({ REQUESTED: 70, APPROVED: 20, REJECTED: 10 })],
  [7, WeightedTable.of<ReturnStatus>({ APPROVED: 30, RECEIVED: 40, REJECTED: 8, REFUNDED: 22 })],
  [Infinity, WeightedTable.of<ReturnStatus>({ REFUNDED: 88, REJECTED: 8, RECEIVED: 4 })],
] as const;

function statusFor(rng: Rng, system: 'ERP' | 'POS', age: number): ReturnStatus {
  return rng.weighted(system === 'POS' ? TILL_STATUS : byAge(POSTED_STATUS_BY_AGE, age));
}

function deliveredAt(shipments: readonly Shipment[] | undefined): number | undefined {
  const delivered = shipments?.flatMap((s) => s.events.filter((e) => e.status === 'DELIVERED'));
  const last = delivered?.[delivered.length - 1];
  return last ? Date.parse(last.at) : undefined;
}

interface ReturnSources {
  erpOrders: readonly ErpOrder[];
  receipts: readonly PosReceipt[];
  marketplaceOrders: readonly MarketplaceOrder[];
  shipments: readonly Shipment[];
  products: readonly Product[];
  plans: readonly PersonPlan[];
}

export function generateReturns(rng: Rng, src: ReturnSources, refMs: number): ReturnRecord[] {
  const shipmentsByOrder = new Map<string, Shipment[]>();
  for (const s of src.shipments) {
    const key = `${s.orderSystem}/${s.orderId}`;
    shipmentsByOrder.set(key, [...(shipmentsByOrder.get(key) ?? []), s]);
  }
  const homeStore = new Map(src.plans.map((p) => [p.person.personId, p.homeStore]));
  const productBySku = new Map(src.products.map((p) => [p.sku, p]));
  const drafts: Draft[] = [];
  // Drafts are built lazily: only a few per cent of orders ever come back.
  const consider = (share: number, make: () => [Omit<Draft, 'createdMs' | 'status'>, number | undefined]) => {
    if (!rng.chance(share)) return;
    const [draft, fromMs] = make();
    if (fromMs === undefined) return;
    const createdMs = fromMs + rng.int(1, 14 * 24) * HOUR_MS;
    if (createdMs > refMs) return;
    drafts.push({ ...draft, createdMs, status: statusFor(rng, draft.system, ageDays(refMs, createdMs)) });
  };

  for (const o of src.erpOrders) {
    if (o.processStatus !== 'C' || o.deliveryStatus !== 'C' || o.rejectionStatus === 'C') continue;
    const pickup = o.items[0]?.shippingCondition === '02';
    consider(pickup ? 0.03 : 0.05, () => {
      // Buy online, return in store: the till takes some web orders back.
      const atTill = pickup ? rng.chance(0.7) : rng.chance(0.2);
      const store = pickup ? o.items[0]?.plant : homeStore.get(o.personId);
      const lines = o.items.map((it) => ({ sku: it.material, quantity: it.quantity, unitFen: decimalToFen(it.netPrice) }));
      const fromMs = pickup ? Date.parse(o.changedAt) : deliveredAt(shipmentsByOrder.get(`ERP/${o.salesOrder}`));
      return [
        {
          system: atTill ? 'POS' : 'ERP',
          originalOrderSystem: 'ERP',
          originalOrderId: o.salesOrder,
          ...(atTill && store ? { storeCode: store } : {}),
          lines,
          personId: o.personId,
        },
        fromMs,
      ];
    });
  }
  for (const r of src.receipts) {
    const { personId, closedAt } = r;
    if (r.state !== 'COMPLETED' || !personId || !closedAt) continue;
    consider(0.03, () => {
      const lines = r.lineItems.map((li) => ({ sku: li.sku, quantity: li.quantity, unitFen: li.basePriceMoney }));
      const store = rng.chance(0.85) ? r.storeCode : (homeStore.get(personId) ?? r.storeCode);
      return [
        { system: 'POS', originalOrderSystem: 'POS', originalOrderId: r.id, storeCode: store, lines, personId },
        Date.parse(closedAt),
      ];
    });
  }
  for (const o of src.marketplaceOrders) {
    if (o.orderStatus !== 'Shipped') continue;
    consider(0.02, () => {
      const lines = o.items.map((it) => ({
        sku: it.sellerSku,
        quantity: it.quantityOrdered,
        unitFen: decimalToFen(it.itemPrice) / it.quantityOrdered,
      }));
      const store = homeStore.get(o.personId);
      return [
        {
          system: 'POS',
          originalOrderSystem: 'MARKETPLACE',
          originalOrderId: o.amazonOrderId,
          ...(store ? { storeCode: store } : {}),
          lines,
          personId: o.personId,
        },
        deliveredAt(shipmentsByOrder.get(`MARKETPLACE/${o.amazonOrderId}`)),
      ];
    });
  }

  drafts.sort((a, b) => a.createdMs - b.createdMs || compareText(a.originalOrderId, b.originalOrderId));
  const erpRecentFirst = drafts.filter((d) => d.system === 'ERP').reverse();
  ensureCoverage(
    erpRecentFirst,
    ALL_STATUSES,
    5,
    (d) => d.status,
    (d, s) => (d.status = s),
  );

  let erpSeq = 0;
  const tillSeq = new Map<string, number>();
  return drafts.map((d) => {
    let returnId: string;
    if (d.system === 'ERP') returnId = String(6_000_000_001 + erpSeq++);
    else {
      const key = `${d.storeCode ?? 'ST001'}-R-${localDate(d.createdMs).replaceAll('-', '')}`;
      const seq = (tillSeq.get(key) ?? 0) + 1;
      tillSeq.set(key, seq);
      returnId = flat(`${key}-${pad(seq, 4)}`);
    }
    const chosen = rng.sample(d.lines, rng.chance(0.8) ? 1 : rng.int(1, d.lines.length));
    const handled = d.status === 'RECEIVED' || d.status === 'REFUNDED';
    const lines: ReturnLine[] = chosen.map((l) => {
      const product = productBySku.get(l.sku);
      const quantity = rng.int(1, l.quantity);
      const line: ReturnLine = {
        sku: l.sku,
        quantity,
        refundAmount: fenToDecimal(Math.round(l.unitFen * quantity)),
        reason: rng.pick(REASONS.get(product?.category ?? '') ?? ['Changed mind']),
      };
      if (handled) {
        if (product?.dropShip) line.disposition = 'RETURN_TO_VENDOR';
        else if ((product?.category === 'grocery' || product?.category === 'beauty') && rng.chance(0.6)) line.disposition = 'DESTROY';
        else line.disposition = rng.weighted(DISPOSITIONS);
      }
      return line;
    });
    const record: ReturnRecord = {
      returnId,
      system: d.system,
      originalOrderSystem: d.originalOrderSystem,
      originalOrderId: d.originalOrderId,
      status: d.status,
      createdAt: iso(d.createdMs),
      lines,
      personId: d.personId,
    };
    if (d.storeCode) record.storeCode = d.storeCode;
    if (d.status === 'REFUNDED') record.refundTender = rng.weighted(REFUND_TENDERS);
    return record;
  });
}
