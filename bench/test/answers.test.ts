import { describe, expect, it } from 'vitest';
import { errorMark, errorShare, failedRequests, isAnswered } from '../lib/answers.ts';

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
