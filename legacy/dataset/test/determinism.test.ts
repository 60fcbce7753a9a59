import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { clearDatasetCache, generateDataset, getDataset } from '../src/index.ts';

const digest = (value: unknown) => createHash('sha256').update(JSON.stringify(value)).digest('hex');

describe('determinism', () => {
  it('gives the same data for the same options', () => {
    expect(digest(generateDataset({ scale: 0.05 }))).toBe(digest(generateDataset({ scale: 0.05, seed: 42 })));
    expect(digest(generateDataset({ scale: 0.2, seed: 9 }))).toBe(digest(generateDataset({ scale: 0.2, seed: 9 })));
  });

  it('gives different data for another seed, scale or reference date', () => {
    const base = digest(generateDataset({ scale: 0.05 }));
    expect(digest(generateDataset({ scale: 0.05, seed: 43 }))).not.toBe(base);
    expect(digest(generateDataset({ scale: 0.06 }))).not.toBe(base);
    expect(digest(generateDataset({ scale: 0.05, referenceDate: '2026-06-01T00:00:00.000Z' }))).not.toBe(base);
  });

  it('does not depend on the wall clock or Math.random', () => {
    const before = digest(generateDataset({ scale: 0.05 }));
    const random = Math.random;
    Math.random = () => 0.5;
    try {
      expect(digest(generateDataset({ scale: 0.05 }))).toBe(before);
    } finally {
      Math.random = random;
    }
  });

  it('memoises the shared instance by options', () => {
    clearDatasetCache();
    const a = getDataset({ scale: 0.05 });
    expect(getDataset({ scale: 0.05, seed: 42, referenceDate: '2026-11-01T00:00:00Z' })).toBe(a);
    expect(getDataset({ scale: 0.05, seed: 1 })).not.toBe(a);
    clearDatasetCache();
    expect(getDataset({ scale: 0.05 })).not.toBe(a);
  });

  it('rejects nonsense options', () => {
    expect(() => generateDataset({ seed: 1.5 })).toThrow(RangeError);
    expect(() => generateDataset({ scale: 0 })).toThrow(RangeError);
    expect(() => generateDataset({ referenceDate: 'yesterday' })).toThrow(RangeError);
  });
});
