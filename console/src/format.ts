import type { Money } from './types.ts';

export function money(m: Money | null | undefined): string {
  if (!m) return '—';
  const symbol = m.currency === 'CNY' ? '¥' : `${m.currency} `;
  return `${symbol}${Number(m.amount).toLocaleString('en', { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;
}

export function date(iso: string | null | undefined): string {
  if (!iso) return '—';
  return iso.slice(0, 10);
}

export function dateTime(iso: string | null | undefined): string {
  if (!iso) return '—';
  return iso.replace('T', ' ').slice(0, 16);
}

export function words(code: string): string {
  return code.replace(/_/g, ' ').toLowerCase();
}

/** An idempotency key per user action: a retried request then never holds or orders twice. */
export function actionKey(prefix: string): string {
  const bytes = crypto.getRandomValues(new Uint8Array(12));
  return `console-${prefix}-${Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('')}`;
}
