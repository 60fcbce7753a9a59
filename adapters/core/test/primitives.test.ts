import { describe, expect, it } from 'vitest';
import { AdapterError, TokenBucket, decodeId, encodeId, maskCardNumber, normalizePhone, parseRetryAfter } from '../src/index.ts';

describe('parseRetryAfter', () => {
  it('reads delta-seconds and HTTP dates', () => {
    const now = Date.parse('2026-11-01T00:00:00Z');
    expect(parseRetryAfter('3', now)).toBe(3000);
    expect(parseRetryAfter('Sun, 01 Nov 2026 00:00:05 GMT', now)).toBe(5000);
    expect(parseRetryAfter('Sat, 31 Oct 2026 23:00:00 GMT', now)).toBe(0);
    expect(parseRetryAfter('soon', now)).toBeUndefined();
    expect(parseRetryAfter(undefined, now)).toBeUndefined();
  });
});

describe('ids', () => {
  it('round-trip and reject other prefixes and garbage', () => {
    const id = encodeId('ord', 'ERP', '1000000123');
    expect(id).toMatch(/^ord_[A-Za-z0-9_-]+$/);
    expect(decodeId('ord', id)).toEqual({ system: 'ERP', externalId: '1000000123' });
    expect(decodeId('cus', id)).toBeUndefined();
    expect(decodeId('ord', 'ord_!!!')).toBeUndefined();
  });
});

describe('normalisation', () => {
  it('reads Chinese mobile numbers in every spelling as one E.164 number', () => {
    for (const raw of ['+86 138 0013 8000', '13800138000', '138-0013-8000', '0086 138 0013 8000', '+8613800138000']) {
      expect(normalizePhone(raw)).toBe('+8613800138000');
    }
    expect(normalizePhone('12345')).toBeUndefined();
  });
  it('masks card numbers to the last four digits', () => {
    expect(maskCardNumber('8800 1234 5678 9012')).toBe('•••• 9012');
  });
});

describe('TokenBucket', () => {
  it('lets a burst through, then waits for refill within the budget, and refuses beyond it', async () => {
    const bucket = new TokenBucket({ op: { ratePerSecond: 20, burst: 2 } });
    const started = Date.now();
    await bucket.take('op', 1000, 'MARKETPLACE');
    await bucket.take('op', 1000, 'MARKETPLACE');
    await bucket.take('op', 1000, 'MARKETPLACE');
    expect(Date.now() - started).toBeGreaterThanOrEqual(40);
    const err = await bucket.take('op', 1, 'MARKETPLACE').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AdapterError);
    expect((err as AdapterError).code).toBe('UPSTREAM_RATE_LIMITED');
  });
});
