import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildFixture } from './fixture.ts';
import { startPos, type Running } from './helpers.ts';

describe('POS simulator: credentials, errors and faults in Square shape', () => {
  let pos: Running;
  beforeAll(async () => {
    pos = await startPos(buildFixture());
  });
  afterAll(() => pos.close());

  it('answers 401 UNAUTHORIZED without an Authorization header', async () => {
    const res = await pos.call('GET', '/v2/locations', undefined, { authorization: '' });
    expect(res.status).toBe(401);
    expect(res.json.errors[0]).toMatchObject({ category: 'AUTHENTICATION_ERROR', code: 'UNAUTHORIZED' });
    expect(res.json.errors[0].detail).toMatch(/Authorization/);
  });

  it('answers 401 for a wrong token and for a non-Bearer scheme', async () => {
    for (const authorization of ['Bearer not-the-token', 'Basic dXNlcjpwYXNz', 'Bearer']) {
      const res = await pos.call('GET', '/v2/customers', undefined, { authorization });
      expect(res.status).toBe(401);
      expect(res.json).toEqual({ errors: [expect.objectContaining({ category: 'AUTHENTICATION_ERROR', code: 'UNAUTHORIZED' })] });
    }
  });

  it('checks credentials before reading the body', async () => {
    const res = await pos.call('POST', '/v2/orders/search', '{not json', { authorization: 'Bearer nope' });
    expect(res.status).toBe(401);
  });

  it('accepts Square-Version and refuses a malformed one', async () => {
    const ok = await pos.call('GET', '/v2/locations', undefined, { 'square-version': '2024-01-18' });
    expect(ok.status).toBe(200);
    expect(ok.headers.get('square-version')).toBe('2024-01-18');
    const bad = await pos.call('GET', '/v2/locations', undefined, { 'square-version': 'latest' });
    expect(bad.status).toBe(400);
    expect(bad.json.errors[0]).toMatchObject({ category: 'INVALID_REQUEST_ERROR', code: 'INVALID_SQUARE_VERSION_FORMAT' });
  });

  it('renders unknown routes, bad JSON and wrong content types as Square errors', async () => {
    const missing = await pos.call('GET', '/v2/teleport');
    expect(missing.status).toBe(404);
    expect(missing.json.errors[0]).toMatchObject({ category: 'INVALID_REQUEST_ERROR', code: 'NOT_FOUND' });
    const badJson = await pos.call('POST', '/v2/customers/search', '{"query":');
    expect(badJson.status).toBe(400);
    expect(badJson.json.errors[0]).toMatchObject({ category: 'INVALID_REQUEST_ERROR', code: 'EXPECTED_JSON_BODY' });
    const poisoned = await pos.call('POST', '/v2/customers/search', '{"__proto__":{"admin":true}}');
    expect(poisoned.status).toBe(400);
    const text = await pos.call('POST', '/v2/customers/search', 'hello', { 'content-type': 'text/plain' });
    expect(text.status).toBe(400);
    expect(text.json.errors[0].code).toBe('INVALID_CONTENT_TYPE');
    const notObject = await pos.call('POST', '/v2/customers/search', [1, 2]);
    expect(notObject.json.errors[0].code).toBe('EXPECTED_JSON_BODY');
  });

  it('renders injected 429 (with Retry-After) and 503 as Square errors', async () => {
    await fetch(`${pos.url}/__faults`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ rateLimitRate: 1, retryAfterSeconds: 7 }),
    });
    try {
      const limited = await pos.call('GET', '/v2/locations');
      expect(limited.status).toBe(429);
      expect(limited.headers.get('retry-after')).toBe('7');
      expect(limited.json.errors[0]).toMatchObject({ category: 'RATE_LIMIT_ERROR', code: 'RATE_LIMITED' });
      await fetch(`${pos.url}/__faults`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ rateLimitRate: 0, errorRate: 1, errorStatus: 503 }),
      });
      const down = await pos.call('GET', '/v2/locations');
      expect(down.status).toBe(503);
      expect(down.json.errors[0]).toMatchObject({ category: 'API_ERROR', code: 'SERVICE_UNAVAILABLE' });
    } finally {
      await fetch(`${pos.url}/__faults`, { method: 'DELETE' });
    }
  });
});
