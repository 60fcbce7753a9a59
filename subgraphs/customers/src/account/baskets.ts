import type { BasketLineRecord } from '../../../../adapters/erp/src/index.ts';

/** A cart untouched for longer than this is abandoned (the web shop's reminder e-mail goes out then). */
export const ABANDONED_AFTER_DAYS = 7;
const DAY_MS = 86_400_000;

export interface BasketView {
  items: { sku: string; quantity: number; addedAt: string }[];
  updatedAt: string;
  ageDays: number;
  abandoned: boolean;
}

/**
 * One basket (cart or wishlist) from its lines, or null when it is empty. Its age is that of
 * its newest change, in whole days before `nowMs`.
 */
export function basketView(lines: readonly BasketLineRecord[], kind: BasketLineRecord['basket'], nowMs: number): BasketView | null {
  const mine = lines.filter((l) => l.basket === kind).sort((a, b) => a.lineId.localeCompare(b.lineId, 'en', { numeric: true }));
  if (mine.length === 0) return null;
  const updatedAt = mine.reduce((latest, l) => (l.updatedAt > latest ? l.updatedAt : latest), mine[0]!.updatedAt);
  const ageDays = Math.max(0, Math.floor((nowMs - Date.parse(updatedAt)) / DAY_MS));
  return {
    items: mine.map((l) => ({ sku: l.sku, quantity: l.quantity, addedAt: l.addedAt })),
    updatedAt,
    ageDays,
    abandoned: ageDays > ABANDONED_AFTER_DAYS,
  };
}

/** `8800123456789012` → `************9012`: the only form a card number leaves the graph in. */
export function maskCardNumber(number: string): string {
  const digits = number.replace(/\s+/g, '');
  return `${'*'.repeat(Math.max(4, digits.length - 4))}${digits.slice(-4)}`;
}
