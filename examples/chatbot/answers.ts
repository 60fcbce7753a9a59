/** The three questions the bot answers; anything else gets the menu. */
export type Intent = 'where' | 'stock' | 'return' | 'help';

export function intentOf(question: string): Intent {
  const q = question.toLowerCase();
  if (/\breturn|refund|send (it )?back/.test(q)) return 'return';
  if (/stock|available|near me|in store|nearby/.test(q)) return 'stock';
  if (/where|status|track|deliver|arrive|my order/.test(q)) return 'where';
  return 'help';
}

/** An order number the caller said: web `W2026-000123`, till `ST001-20261101-0042`, marketplace `114-1234567-1234567`, ERP `1000000123`. */
export function orderNumberIn(question: string): string | undefined {
  return /\b([WAC]\d{4}-\d{6}|ST\d{3}-\d{8}-\d{4}|\d{3}-\d{7}-\d{7}|\d{10})\b/i.exec(question)?.[1];
}

export function skuIn(question: string): string | undefined {
  return /\b(SKU-\d{6})\b/i.exec(question)?.[1]?.toUpperCase();
}

export interface OrderFacts {
  number: string;
  channel: string;
  status: string;
  placedAt: string;
}

/** The return policy's answer for one order (`returnEligibility`), as the graph gives it. */
export interface Eligibility {
  windowClosesOn: string;
  lines: { sku: string; returnable: number; reasons: { code: string; message: string }[] }[];
}

/** "Can I return it?" in one sentence: what may go back and until when, or every reason it may not. */
export function returnAnswer(order: OrderFacts, eligibility: Eligibility, names: Map<string, string>): string {
  const returnable = eligibility.lines.filter((l) => l.returnable > 0);
  if (returnable.length > 0) {
    const what = returnable.map((l) => `${l.returnable} × ${names.get(l.sku) ?? l.sku}`).join(', ');
    return `Yes, order ${order.number}: you can return ${what} until ${eligibility.windowClosesOn}, at any store or by post.`;
  }
  const reasons = [...new Set(eligibility.lines.flatMap((l) => l.reasons.map((r) => r.message)))];
  return `No, order ${order.number}: ${reasons.join('; ') || 'nothing on it can be returned'}.`;
}

export function words(code: string): string {
  return code.replace(/_/g, ' ').toLowerCase();
}
