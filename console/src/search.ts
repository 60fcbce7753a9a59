/** Which `findCustomers` argument an agent's one search box means. */
export type SearchKind = 'phone' | 'email' | 'cardNumber' | 'orderNumber' | 'name';

export const SEARCH_KIND_LABELS: Record<SearchKind, string> = {
  phone: 'phone',
  email: 'email',
  cardNumber: 'card number',
  orderNumber: 'order number',
  name: 'name',
};

/**
 * Phones are Chinese mobiles in any format (`181 8529 8266`, `+86…`, `0086…`); member, gift and
 * staff cards are 16 digits; anything else with a digit is an order number from some channel
 * (web `W2026-000123`, ERP `1000000123`, till `ST001-20261101-0042`, Amazon `114-…`); the rest a name.
 */
export function classifySearch(input: string): { kind: SearchKind; value: string } | undefined {
  const value = input.trim();
  if (!value) return undefined;
  if (value.includes('@')) return { kind: 'email', value };
  const digits = value.replace(/\D/g, '');
  const phoneLike = /^[+\d\s\-().]+$/.test(value);
  if (phoneLike && (/^1\d{10}$/.test(digits) || /^861\d{10}$/.test(digits) || /^00861\d{10}$/.test(digits)))
    return { kind: 'phone', value };
  if (/^\d{4}[\s-]?\d{4}[\s-]?\d{4}[\s-]?\d{4}$/.test(value)) return { kind: 'cardNumber', value: digits };
  if (/\d/.test(value)) return { kind: 'orderNumber', value };
  return { kind: 'name', value };
}
