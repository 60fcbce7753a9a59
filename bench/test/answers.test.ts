import { describe, expect, it } from 'vitest';
import { errorMark, errorShare, failedRequests, isAnswered } from '../lib/answers.ts';
import { Pool } from '../workloads.ts';

describe('answered requests (throughput counts only these)', () => {
  it('is a 2xx whose body carries no GraphQL errors', () => {
    expect(isAnswered(200, '{"data":{"product":{"sku":"SKU-1"}}}')).toBe(true);
    expect(isAnswered(204, '')).toBe(true);
    expect(isAnswered(200, '{"data":{"product":null},"errors":[{"message":"WMS unavailable"}]}')).toBe(false);
    expect(isAnswered(500, '{"data":{"product":{"sku":"SKU-1"}}}')).toBe(false);
    expect(isAnswered(429, 'Too Many Requests')).toBe(false);
    expect(isAnswered(302, '')).toBe(false);
  });

  it('counts connection errors (timeouts among them), non-2xx and GraphQL errors as failed, and marks a row over 1 %', () => {
    const load = { requests: 1000, errors: 3, non2xx: 4, graphqlErrors: 5 };
    expect(failedRequests(load)).toBe(12);
    expect(errorShare(load)).toBeCloseTo(12 / 1003, 6);
    expect(errorMark(load)).toBe('⚠ 12 errors');
    expect(errorMark({ requests: 1000, errors: 0, non2xx: 0, graphqlErrors: 10 })).toBe('');
    expect(errorMark({ requests: 0, errors: 0, non2xx: 0, graphqlErrors: 0 })).toBe('');
  });
});

describe('W1 and W4 ask each customer once within the cache window', () => {
  it('the pool says when its next customer would be a repeat, and a row ended early says so', () => {
    const pool = new Pool(['a', 'b'], 60_000);
    expect(pool.wouldRepeat()).toBe(false);
    pool.take();
    pool.take();
    expect(pool.wouldRepeat()).toBe(true);
    expect(pool.wouldRepeat(Date.now() + 60_001)).toBe(false);
    const cut = { requests: 500, errors: 0, non2xx: 0, graphqlErrors: 0, cutShort: true as const, durationS: 12.4 };
    expect(errorMark(cut)).toBe('ended after 12 s (fresh customers used up)');
  });
});
