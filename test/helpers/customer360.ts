import { createCallContext, decodeId, normalizeEmail, normalizePhone, type SystemName } from '../../adapters/core/src/index.ts';
import { customer360Query } from '../../gateway/src/exampleQuery.ts';
import { getDataset, recordsOfPerson, type Dataset, type PersonRecords } from '../../legacy/dataset/src/index.ts';
import type { Systems } from '../../subgraphs/runtime/src/index.ts';
import { gql, type GraphQLResult, type TestStack } from './stack.ts';

/**
 * The customer-360 query as the fault matrix, the call-counting test and the stale test ask it,
 * and what "every field not owned by the broken system is present and correct" means for it.
 */

/**
 * Enough for every order of the people these tests use (a missing order is then a real loss),
 * and within an agent's query-cost budget (gateway/src/plugins/limitsTable.ts).
 */
export const ORDERS_PER_PAGE = 40;

/**
 * The README's customer-360 query (gateway/src/exampleQuery.ts) asking for every order, with the
 * phone as a variable: one document, so one query plan whatever customer is asked for.
 */
export const CUSTOMER_360: string = (() => {
  const marker = '__PHONE__';
  const readme = customer360Query(marker);
  const document = readme
    .replace('query Customer360 {', 'query Customer360($phone: String!) {')
    .replace(`findCustomers(phone: "${marker}")`, 'findCustomers(phone: $phone)')
    .replace(/orders\(first: \d+\)/, `orders(first: ${ORDERS_PER_PAGE})`)
    // Is it in stock? The WMS's part of the screen, so every system with data in the graph has a field.
    .replace('product { name }', 'product { name networkAvailability { onHand } }')
    // Where is it? The carrier's part: each order's parcels with their tracking state and ETA.
    .replace(/(\n(\s*)lines \{[^\n]*\n)/, '$1$2shipments { trackingNumber status estimatedDelivery }\n');
  if (
    document.includes(marker) ||
    !document.includes('$phone: String!') ||
    !document.includes(`orders(first: ${ORDERS_PER_PAGE})`) ||
    !document.includes('networkAvailability') ||
    !document.includes('shipments { trackingNumber status estimatedDelivery }')
  ) {
    throw new Error('customer360Query changed shape; update test/helpers/customer360.ts');
  }
  return document;
})();

/** A valid mobile number nobody in the seeded world has: warms a stack's query plan, caches nothing of anyone. */
export const NOBODY_PHONE = '+86 199 0000 0000';

/** Asks the customer-360 query as a call-centre agent. */
export function ask360(stack: TestStack, phone: string): Promise<GraphQLResult<Customer360Answer>> {
  return gql<Customer360Answer>(stack.url, CUSTOMER_360, { phone }, stack.credentials.agent);
}

export interface Line {
  sku: string;
  quantity: number;
  product: { name: string | null; networkAvailability: { onHand: number } | null } | null;
}
export interface OrderNode {
  number: string;
  channel: string;
  sourceSystem: SystemName;
  status: string;
  sourceStatus: string;
  placedAt: string;
  totals: { grandTotal: { amount: string; currency: string } };
  lines: Line[] | null;
  /** The carrier's part: null when it cannot answer. */
  shipments: { trackingNumber: string; status: string; estimatedDelivery: string | null }[] | null;
}
export interface Customer360Answer {
  findCustomers: {
    id: string;
    name: string;
    emails: string[];
    phones: string[];
    identities: { system: SystemName; externalId: string; matchedBy: string }[];
    orders: { totalCount: number; nodes: OrderNode[] };
  }[];
}

/**
 * The systems that own part of the answer: ERP, POS and marketplace records and orders, the ERP's
 * product names, the WMS's stock of each product, the carrier's parcels of each order.
 */
export const QUERY_SYSTEMS = ['ERP', 'POS', 'WMS', 'CARRIER', 'MARKETPLACE'] as const satisfies readonly SystemName[];

/** The systems that hold people (and so identities) in the answer. */
export const PEOPLE_SYSTEMS = ['ERP', 'POS', 'MARKETPLACE'] as const satisfies readonly SystemName[];
export type QuerySystem = (typeof QUERY_SYSTEMS)[number];

const isRelay = (email: string) => /@marketplace\./i.test(email);

/**
 * Someone whose 360 view spans ERP, POS and marketplace, where each system's record can be
 * found with any ONE other system down: ERP and POS both hold the phone asked for, and the
 * marketplace buyer email is the one ERP and POS both hold. With such a person, a missing record
 * under a fault is the fault's doing, not identity resolution losing its only path to it.
 */
export function pickSpanningPerson(dataset: Dataset, options: { minOrders?: number; maxOrders?: number } = {}): PersonRecords {
  const { minOrders = 1, maxOrders = ORDERS_PER_PAGE } = options;
  const candidates = dataset.people
    .map((p) => recordsOfPerson(dataset, p.personId))
    .filter((r): r is PersonRecords => r !== undefined)
    .filter((r) => {
      const { erpCustomer: erp, posCustomer: pos } = r;
      if (!erp || !pos?.phoneNumber || !pos.emailAddress) return false;
      const phone = normalizePhone(r.person.phone);
      if (!phone || normalizePhone(erp.phone) !== phone || normalizePhone(pos.phoneNumber) !== phone) return false;
      const buyers = new Set(
        r.marketplaceOrders
          .map((o) => o.buyerEmail)
          .filter((e) => !isRelay(e))
          .map((e) => normalizeEmail(e)),
      );
      const email = normalizeEmail(erp.email);
      if (buyers.size !== 1 || !buyers.has(email) || normalizeEmail(pos.emailAddress) !== email) return false;
      const count = ownOrders(r);
      return r.erpOrders.length > 0 && count.pos > 0 && count.marketplace > 0 && count.total >= minOrders && count.total <= maxOrders;
    })
    .sort((a, b) => ownOrders(b).total - ownOrders(a).total || a.person.personId.localeCompare(b.person.personId));
  const found = candidates[0];
  if (!found)
    throw new Error(`no person in dataset (scale ${dataset.scale}) spans ERP, POS and marketplace with ${minOrders}–${maxOrders} orders`);
  return found;
}

/** Orders the graph attributes to the person (relay-address marketplace buyers cannot be). */
export function ownOrders(r: PersonRecords): { erp: number; pos: number; marketplace: number; total: number } {
  const erp = r.erpOrders.length;
  const pos = r.posCustomer ? r.posReceipts.filter((x) => x.customerId === r.posCustomer!.id).length : 0;
  const marketplace = r.marketplaceOrders.filter((o) => !isRelay(o.buyerEmail)).length;
  return { erp, pos, marketplace, total: erp + pos + marketplace };
}

export function datasetAt(scale: number): Dataset {
  return getDataset({ scale });
}

/** Normalised emails and phones each system's record of the person contributes to the answer. */
export type Contributions = Partial<Record<SystemName, { emails: Set<string>; phones: Set<string> }>>;

/** Reads each identity's record straight from the adapters (of a healthy stack). */
export async function contributionsOf(systems: Systems, answer: Customer360Answer): Promise<Contributions> {
  const ctx = createCallContext({ requestId: 'contributions' });
  const out: Contributions = {};
  for (const { system, externalId } of answer.findCustomers[0]?.identities ?? []) {
    const record =
      system === 'ERP'
        ? (await systems.erp.getCustomers(ctx, [externalId]))[0]
        : system === 'POS'
          ? (await systems.pos.getCustomers(ctx, [externalId]))[0]
          : system === 'MARKETPLACE'
            ? (await systems.marketplace.findCustomers(ctx, { email: externalId }))[0]
            : undefined;
    if (!record) continue;
    const mine = (out[system] ??= { emails: new Set(), phones: new Set() });
    for (const e of record.emails) {
      const v = normalizeEmail(e);
      if (v && !isRelay(v)) mine.emails.add(v);
    }
    for (const p of record.phones) {
      const v = normalizePhone(p);
      if (v) mine.phones.add(v);
    }
  }
  return out;
}

/** How a system's own pieces may look under a fault. */
export type Expectation =
  /** Hard failure (down, hang, malformed): its uncached pieces must be missing, not silently present. */
  | 'missing'
  /** Recoverable (429, flaky 5xx): each piece either recovered (equal to healthy) or missing. */
  | 'missing-or-equal';

/** An order without what other systems add to it (products: ERP and WMS; parcels: the carrier). */
const withoutProducts = ({ shipments: _shipments, ...n }: OrderNode) => ({
  ...n,
  lines: n.lines?.map(({ product: _product, ...rest }) => rest) ?? null,
});
const sorted = (xs: Iterable<string>) => [...xs].sort();

/**
 * Compares an answer given while `broken` fails with the healthy answer. Returns what is wrong
 * (empty when correct): every piece another system owns must be present and equal; the broken
 * system's pieces must be missing (or, for recoverable faults, missing or equal); nothing may be
 * wrong. Derived fields are checked for consistency: `id` must name a record that is present,
 * `emails`/`phones` must be exactly what the present records contribute.
 */
export function compareToHealthy(
  healthy: Customer360Answer,
  degraded: Customer360Answer | null | undefined,
  broken: SystemName,
  expectation: Expectation,
  contributions: Contributions,
): string[] {
  const problems: string[] = [];
  const h = healthy.findCustomers[0]!;
  const d = degraded?.findCustomers?.[0];
  if (!d || degraded!.findCustomers.length !== 1) return [`expected one customer, got ${degraded?.findCustomers?.length ?? 'no data'}`];

  const key = (i: { system: string; externalId: string }) => `${i.system}:${i.externalId}`;
  const others = h.identities.filter((i) => i.system !== broken).map(key);
  const own = h.identities.filter((i) => i.system === broken).map(key);
  const got = new Set(d.identities.map(key));
  for (const k of others) if (!got.has(k)) problems.push(`identity ${k} missing`);
  for (const k of got) if (!others.includes(k) && !own.includes(k)) problems.push(`identity ${k} is not in the healthy answer`);
  const ownPresent = own.filter((k) => got.has(k));
  if (expectation === 'missing' && ownPresent.length > 0)
    problems.push(`identities ${ownPresent.join(', ')} of the failing system are present`);

  // The id (and display name) come from the most authoritative record found: they change only
  // when the failing system held that record, and then name a record that is present.
  const anchor = decodeId('cus', d.id);
  if (d.id !== h.id) {
    if (decodeId('cus', h.id)?.system !== broken) problems.push(`customer id changed though ${broken} does not anchor it`);
    if (!anchor || !got.has(key(anchor))) problems.push(`customer id ${d.id} names no record in the answer`);
    if (!d.name.trim()) problems.push('customer name empty');
  } else if (d.name !== h.name) problems.push(`name changed from "${h.name}" to "${d.name}"`);

  const present = new Set(d.identities.map((i) => i.system));
  for (const field of ['emails', 'phones'] as const) {
    const want = h[field].filter((v) => [...present].some((s) => contributions[s]?.[field].has(v)));
    if (sorted(d[field]).join() !== sorted(want).join()) problems.push(`${field}: got [${sorted(d[field])}], want [${sorted(want)}]`);
  }

  const ownOrdersPresent = d.orders.nodes.some((n) => n.sourceSystem === broken);
  if (expectation === 'missing' && ownOrdersPresent) problems.push(`orders of ${broken} are present`);
  const wantNodes = h.orders.nodes.filter((n) => n.sourceSystem !== broken || ownOrdersPresent);
  if (JSON.stringify(d.orders.nodes.map(withoutProducts)) !== JSON.stringify(wantNodes.map(withoutProducts))) {
    const missing = wantNodes.filter((n) => !d.orders.nodes.some((x) => x.number === n.number)).map((n) => `${n.sourceSystem}:${n.number}`);
    problems.push(
      `orders differ from the healthy answer${missing.length ? ` (missing ${missing.slice(0, 5).join(', ')}${missing.length > 5 ? '…' : ''})` : ''}`,
    );
  }
  if (d.orders.totalCount !== d.orders.nodes.length) problems.push(`totalCount ${d.orders.totalCount} but ${d.orders.nodes.length} orders`);

  problems.push(...compareProducts(h.orders.nodes, d.orders.nodes, broken, expectation));
  problems.push(...compareShipments(h.orders.nodes, d.orders.nodes, broken, expectation));
  return problems;
}

/** Parcels come from the carrier alone: missing only when it fails, and then never half there. */
function compareShipments(healthy: OrderNode[], degraded: OrderNode[], broken: SystemName, expectation: Expectation): string[] {
  const found = new Map<string, string[]>();
  const note = (kind: string, order: string) => found.set(kind, [...(found.get(kind) ?? []), order]);
  const want = new Map(healthy.map((n) => [n.number, n.shipments]));
  for (const n of degraded) {
    if (!want.has(n.number)) continue;
    const h = want.get(n.number) ?? null;
    if (n.shipments === null) {
      if (broken !== 'CARRIER') note('shipments missing', n.number);
    } else if (JSON.stringify(n.shipments) !== JSON.stringify(h)) note('shipments differ', n.number);
    else if (broken === 'CARRIER' && expectation === 'missing') note('shipments of the failing CARRIER present', n.number);
  }
  return [...found].map(([kind, orders]) => `${kind} on ${orders.length} order(s), e.g. ${orders[0]}`);
}

/**
 * Product names come from the ERP's material master (catalog subgraph), stock from the WMS
 * (inventory subgraph): each may be missing only when its own system fails.
 */
function compareProducts(healthy: OrderNode[], degraded: OrderNode[], broken: SystemName, expectation: Expectation): string[] {
  // One problem per kind, with how many lines it hit and the first of them.
  const found = new Map<string, string[]>();
  const note = (kind: string, line: string) => found.set(kind, [...(found.get(kind) ?? []), line]);
  const productsOf = (nodes: OrderNode[]) =>
    new Map(nodes.flatMap((n) => (n.lines ?? []).map((l, i) => [`${n.number}#${i}`, l.product] as const)));
  const want = productsOf(healthy);
  for (const [k, got] of productsOf(degraded)) {
    const h = want.get(k);
    if (!h) continue;
    if (got === null) {
      if (broken !== 'ERP') note('product missing', k);
      else if (h.networkAvailability !== null) note("stock (WMS) lost with the ERP's product name", k);
      continue;
    }
    if (got.name !== h.name && !(broken === 'ERP' && got.name === null)) note('product name differs', k);
    if (got.networkAvailability === null) {
      if (broken !== 'WMS' && h.networkAvailability !== null) note('stock missing', k);
    } else if (JSON.stringify(got.networkAvailability) !== JSON.stringify(h.networkAvailability)) note('stock differs', k);
    const ownPresent = (broken === 'ERP' && got.name) || (broken === 'WMS' && got.networkAvailability !== null);
    if (expectation === 'missing' && ownPresent) note(`product field of the failing ${broken} present`, k);
  }
  return [...found].map(([kind, lines]) => `${kind} on ${lines.length} line(s), e.g. ${lines[0]}`);
}

/** Something the broken system owns is missing from the answer (so an error must say why). */
export function lostSomething(healthy: Customer360Answer, degraded: Customer360Answer | null | undefined, broken: SystemName): boolean {
  const h = healthy.findCustomers[0]!;
  const d = degraded?.findCustomers?.[0];
  if (!d) return true;
  const lines = (c: typeof h) => c.orders.nodes.flatMap((n) => n.lines ?? []);
  return (
    d.identities.length < h.identities.length ||
    d.orders.nodes.length < h.orders.nodes.length ||
    (broken === 'ERP' && lines(d).some((l) => l.product === null)) ||
    (broken === 'CARRIER' && d.orders.nodes.some((n) => n.shipments === null)) ||
    (broken === 'WMS' && lines(d).some((l) => l.product !== null && l.product.networkAvailability === null))
  );
}

/** SearchOrders takes at most 10 location ids; the POS has 12 stores. */
const POS_LOCATION_CHUNKS = 2;
/** SKUs per `or` filter of the ERP's material-master read (ErpAdapter batchSize). */
const ERP_SKUS_PER_CALL = 40;
/** SKUs per GetStockPositions request of the WMS adapter. */
const WMS_SKUS_PER_CALL = 100;

/**
 * The most upstream calls one customer-360 query may make per system, for the answer it gave
 * (docs/resilience.md explains each term). Searches: one per identity key (the phone asked, then
 * the email and card found on the records), except the ERP, which takes a round's keys in one `or`
 * filter: the phone, then the email and card together. Orders: one read per system holding orders, paged
 * server-side. Lines: ERP and POS orders carry theirs; SP-API has no batch getOrderItems, so one
 * call per marketplace order shown. Products: one material-master read per 40 distinct SKUs and
 * one stock read per 100. Parcels: one Track-by-Reference call per order shown, plus the carrier's
 * OAuth token.
 */
export function callBudget(answer: Customer360Answer): Record<SystemName, number> {
  const nodes = answer.findCustomers.flatMap((c) => c.orders.nodes);
  const skus = new Set(nodes.flatMap((n) => (n.lines ?? []).map((l) => l.sku))).size;
  const marketplaceOrders = nodes.filter((n) => n.sourceSystem === 'MARKETPLACE').length;
  return {
    ERP: 2 + 1 + Math.ceil(skus / ERP_SKUS_PER_CALL),
    POS: 3 + 1 + POS_LOCATION_CHUNKS,
    MARKETPLACE: 1 + 2 + marketplaceOrders,
    WMS: Math.ceil(skus / WMS_SKUS_PER_CALL),
    // One Track-by-Reference call per order shown (UPS has no batch form), plus the OAuth token.
    CARRIER: nodes.length + 1,
  };
}
