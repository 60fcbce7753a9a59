import { describe, expect, it } from 'vitest';
import { decimalToFen, fenToDecimal, isValidEan13, normalizeEmail, normalizePhone } from '../src/index.ts';
import { iso, localDate } from '../src/format.ts';
import { formatPhone, type PhoneStyle } from '../src/spelling.ts';
import { Rng } from '../src/random.ts';

describe('formatting helpers', () => {
  it('formats timestamps exactly like Date#toISOString', () => {
    const rng = new Rng(1, 'iso');
    for (let i = 0; i < 2_000; i++) {
      const ms = rng.int(0, 4_102_444_800_000);
      expect(iso(ms)).toBe(new Date(ms).toISOString());
    }
    expect(localDate(Date.parse('2026-10-31T16:00:00Z'))).toBe('2026-11-01');
    expect(localDate(Date.parse('2026-10-31T15:59:59Z'))).toBe('2026-10-31');
  });

  it('round-trips money through fen', () => {
    expect(fenToDecimal(12_900)).toBe('129.00');
    expect(fenToDecimal(5)).toBe('0.05');
    expect(decimalToFen('129.00')).toBe(12_900);
    expect(decimalToFen('12.9')).toBe(1_290);
  });

  it('checks EAN-13 check digits', () => {
    expect(isValidEan13('6901234567892')).toBe(true);
    expect(isValidEan13('6901234567893')).toBe(false);
    expect(isValidEan13('4006381333931')).toBe(true);
  });

  it('normalises every phone and email spelling the systems use', () => {
    const styles: PhoneStyle[] = ['E164', 'INTL_SPACED', 'NATIONAL', 'DASHED', 'IDD_SPACED', 'SPACED'];
    for (const s of styles) expect(normalizePhone(formatPhone('+8613800138000', s))).toBe('13800138000');
    expect(formatPhone('+8613800138000', 'INTL_SPACED')).toBe('+86 138 0013 8000');
    expect(formatPhone('+8613800138000', 'IDD_SPACED')).toBe('0086 138 0013 8000');
    expect(normalizeEmail(' Wei.Zhang@Example.com ')).toBe('wei.zhang@example.com');
  });

  it('draws the same numbers for the same seed and stream', () => {
    const a = new Rng(42, 's');
    const b = new Rng(42, 's');
    const c = new Rng(42, 't');
    const xs = Array.from({ length: 5 }, () => a.next());
    expect(Array.from({ length: 5 }, () => b.next())).toEqual(xs);
    expect(Array.from({ length: 5 }, () => c.next())).not.toEqual(xs);
  });
});
