import { describe, expect, it } from 'vitest';
import { getDataset } from '../../dataset/src/index.ts';
import { phoneFuzzyMatcher, phoneTokens } from '../src/match.ts';
import { phoneCandidates } from '../src/phoneIndex.ts';
import { buildStore } from '../src/store.ts';
import type { SquareCustomer } from '../src/wire.ts';

const store = buildStore(getDataset({ scale: 0.05 }));

/** What the search returns with the index: candidates, then the full predicate. */
const indexed = (rows: readonly SquareCustomer[], query: string) =>
  phoneCandidates(rows, phoneTokens(query), store.country).filter((c) => phoneFuzzyMatcher(query, store.country)(c.phone_number));
const scanned = (rows: readonly SquareCustomer[], query: string) =>
  rows.filter((c) => phoneFuzzyMatcher(query, store.country)(c.phone_number));

describe('fuzzy phone candidates', () => {
  const withPhone = store.customers.filter((c) => c.phone_number);

  it('leave exactly the customers a scan of every customer finds, in the same order', () => {
    expect(withPhone.length).toBeGreaterThan(10);
    const queries = withPhone.slice(0, 12).flatMap((c) => {
      const digits = (c.phone_number as string).replace(/\D/g, '');
      // As typed, its tail, two tokens, and the E.164 form with the country code.
      return [digits, digits.slice(-4), `${digits.slice(0, 3)} ${digits.slice(-4)}`, `86${digits.slice(-11)}`];
    });
    for (const query of [...queries, '0', '999999999999999']) {
      expect(indexed(store.customers, query).map((c) => c.id)).toEqual(scanned(store.customers, query).map((c) => c.id));
    }
    expect(indexed(store.customers, (withPhone[0]?.phone_number as string).replace(/\D/g, ''))).toContain(withPhone[0]);
  });

  it('follow customers added to or replaced in the array after the first search', () => {
    const rows = [...store.customers];
    const query = '13912345678';
    expect(indexed(rows, query)).toEqual(scanned(rows, query));
    const added: SquareCustomer = { ...(rows[0] as SquareCustomer), id: 'ADDED', phone_number: '+86 139 1234 5678' };
    rows.push(added);
    expect(indexed(rows, query)).toContain(added);
    const replaced: SquareCustomer = { ...(rows[1] as SquareCustomer), id: 'REPLACED', phone_number: '139-1234-5678' };
    rows[1] = replaced;
    expect(indexed(rows, query).map((c) => c.id)).toEqual(['REPLACED', 'ADDED']);
    expect(indexed(rows, query)).toEqual(scanned(rows, query));
  });
});
