import type { Money, OrderRecord, ProductRecord } from '../../../../adapters/core/src/index.ts';

/**
 * The return policy: which purchased units may come back. Pure functions over an order, the
 * products' categories and what was already returned, so the same rules answer the chatbot's
 * "can I return it?", the till's `createReturn` and `identifyReturn`. Documented in
 * docs/returns.md; configured through ReturnsOptions.policy.
 */
export interface ReturnPolicyConfig {
  /** Days from the order date a return is accepted. @default 30 */
  windowDays: number;
  /** Marketplace orders follow the marketplace's own window. @default 30 */
  marketplaceWindowDays: number;
  /** Categories sold as final sale (hygiene, perishables). @default ["grocery"] */
  finalSaleCategories: readonly string[];
}

export const DEFAULT_RETURN_POLICY: Readonly<ReturnPolicyConfig> = Object.freeze({
  windowDays: 30,
  marketplaceWindowDays: 30,
  finalSaleCategories: Object.freeze(['grocery']),
});

export type NotEligibleCode = 'WINDOW_CLOSED' | 'FINAL_SALE' | 'ALREADY_RETURNED' | 'NOT_ON_ORDER' | 'ORDER_CANCELLED';

export interface NotEligible {
  line: number | null;
  sku: string | null;
  code: NotEligibleCode;
  message: string;
}

export interface LineEligibility {
  sku: string;
  purchased: number;
  alreadyReturned: number;
  returnable: number;
  /** Price paid per unit (the order's own line price). */
  unitPrice: Money;
  reasons: NotEligible[];
}

export interface OrderEligibility {
  order: OrderRecord;
  windowClosesOn: string;
  lines: LineEligibility[];
}

const DAY_MS = 86_400_000;

/** Line by line (one entry per SKU) what of `order` may still come back at `nowMs`. */
export function orderEligibility(
  policy: ReturnPolicyConfig,
  order: OrderRecord,
  products: ReadonlyMap<string, ProductRecord | null>,
  returned: ReadonlyMap<string, number>,
  nowMs: number,
): OrderEligibility {
  const days = order.system === 'MARKETPLACE' ? policy.marketplaceWindowDays : policy.windowDays;
  const closesMs = Date.parse(order.placedAt) + days * DAY_MS;
  const bySku = new Map<string, { purchased: number; unitPrice: Money }>();
  for (const l of order.lines ?? []) {
    const seen = bySku.get(l.sku);
    bySku.set(l.sku, { purchased: (seen?.purchased ?? 0) + l.quantity, unitPrice: seen?.unitPrice ?? l.unitPrice });
  }
  const lines = [...bySku].map(([sku, { purchased, unitPrice }]): LineEligibility => {
    const alreadyReturned = returned.get(sku) ?? 0;
    const reasons: NotEligible[] = [];
    const why = (code: NotEligibleCode, message: string) => reasons.push({ line: null, sku, code, message });
    if (order.status === 'CANCELLED') why('ORDER_CANCELLED', `order ${order.number} was cancelled`);
    if (nowMs > closesMs) {
      why('WINDOW_CLOSED', `the ${days}-day return window closed on ${new Date(closesMs).toISOString().slice(0, 10)}`);
    }
    const category = products.get(sku)?.category;
    if (category && policy.finalSaleCategories.includes(category)) why('FINAL_SALE', `${category} is final sale`);
    if (alreadyReturned >= purchased) why('ALREADY_RETURNED', `all ${purchased} bought were already returned`);
    return { sku, purchased, alreadyReturned, returnable: reasons.length ? 0 : purchased - alreadyReturned, unitPrice, reasons };
  });
  return { order, windowClosesOn: new Date(closesMs).toISOString().slice(0, 10), lines };
}

/** Why the requested lines cannot come back (empty: all of them can). */
export function refusals(eligibility: OrderEligibility, requested: readonly { sku: string; quantity: number }[]): NotEligible[] {
  const out: NotEligible[] = [];
  const asked = new Map<string, number>();
  requested.forEach((r, i) => {
    const line = eligibility.lines.find((l) => l.sku === r.sku);
    if (!line) {
      out.push({ line: i, sku: r.sku, code: 'NOT_ON_ORDER', message: `${r.sku} is not on order ${eligibility.order.number}` });
      return;
    }
    if (line.reasons.length) {
      out.push(...line.reasons.map((reason) => ({ ...reason, line: i })));
      return;
    }
    const total = (asked.get(r.sku) ?? 0) + r.quantity;
    asked.set(r.sku, total);
    if (total > line.returnable) {
      out.push({
        line: i,
        sku: r.sku,
        code: 'ALREADY_RETURNED',
        message: `only ${line.returnable} of ${line.purchased} ${r.sku} can still be returned (${line.alreadyReturned} already returned)`,
      });
    }
  });
  return out;
}

/** Decimal money arithmetic in minor units (two decimals: every currency the systems use). */
export const toCents = (m: Money): number => Math.round(Number(m.amount) * 100);
export const fromCents = (cents: number, currency: string): Money => ({
  amount: `${cents < 0 ? '-' : ''}${(Math.abs(cents) / 100).toFixed(2)}`,
  currency,
});
