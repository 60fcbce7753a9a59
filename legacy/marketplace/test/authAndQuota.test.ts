import { afterEach, describe, expect, it } from 'vitest';
import { MARKETPLACE_DEMO_RATE_LIMITS, MARKETPLACE_PUBLISHED_RATE_LIMITS } from '../src/index.ts';
import { accessToken, lwa, start, type Started } from './helpers.ts';

interface ErrorsBody {
  errors: { code: string; message: string; details: string }[];
}

const running: Started[] = [];
async function launch(...args: Parameters<typeof start>): Promise<Started> {
  const s = await start(...args);
  running.push(s);
  return s;
}
afterEach(async () => {
  await Promise.all(running.splice(0).map((s) => s.sim.close()));
});

describe('Login with Amazon token endpoint', () => {
  it('exchanges a refresh token for a bearer access token', async () => {
    const s = await launch();
    const res = await lwa(s.url);
    expect(res.status).toBe(200);
    const body = (await res.json()) as Record<string, unknown>;
    expect(body).toMatchObject({ token_type: 'bearer', expires_in: 3600, refresh_token: 'Atzr|retail360-demo-refresh-token' });
    expect(body.access_token).toMatch(/^Atza\|/);
  });

  it('accepts a JSON body too', async () => {
    const s = await launch();
    const res = await fetch(`${s.url}/auth/o2/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        grant_type: 'refresh_token',
        refresh_token: 'Atzr|retail360-demo-refresh-token',
        client_id: 'amzn1.application-oa2-client.retail360demo',
        client_secret: 'amzn1.oa2-cs.v1.retail360-demo-secret',
      }),
    });
    expect(res.status).toBe(200);
  });

  it('answers 401 invalid_client for bad client credentials and 400 for a bad grant', async () => {
    const s = await launch();
    const badClient = await lwa(s.url, { client_secret: 'wrong' });
    expect(badClient.status).toBe(401);
    expect(await badClient.json()).toEqual({ error: 'invalid_client', error_description: 'Client authentication failed' });
    const badGrant = await lwa(s.url, { refresh_token: 'Atzr|revoked' });
    expect(badGrant.status).toBe(400);
    expect(((await badGrant.json()) as { error: string }).error).toBe('invalid_grant');
    const badType = await lwa(s.url, { grant_type: 'client_credentials' });
    expect(badType.status).toBe(400);
    expect(((await badType.json()) as { error: string }).error).toBe('unsupported_grant_type');
  });
});

describe('x-amz-access-token', () => {
  it('answers 403 Unauthorized for a missing, unknown or expired token', async () => {
    let offset = 0;
    const s = await launch({ clock: () => Date.now() + offset });
    const missing = await s.get('/orders/v0/orders/111-0000001-0000001', {}, null);
    expect(missing.status).toBe(403);
    expect(missing.headers.get('x-amzn-ratelimit-limit')).toBeNull();
    expect(missing.headers.get('x-amzn-requestid')).toBeTruthy();
    expect(await missing.json()).toEqual({
      errors: [{ code: 'Unauthorized', message: 'Access to requested resource is denied.', details: '' }],
    });

    const forged = await s.get('/orders/v0/orders/111-0000001-0000001', {}, 'Atza|forged');
    expect(forged.status).toBe(403);
    expect(((await forged.json()) as ErrorsBody).errors[0]).toMatchObject({
      code: 'Unauthorized',
      details: 'The access token you provided is revoked, malformed or invalid.',
    });

    expect((await s.get('/orders/v0/orders/111-0000001-0000001')).status).toBe(200);
    offset = 3601_000;
    const expired = await s.get('/orders/v0/orders/111-0000001-0000001');
    expect(expired.status).toBe(403);
    expect(((await expired.json()) as ErrorsBody).errors[0]).toMatchObject({
      code: 'Unauthorized',
      details: 'The access token you provided has expired.',
    });
    const fresh = await accessToken(s.url);
    expect((await s.get('/orders/v0/orders/111-0000001-0000001', {}, fresh)).status).toBe(200);
  });

  it('issues tokens with the configured lifetime', async () => {
    const s = await launch({ accessTokenTtlSeconds: 5 });
    expect(((await (await lwa(s.url)).json()) as { expires_in: number }).expires_in).toBe(5);
  });
});

describe('usage plans', () => {
  it('exports the published plans and a faster demo plan with the same bursts', () => {
    expect(MARKETPLACE_PUBLISHED_RATE_LIMITS.getOrders).toEqual({ ratePerSecond: 0.0167, burst: 20 });
    for (const op of ['getOrder', 'getOrderItems', 'getOrderBuyerInfo', 'getOrderAddress'] as const) {
      expect(MARKETPLACE_PUBLISHED_RATE_LIMITS[op]).toEqual({ ratePerSecond: 0.5, burst: 30 });
    }
    expect(MARKETPLACE_DEMO_RATE_LIMITS.getOrders).toEqual({ ratePerSecond: 1.67, burst: 20 });
    expect(MARKETPLACE_DEMO_RATE_LIMITS.getOrder).toEqual({ ratePerSecond: 50, burst: 30 });
  });

  it('at the published plan, the 21st getOrders and the 31st getOrder in a burst get 429 QuotaExceeded', async () => {
    const s = await launch({ rateLimits: MARKETPLACE_PUBLISHED_RATE_LIMITS });
    const params = { MarketplaceIds: 'AAHKV2X7AFYLW', CreatedAfter: '2026-01-01T00:00:00Z' };
    for (let i = 0; i < 20; i++) {
      const ok = await s.get('/orders/v0/orders', params);
      expect(ok.status).toBe(200);
      expect(ok.headers.get('x-amzn-ratelimit-limit')).toBe('0.0167');
    }
    const limited = await s.get('/orders/v0/orders', params);
    expect(limited.status).toBe(429);
    expect(limited.headers.get('x-amzn-requestid')).toBeTruthy();
    expect(limited.headers.get('retry-after')).toBeNull();
    expect(await limited.json()).toEqual({
      errors: [{ code: 'QuotaExceeded', message: 'You exceeded your quota for the requested resource.', details: '' }],
    });

    // Buckets are per operation: getOrder still has its own burst of 30.
    for (let i = 0; i < 30; i++) expect((await s.get('/orders/v0/orders/111-0000001-0000001')).status).toBe(200);
    expect((await s.get('/orders/v0/orders/111-0000001-0000001')).status).toBe(429);
    expect((await s.get('/orders/v0/orders/111-0000001-0000001/buyerInfo')).status).toBe(200);
  });

  it('counts per seller, not per access token: a new token does not reset the bucket', async () => {
    const s = await launch({ rateLimits: { getOrder: { ratePerSecond: 0.01, burst: 2 } } });
    expect((await s.get('/orders/v0/orders/111-0000001-0000001')).status).toBe(200);
    expect((await s.get('/orders/v0/orders/111-0000001-0000001')).status).toBe(200);
    const other = await accessToken(s.url);
    expect((await s.get('/orders/v0/orders/111-0000001-0000001', {}, other)).status).toBe(429);
  });

  it('refills at the configured rate', async () => {
    const s = await launch({ rateLimits: { getOrder: { ratePerSecond: 10, burst: 1 } } });
    expect((await s.get('/orders/v0/orders/111-0000001-0000001')).status).toBe(200);
    expect((await s.get('/orders/v0/orders/111-0000001-0000001')).status).toBe(429);
    await new Promise((r) => setTimeout(r, 150));
    expect((await s.get('/orders/v0/orders/111-0000001-0000001')).status).toBe(200);
  });
});
