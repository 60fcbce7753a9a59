import { parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js';

/** Email as identity: trimmed and lower-cased (the local part is case-insensitive in practice). */
export function normalizeEmail(raw: string | undefined | null): string | undefined {
  const email = raw?.trim().toLowerCase();
  return email && /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email) ? email : undefined;
}

/**
 * Phone as identity: E.164, read in the retailer's home country when no country code is given
 * ("138 0013 8000", "0086 138…", "+86 138…" all become "+8613800138000").
 */
export function normalizePhone(raw: string | undefined | null, defaultCountry: CountryCode = 'CN'): string | undefined {
  if (!raw) return undefined;
  const key = `${defaultCountry}|${raw}`;
  // `null` marks a number known to be invalid, so misses are memoised too.
  const known = phoneMemo.get(key);
  if (known !== undefined) return known ?? undefined;
  const cleaned = raw.trim().replace(/^00/, '+');
  const parsed = parsePhoneNumberFromString(cleaned, defaultCountry);
  const normalized = parsed?.isValid() ? parsed.number : null;
  // Cleared when full rather than LRU: the working set (a search's expansion, a page of customers) is far smaller.
  if (phoneMemo.size >= PHONE_MEMO_LIMIT) phoneMemo.clear();
  phoneMemo.set(key, normalized);
  return normalized ?? undefined;
}

/**
 * Parsing with libphonenumber dominates identity matching (the same numbers are normalised in
 * the search expansion, the clustering and the `phones` resolver), and the result depends only
 * on the input, so it is kept here, bounded.
 */
const PHONE_MEMO_LIMIT = 10_000;
const phoneMemo = new Map<string, string | null>();

/** Entries in the phone memo (tests). */
export function phoneMemoSize(): number {
  return phoneMemo.size;
}

/** Card numbers compare on digits only. */
export function normalizeCard(raw: string | undefined | null): string | undefined {
  const digits = raw?.replace(/\D/g, '');
  return digits && digits.length >= 8 ? digits : undefined;
}

/** Shows the last four digits only: "•••• 1234". */
export function maskCardNumber(card: string): string {
  return `•••• ${card.replace(/\D/g, '').slice(-4)}`;
}
