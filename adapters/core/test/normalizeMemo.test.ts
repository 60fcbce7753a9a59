import { describe, expect, it, vi } from 'vitest';

// The real parser, counted: a memo hit must not parse again.
const parses = vi.hoisted(() => ({ count: 0 }));
vi.mock('libphonenumber-js', async () => {
  const actual = await vi.importActual<typeof import('libphonenumber-js')>('libphonenumber-js');
  return {
    ...actual,
    parsePhoneNumberFromString: (...args: Parameters<typeof actual.parsePhoneNumberFromString>) => {
      parses.count++;
      return actual.parsePhoneNumberFromString(...args);
    },
  };
});

const { normalizePhone, phoneMemoSize } = await import('../src/normalize.ts');

describe('normalizePhone memo', () => {
  it('answers a repeated number from the memo, valid or not, with the same result', () => {
    const before = parses.count;
    expect(normalizePhone('138 0013 8000')).toBe('+8613800138000');
    expect(normalizePhone('not a phone')).toBeUndefined();
    expect(parses.count - before).toBe(2);
    expect(normalizePhone('138 0013 8000')).toBe('+8613800138000');
    expect(normalizePhone('not a phone')).toBeUndefined();
    expect(parses.count - before).toBe(2);
  });

  it('keys on the default country too: the same digits read elsewhere are another number', () => {
    expect(normalizePhone('020 7946 0958', 'GB')).toBe('+442079460958');
    expect(normalizePhone('020 7946 0958', 'CN')).not.toBe('+442079460958');
    expect(normalizePhone('0086 138 0013 8000')).toBe('+8613800138000');
  });

  it('stays bounded however many distinct numbers pass through', () => {
    for (let i = 0; i < 12_000; i++) normalizePhone(`138${String(i).padStart(8, '0')}`);
    expect(phoneMemoSize()).toBeLessThanOrEqual(10_000);
    expect(phoneMemoSize()).toBeGreaterThan(0);
    expect(normalizePhone('13800000042')).toBe('+8613800000042');
  });
});
