import { describe, expect, it } from 'vitest';
import { FieldIndex, FieldIndexes } from '../src/index.ts';

interface Row {
  id: number;
  who?: string;
}

const scan = (rows: readonly Row[], wanted: string[], norm = (s: string) => s) =>
  rows.filter((r) => r.who !== undefined && wanted.map(norm).includes(norm(r.who)));

describe('FieldIndex', () => {
  it('finds what a scan finds, in array order, each row once', () => {
    const rows: Row[] = [{ id: 1, who: 'a' }, { id: 2, who: 'b' }, { id: 3 }, { id: 4, who: 'a' }, { id: 5, who: 'c' }];
    const index = new FieldIndex((r: Row) => r.who);
    expect(index.lookup(rows, ['a'])).toEqual(scan(rows, ['a']));
    expect(index.lookup(rows, ['c', 'a', 'a'])).toEqual(scan(rows, ['a', 'c']));
    expect(index.lookup(rows, ['zz'])).toEqual([]);
  });

  it('follows rows pushed, replaced and removed after it was built', () => {
    const rows: Row[] = [
      { id: 1, who: 'a' },
      { id: 2, who: 'b' },
    ];
    const index = new FieldIndex((r: Row) => r.who);
    expect(index.lookup(rows, ['a']).map((r) => r.id)).toEqual([1]);
    rows.push({ id: 3, who: 'a' });
    expect(index.lookup(rows, ['a']).map((r) => r.id)).toEqual([1, 3]);
    rows[0] = { id: 1, who: 'b' };
    expect(index.lookup(rows, ['a']).map((r) => r.id)).toEqual([3]);
    expect(index.lookup(rows, ['b']).map((r) => r.id)).toEqual([1, 2]);
    rows.splice(1, 1);
    expect(index.lookup(rows, ['b']).map((r) => r.id)).toEqual([1]);
  });

  it('trusts an unchanged version and checks the rows again when it moves', () => {
    const rows: Row[] = [{ id: 1, who: 'a' }];
    const index = new FieldIndex((r: Row) => r.who);
    expect(index.lookup(rows, ['a'], 0)).toHaveLength(1);
    rows.push({ id: 2, who: 'a' });
    expect(index.lookup(rows, ['a'], 1).map((r) => r.id)).toEqual([1, 2]);
    expect(index.lookup(rows, ['a']).map((r) => r.id)).toEqual([1, 2]);
  });

  it('normalises stored and wanted values alike', () => {
    const rows: Row[] = [
      { id: 1, who: ' Ann@X.com ' },
      { id: 2, who: 'ann@x.com' },
      { id: 3, who: 'bob' },
    ];
    const norm = (s: string) => s.trim().toLowerCase();
    const index = new FieldIndex((r: Row) => r.who, { normalize: norm });
    expect(index.lookup(rows, ['ANN@x.COM'])).toEqual(scan(rows, ['ANN@x.COM'], norm));
  });
});

describe('FieldIndexes', () => {
  it('keeps one index per array and name', () => {
    const indexes = new FieldIndexes();
    const a: Row[] = [{ id: 1, who: 'x' }];
    const b: Row[] = [{ id: 2, who: 'x' }];
    const read = (r: Row) => r.who;
    expect(indexes.of(a, 'who', read)).toBe(indexes.of(a, 'who', read));
    expect(indexes.of(a, 'who', read)).not.toBe(indexes.of(b, 'who', read));
    expect(indexes.of(b, 'who', read).lookup(b, ['x'])).toEqual(b);
  });
});
