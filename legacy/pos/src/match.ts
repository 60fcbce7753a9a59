import { parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js';

/**
 * How SearchCustomers' text filters match, following Square's documentation of
 * `CustomerFilter` (see the README for the choices where the documentation is loose):
 *
 * - email_address.exact: the whole address, case-insensitive, surrounding spaces ignored.
 * - email_address.fuzzy / reference_id.fuzzy: punctuation becomes a space, both sides are
 *   tokenised; every query token must occur inside some stored token (so `steven gmail`
 *   matches `mygmail@stevensbakery.com`), case-insensitive.
 * - phone_number.exact: the query must be E.164-compliant (leading `+`, country code; spaces,
 *   dashes and brackets allowed); stored numbers are converted to E.164 in the seller's
 *   country before comparing.
 * - phone_number.fuzzy: the query is split on spaces and reduced to digits; every token must
 *   occur in the stored number's digits, either as typed or in E.164 form (so the national
 *   number `13800138000` matches `+86 138-0013-8000`, `138 0013 8000` and `0086 13800138000`).
 * - reference_id.exact: the whole id, case-insensitive.
 */
export function tokens(text: string): string[] {
  return text
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .split(' ')
    .filter((t) => t.length > 0);
}

export function fuzzyTextMatches(stored: string | undefined, query: string): boolean {
  if (!stored) return false;
  const wanted = tokens(query);
  if (wanted.length === 0) return false;
  const have = tokens(stored);
  return wanted.every((w) => have.some((h) => h.includes(w)));
}

export function exactTextMatches(stored: string | undefined, query: string): boolean {
  return stored !== undefined && stored.trim().toLowerCase() === query.trim().toLowerCase();
}

export function toE164(raw: string, country: CountryCode): string | undefined {
  const parsed = parsePhoneNumberFromString(raw.trim().replace(/^00/, '+'), country);
  return parsed?.isValid() ? parsed.number : undefined;
}

/** Whether an exact phone query is E.164-compliant (Square refuses the search otherwise). */
export function isE164Query(query: string): boolean {
  return /^\+[\d\s().-]+$/.test(query.trim()) && toE164(query, 'US') !== undefined;
}

export function phoneExactMatches(stored: string | undefined, query: string, country: CountryCode): boolean {
  if (!stored) return false;
  const want = toE164(query, country);
  return want !== undefined && toE164(stored, country) === want;
}

export function phoneFuzzyMatches(stored: string | undefined, query: string, country: CountryCode): boolean {
  if (!stored) return false;
  const wanted = query
    .split(/\s+/)
    .map((t) => t.replace(/\D/g, ''))
    .filter((t) => t.length > 0);
  if (wanted.length === 0) return false;
  const forms = [stored.replace(/\D/g, ''), (toE164(stored, country) ?? '').replace(/\D/g, '')];
  return forms.some((digits) => digits.length > 0 && wanted.every((w) => digits.includes(w)));
}
