import type { CountryCode } from 'libphonenumber-js';
import { storedPhoneDigits } from './match.ts';
import type { SquareCustomer } from './wire.ts';

/**
 * A fuzzy phone search keeps the customers whose number holds every query token as digits, as
 * stored or in E.164 form. Testing that customer by customer is the most expensive thing the POS
 * does; instead, every customer's digit forms are joined into one string, so finding the customers
 * that hold one token is a single native substring search. The result is a superset the caller
 * still filters with the full predicate.
 *
 * Built for one customers array and rebuilt when a row of it is added, removed or replaced (an
 * identity check per search); a customer's number never changes in place.
 */
class PhoneDigits {
  private rows: SquareCustomer[] = [];
  private text = '';
  /** Start offset in `text` of each row's forms, ascending. */
  private starts: number[] = [];

  constructor(private readonly country: CountryCode) {}

  /** Customers (in array order) whose stored digits or E.164 digits contain `digits`. */
  containing(rows: readonly SquareCustomer[], digits: string): SquareCustomer[] {
    if (!this.unchanged(rows)) this.build(rows);
    const out: SquareCustomer[] = [];
    let last = -1;
    for (let at = this.text.indexOf(digits); at >= 0; at = this.text.indexOf(digits, at + 1)) {
      const row = this.rowAt(at);
      if (row !== last) out.push(this.rows[(last = row)] as SquareCustomer);
    }
    return out;
  }

  private unchanged(rows: readonly SquareCustomer[]): boolean {
    const n = rows.length;
    if (n !== this.rows.length) return false;
    for (let i = 0; i < n; i++) if (rows[i] !== this.rows[i]) return false;
    return true;
  }

  private build(rows: readonly SquareCustomer[]): void {
    this.rows = [...rows];
    this.starts = [];
    const parts: string[] = [];
    let offset = 0;
    for (const c of this.rows) {
      // Forms are digits only and joined by a non-digit, so no match spans two of them.
      const part = c.phone_number ? `${storedPhoneDigits(c.phone_number, this.country).join('|')}|` : '|';
      this.starts.push(offset);
      parts.push(part);
      offset += part.length;
    }
    this.text = parts.join('');
  }

  /** Index of the row whose forms hold text offset `at`. */
  private rowAt(at: number): number {
    let lo = 0;
    let hi = this.starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >>> 1;
      if ((this.starts[mid] as number) <= at) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  }
}

const byRows = new WeakMap<object, Map<CountryCode, PhoneDigits>>();

/**
 * Customers of `rows` that can match a fuzzy phone search for `tokens` (digit strings, at least
 * one): those holding the longest token. Exact for one token; a superset otherwise.
 */
export function phoneCandidates(rows: readonly SquareCustomer[], tokens: readonly string[], country: CountryCode): SquareCustomer[] {
  let perCountry = byRows.get(rows);
  if (!perCountry) byRows.set(rows, (perCountry = new Map()));
  let index = perCountry.get(country);
  if (!index) perCountry.set(country, (index = new PhoneDigits(country)));
  const longest = tokens.reduce((a, b) => (b.length > a.length ? b : a));
  return index.containing(rows, longest);
}
