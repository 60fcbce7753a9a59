import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CacheStore } from '../../adapters/core/src/index.ts';
import { RateLimiter } from '../../gateway/src/plugins/RateLimiter.ts';
import { gql, startTestStack, type TestStack } from '../helpers/stack.ts';
import { as, raw, SECURITY_SCALE } from './limitsHelpers.ts';

const RATE = { capacity: 3, refillPerSecond: 0.2 };

describe('rate limiting per caller over HTTP', () => {
  let stack: TestStack;

  beforeAll(async () => {
    stack = await startTestStack({ scale: SECURITY_SCALE, env: { ROLE_LIMITS: JSON.stringify({ agent: { rate: RATE } }) } });
  }, 120_000);

  afterAll(async () => {
    await stack?.close();
  });

  it('answers a burst over the bucket with 429, Retry-After and RateLimit headers; other callers still pass', async () => {
    const headers = { 'content-type': 'application/json', ...as(stack, 'agent') };
    const body = JSON.stringify({ query: '{ __typename }' });
    const answers = [];
    for (let i = 0; i < 5; i++) answers.push(await raw(stack.url, { body, headers }));
    expect(answers.map((a) => a.status)).toEqual([200, 200, 200, 429, 429]);

    const first = answers[0]!;
    expect(first.headers.get('ratelimit-limit')).toBe('3');
    expect(first.headers.get('ratelimit-remaining')).toBe('2');

    const refused = answers[3]!;
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect(refused.headers.get('ratelimit-limit')).toBe('3');
    expect(refused.headers.get('ratelimit-remaining')).toBe('0');
    expect(Number(refused.headers.get('ratelimit-reset'))).toBeGreaterThan(0);
    expect(refused.json().errors![0]!.extensions).toMatchObject({ code: 'RATE_LIMITED' });

    // Buckets are per caller: the admin's own bucket is untouched.
    const admin = await gql(stack.url, '{ __typename }', {}, as(stack, 'admin'));
    expect(admin.status).toBe(200);
  });

  it('counts every operation of a batch against the bucket', async () => {
    const headers = { 'content-type': 'application/json', ...as(stack, 'store') };
    const res = await raw(stack.url, { body: JSON.stringify([{ query: '{ __typename }' }, { query: '{ __typename }' }]), headers });
    expect(res.status).toBe(200);
    const capacity = Number(res.headers.get('ratelimit-limit'));
    expect(Number(res.headers.get('ratelimit-remaining'))).toBe(capacity - 2);
  });
});

describe('RateLimiter', () => {
  it('shares one budget between replicas through the shared store', async () => {
    const shared = new Map() as CacheStore;
    const a = new RateLimiter({ store: shared });
    const b = new RateLimiter({ store: shared });
    const results = [await a.take('sub:x', RATE), await b.take('sub:x', RATE), await a.take('sub:x', RATE), await b.take('sub:x', RATE)];
    expect(results.map((r) => r.allowed)).toEqual([true, true, true, false]);
  });

  it('serialises concurrent requests of one key within a process (no double spend)', async () => {
    const limiter = new RateLimiter();
    const results = await Promise.all(Array.from({ length: 10 }, () => limiter.take('ip:1.2.3.4', RATE)));
    expect(results.filter((r) => r.allowed)).toHaveLength(3);
  });

  it('keeps limiting with in-process buckets when the store fails, and says so in the logs', async () => {
    const broken = {
      get: () => Promise.reject(new Error('ECONNREFUSED redis')),
      set: () => Promise.reject(new Error('ECONNREFUSED redis')),
      delete: () => Promise.reject(new Error('ECONNREFUSED redis')),
      clear: () => Promise.reject(new Error('ECONNREFUSED redis')),
    } as unknown as CacheStore;
    const warnings: string[] = [];
    const limiter = new RateLimiter({ store: broken, logger: { warn: (_f, msg) => warnings.push(msg) } });
    const results = [];
    for (let i = 0; i < 5; i++) results.push(await limiter.take('key:k1', RATE));
    expect(results.map((r) => r.allowed)).toEqual([true, true, true, false, false]);
    expect(results.every((r) => r.degraded)).toBe(true);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/store unavailable.*in-process/);
  });

  it('treats a hanging store as failed after its timeout instead of stalling requests', async () => {
    const hanging = {
      get: () => new Promise(() => {}),
      set: () => new Promise(() => {}),
      delete: () => Promise.resolve(true),
      clear: () => Promise.resolve(),
    } as unknown as CacheStore;
    const limiter = new RateLimiter({ store: hanging, storeTimeoutMs: 50, logger: { warn: () => {} } });
    const started = Date.now();
    const decision = await limiter.take('key:k2', RATE);
    expect(decision).toMatchObject({ allowed: true, degraded: true });
    expect(Date.now() - started).toBeLessThan(1000);
  });

  it('refills over time', async () => {
    let now = 1_000_000;
    const limiter = new RateLimiter({ now: () => now });
    for (let i = 0; i < 3; i++) expect((await limiter.take('sub:y', RATE)).allowed).toBe(true);
    const refused = await limiter.take('sub:y', RATE);
    expect(refused).toMatchObject({ allowed: false, retryAfterSeconds: 5 });
    now += 5_000;
    expect((await limiter.take('sub:y', RATE)).allowed).toBe(true);
  });
});
