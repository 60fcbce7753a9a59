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

interface StoredPhone {
  e164: string | undefined;
  /** The number's digits as stored and in E.164 form (either may be empty). */
  forms: readonly [string, string];
}

/**
 * Parsing with libphonenumber costs tens of microseconds and a search tests every customer, so
 * stored numbers are read once per (country, number). Keyed by the text itself, an entry cannot go
 * stale; the bound only guards against a store that keeps growing. Looked up by the customer's own
 * string, whose hash V8 keeps, rather than by a key built per call.
 */
const storedPhones = new Map<CountryCode, Map<string, StoredPhone>>();
const STORED_PHONES_LIMIT = 200_000;

function storedPhone(stored: string, country: CountryCode): StoredPhone {
  let known = storedPhones.get(country);
  if (!known) storedPhones.set(country, (known = new Map()));
  let entry = known.get(stored);
  if (!entry) {
    const e164 = toE164(stored, country);
    entry = { e164, forms: [stored.replace(/\D/g, ''), (e164 ?? '').replace(/\D/g, '')] };
    if (known.size >= STORED_PHONES_LIMIT) known.clear();
    known.set(stored, entry);
  }
  return entry;
}

/** A stored number's digits as typed and in E.164 form (either may be empty), read once. */
export function storedPhoneDigits(stored: string, country: CountryCode): readonly [string, string] {
  return storedPhone(stored, country).forms;
}

/** The digit tokens of a fuzzy phone query (split on spaces, non-digits dropped). */
export function phoneTokens(query: string): string[] {
  return query
    .split(/\s+/)
    .map((t) => t.replace(/\D/g, ''))
    .filter((t) => t.length > 0);
}

/** The exact phone filter for one query, parsed once for the whole search. */
export function phoneExactMatcher(query: string, country: CountryCode): (stored: string | undefined) => boolean {
  const want = toE164(query, country);
  return (stored) => !!stored && want !== undefined && storedPhone(stored, country).e164 === want;
}

/** The fuzzy phone filter for one query, tokenised once for the whole search. */
export function phoneFuzzyMatcher(query: string, country: CountryCode): (stored: string | undefined) => boolean {
  const wanted = phoneTokens(query);
  return (stored) => {
    if (!stored || wanted.length === 0) return false;
    return storedPhone(stored, country).forms.some((digits) => digits.length > 0 && wanted.every((w) => digits.includes(w)));
  };
}

export function phoneExactMatches(stored: string | undefined, query: string, country: CountryCode): boolean {
  return phoneExactMatcher(query, country)(stored);
}

export function phoneFuzzyMatches(stored: string | undefined, query: string, country: CountryCode): boolean {
  return phoneFuzzyMatcher(query, country)(stored);
}
