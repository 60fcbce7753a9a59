/** Ground-truth lookups for tests and docs. Simulators must not serve `personId`. */
import type { Dataset, ErpCustomer, ErpOrder, MarketplaceOrder, Person, PosCustomer, PosReceipt, ReturnRecord, Shipment } from './types.ts';

export interface PersonRecords {
  person: Person;
  erpCustomer?: ErpCustomer;
  posCustomer?: PosCustomer;
  erpOrders: ErpOrder[];
  posReceipts: PosReceipt[];
  marketplaceOrders: MarketplaceOrder[];
  shipments: Shipment[];
  returns: ReturnRecord[];
  /** Orders across ERP, POS and marketplace. */
  orderCount: number;
}

/** Everything every system holds about one real person. */
export function recordsOfPerson(ds: Dataset, personId: string): PersonRecords | undefined {
  const person = ds.people.find((p) => p.personId === personId);
  if (!person) return undefined;
  const erpOrders = ds.erp.orders.filter((o) => o.personId === personId);
  const posReceipts = ds.pos.receipts.filter((r) => r.personId === personId);
  const marketplaceOrders = ds.marketplace.orders.filter((o) => o.personId === personId);
  const orderIds = new Set([
    ...erpOrders.map((o) => `ERP/${o.salesOrder}`),
    ...posReceipts.map((r) => `POS/${r.id}`),
    ...marketplaceOrders.map((o) => `MARKETPLACE/${o.amazonOrderId}`),
  ]);
  const records: PersonRecords = {
    person,
    erpOrders,
    posReceipts,
    marketplaceOrders,
    shipments: ds.carrier.shipments.filter((s) => orderIds.has(`${s.orderSystem}/${s.orderId}`)),
    returns: ds.returns.filter((r) => r.personId === personId),
    orderCount: erpOrders.length + posReceipts.length + marketplaceOrders.length,
  };
  const erpCustomer = ds.erp.customers.find((c) => c.personId === personId);
  const posCustomer = ds.pos.customers.find((c) => c.personId === personId);
  if (erpCustomer) records.erpCustomer = erpCustomer;
  if (posCustomer) records.posCustomer = posCustomer;
  return records;
}

/** Orders per person across all three order-taking systems (anonymous receipts excluded). */
export function orderCountsByPerson(ds: Dataset): Map<string, number> {
  const counts = new Map<string, number>();
  const bump = (id: string | undefined) => {
    if (id) counts.set(id, (counts.get(id) ?? 0) + 1);
  };
  for (const o of ds.erp.orders) bump(o.personId);
  for (const r of ds.pos.receipts) bump(r.personId);
  for (const o of ds.marketplace.orders) bump(o.personId);
  return counts;
}

/**
 * The person with the most orders (ties go to the lower personId). Seeded "heavy" buyers
 * have 30+ orders spread over ERP, POS and marketplace, so this is always one of them.
 */
export function findPersonWithMostOrders(ds: Dataset): PersonRecords {
  let bestId = '';
  let best = -1;
  for (const [id, n] of orderCountsByPerson(ds)) {
    if (n > best || (n === best && id < bestId)) [bestId, best] = [id, n];
  }
  const records = recordsOfPerson(ds, bestId);
  if (!records) throw new Error('dataset has no orders with a known buyer');
  return records;
}

/** Canonical form of an email as the systems spell it: trimmed and lower-cased. */
export function normalizeEmail(email: string): string {
  return email.trim().toLowerCase();
}

/** Canonical form of a Chinese mobile number: its 11 national digits. */
export function normalizePhone(phone: string): string {
  const digits = phone.replace(/\D/g, '');
  if (digits.length === 15 && digits.startsWith('0086')) return digits.slice(4);
  if (digits.length === 13 && digits.startsWith('86')) return digits.slice(2);
  return digits;
}

/** Record counts per system, as printed by `npx tsx legacy/dataset/src/main.ts`. */
export function summarizeDataset(ds: Dataset) {
  const systems = new Map<string, Set<string>>();
  const add = (personId: string, system: string) => systems.set(personId, (systems.get(personId) ?? new Set()).add(system));
  for (const c of ds.erp.customers) add(c.personId, 'ERP');
  for (const c of ds.pos.customers) add(c.personId, 'POS');
  for (const o of ds.marketplace.orders) add(o.personId, 'MARKETPLACE');
  return {
    seed: ds.seed,
    scale: ds.scale,
    referenceDate: ds.referenceDate,
    locations: ds.locations.length,
    products: ds.products.length,
    people: ds.people.length,
    peopleInTwoOrMoreSystems: [...systems.values()].filter((s) => s.size >= 2).length,
    erpCustomers: ds.erp.customers.length,
    erpOrders: ds.erp.orders.length,
    posCustomers: ds.pos.customers.length,
    posReceipts: ds.pos.receipts.length,
    anonymousReceipts: ds.pos.receipts.filter((r) => !r.customerId).length,
    marketplaceOrders: ds.marketplace.orders.length,
    shipments: ds.carrier.shipments.length,
    returns: ds.returns.length,
    stockPositions: ds.wms.stock.length,
  };
}
