import { decodeId, type CallContext, type OrderRecord, type ProductRecord } from '../../../../adapters/core/src/index.ts';
import type { ErpCustomerReturns } from '../../../../adapters/erp/src/index.ts';
import { badUserInput, type Systems } from '../../../runtime/src/index.ts';
import { orderEligibility, type OrderEligibility, type ReturnPolicyConfig } from './policy.ts';

/**
 * Finding what a customer bought, in whichever system sold it: by order id or number, till
 * receipt, or the card that paid. The returns subgraph reads the systems through their
 * adapters (never another subgraph's code).
 */

export interface ProofInput {
  orderId?: string | null;
  orderNumber?: string | null;
  receiptNumber?: string | null;
  cardLast4?: string | null;
  customerId?: string | null;
}

const SYSTEMS = new Set(['ERP', 'POS', 'MARKETPLACE']);

/** Marketplace listings come without lines: fetch them (one call per order, bounded by the adapter). */
async function withLines(systems: Systems, ctx: CallContext, orders: OrderRecord[]): Promise<OrderRecord[]> {
  const missing = orders.filter((o) => !o.lines && o.system === 'MARKETPLACE');
  if (missing.length === 0) return orders;
  const lines = await systems.marketplace.orderLines(
    ctx,
    missing.map((o) => o.externalId),
  );
  const byId = new Map(missing.map((o, i) => [o.externalId, lines[i] ?? []]));
  return orders.map((o) => (byId.has(o.externalId) ? { ...o, lines: byId.get(o.externalId) ?? [] } : o));
}

/** The order by its id (ord_…), or null when the system does not know it. */
export async function orderById(systems: Systems, ctx: CallContext, id: string): Promise<OrderRecord | null> {
  const ref = decodeId('ord', id);
  if (!ref || !SYSTEMS.has(ref.system)) throw badUserInput('orderId is not an order id');
  const adapter = ref.system === 'ERP' ? systems.erp : ref.system === 'POS' ? systems.pos : systems.marketplace;
  const [found] = await adapter.getOrders(ctx, [ref.externalId]);
  return found ? ((await withLines(systems, ctx, [found]))[0] ?? null) : null;
}

/** The one order a proof points at; null when nothing (or nothing unambiguous) matches. */
export async function orderByProof(
  systems: Systems,
  ctx: CallContext,
  proof: ProofInput,
  skus: readonly string[],
): Promise<OrderRecord | null> {
  if (proof.orderId) return orderById(systems, ctx, proof.orderId);
  if (proof.receiptNumber) {
    const found = await systems.pos.findOrdersByNumber(ctx, proof.receiptNumber.trim());
    return found.length === 1 ? (found[0] ?? null) : null;
  }
  if (proof.orderNumber) {
    const number = proof.orderNumber.trim();
    const [erp, marketplace] = await Promise.all([
      systems.erp.findOrdersByNumber(ctx, number),
      systems.marketplace.findOrdersByNumber(ctx, number),
    ]);
    const found = [...erp, ...marketplace].filter((o) => o.number === number);
    return found.length === 1 ? ((await withLines(systems, ctx, found))[0] ?? null) : null;
  }
  if (proof.cardLast4 && proof.customerId) {
    if (!/^\d{4}$/.test(proof.cardLast4)) throw badUserInput('cardLast4 must be four digits');
    const paid = (await purchasesOf(systems, ctx, proof.customerId)).filter(
      (o) => o.payments?.some((p) => p.cardLast4 === proof.cardLast4) && skus.every((s) => o.lines?.some((l) => l.sku === s)),
    );
    // The newest purchase with that card holding every SKU: what the customer most likely means.
    return paid[0] ?? null;
  }
  throw badUserInput('proof needs an orderId, an orderNumber, a receiptNumber, or cardLast4 with customerId');
}

/**
 * Every purchase of the customer across systems, newest first. The customer id anchors one
 * record; the person's records in the other systems are found by exact e-mail (and phone at
 * the POS), as the identity rules do for their strongest evidence.
 */
export async function purchasesOf(systems: Systems, ctx: CallContext, customerId: string): Promise<OrderRecord[]> {
  const ref = decodeId('cus', customerId);
  if (!ref || !SYSTEMS.has(ref.system)) throw badUserInput('customerId is not a customer id');
  const anchor =
    ref.system === 'ERP'
      ? (await systems.erp.getCustomers(ctx, [ref.externalId]))[0]
      : ref.system === 'POS'
        ? (await systems.pos.getCustomers(ctx, [ref.externalId]))[0]
        : undefined;
  const emails = anchor?.emails ?? (ref.system === 'MARKETPLACE' ? [ref.externalId] : []);
  const phones = anchor?.phones ?? [];
  const erpIds = new Set(ref.system === 'ERP' ? [ref.externalId] : []);
  const posIds = new Set(ref.system === 'POS' ? [ref.externalId] : []);
  const queries = [...emails.map((email) => ({ email })), ...phones.map((phone) => ({ phone }))];
  const [erpFound, posFound] = await Promise.all([
    Promise.all(emails.map((email) => systems.erp.findCustomers(ctx, { email }))),
    Promise.all(queries.map((q) => systems.pos.findCustomers(ctx, q))),
  ]);
  for (const c of erpFound.flat()) erpIds.add(c.externalId);
  for (const c of posFound.flat()) posIds.add(c.externalId);
  const [erp, pos, marketplace] = await Promise.all([
    erpIds.size ? systems.erp.ordersForCustomers(ctx, [...erpIds]) : [],
    posIds.size ? systems.pos.ordersForCustomers(ctx, [...posIds]) : [],
    emails.length ? systems.marketplace.ordersForBuyers(ctx, emails) : [],
  ]);
  const seen = new Set<string>();
  const all = [...erp.flat(), ...pos.flat(), ...marketplace.flat()].filter((o) => {
    const key = `${o.system}:${o.externalId}`;
    return !seen.has(key) && seen.add(key);
  });
  all.sort((a, b) => Date.parse(b.placedAt) - Date.parse(a.placedAt));
  return withLines(systems, ctx, all);
}

/** Eligibility of each order under the policy, with its products' categories and earlier returns. */
export async function eligibilityOf(
  systems: Systems,
  returns: ErpCustomerReturns,
  ctx: CallContext,
  policy: ReturnPolicyConfig,
  orders: readonly OrderRecord[],
  nowMs: number,
): Promise<OrderEligibility[]> {
  if (orders.length === 0) return [];
  const skus = [...new Set(orders.flatMap((o) => (o.lines ?? []).map((l) => l.sku)))];
  const [products, earlier] = await Promise.all([
    skus.length ? systems.erp.getProducts(ctx, skus) : Promise.resolve([] as (ProductRecord | null)[]),
    returns.forOriginalOrders(
      ctx,
      orders.map((o) => o.externalId),
    ),
  ]);
  const bySku = new Map(skus.map((s, i) => [s, products[i] ?? null]));
  return orders.map((order, i) => {
    const returned = new Map<string, number>();
    for (const r of earlier[i] ?? []) {
      if (r.originSystem !== order.system || r.status === 'REJECTED') continue;
      for (const l of r.lines) returned.set(l.sku, (returned.get(l.sku) ?? 0) + l.quantity);
    }
    return orderEligibility(policy, order, bySku, returned, nowMs);
  });
}
