import { afterEach, describe, expect, it } from 'vitest';
import { AdapterError } from '../../core/src/index.ts';
import { WEI } from '../../../legacy/marketplace/test/fixtures.ts';
import { harness, type Harness } from './helpers.ts';

const TOKEN = 'POST /auth/o2/token';
const open: Harness[] = [];
async function start(...args: Parameters<typeof harness>): Promise<Harness> {
  const h = await harness(...args);
  open.push(h);
  return h;
}
afterEach(async () => {
  await Promise.all(open.splice(0).map((h) => h.close()));
});

async function failure(p: Promise<unknown>): Promise<AdapterError> {
  const err = await p.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(AdapterError);
  return err as AdapterError;
}

describe('Login with Amazon access token', () => {
  it('is fetched once and reused, even by concurrent first calls', async () => {
    const h = await start();
    await Promise.all([
      h.adapter.ordersForBuyers(h.ctx, [WEI]),
      h.adapter.orderLines(h.ctx, ['111-0000001-0000001', '111-0000002-0000002']),
      h.adapter.findCustomers(h.ctx, { email: WEI }),
    ]);
    await h.adapter.getOrders(h.ctx, ['111-0000001-0000001']);
    expect(h.calls(TOKEN)).toBe(1);
    expect(h.adapter.tokenFetches).toBe(1);
  });

  it('is refreshed before it expires, without a 403 on the way', async () => {
    const h = await start({ accessTokenTtlSeconds: 1 });
    await h.adapter.getOrders(h.ctx, ['111-0000001-0000001']);
    await new Promise((r) => setTimeout(r, 600));
    await h.adapter.getOrders(h.ctx, ['111-0000001-0000001']);
    expect(h.calls(TOKEN)).toBe(2);
    expect(h.events.filter((e) => e.status === 403)).toEqual([]);
  });

  it('is refreshed once and the call retried when SP-API answers 403 to a token we thought valid', async () => {
    let skew = 0;
    const h = await start({ clock: () => Date.now() + skew });
    expect(await h.adapter.getOrders(h.ctx, ['111-0000001-0000001'])).toHaveLength(1);
    skew = 2 * 3600_000; // the server's clock says our token expired an hour ago
    const [order] = await h.adapter.getOrders(h.ctx, ['111-0000001-0000001']);
    expect(order?.externalId).toBe('111-0000001-0000001');
    expect(h.calls(TOKEN)).toBe(2);
    expect(h.events.filter((e) => e.operation === 'getOrders').map((e) => e.status)).toEqual([200, 403, 200]);
  });

  it('reports bad client credentials as UPSTREAM_AUTH_FAILED naming the settings', async () => {
    const h = await start({}, { clientSecret: 'wrong-secret' });
    const err = await failure(h.adapter.findCustomers(h.ctx, { email: WEI }));
    expect(err.code).toBe('UPSTREAM_AUTH_FAILED');
    expect(err.system).toBe('MARKETPLACE');
    expect(err.message).toContain('MARKETPLACE_CLIENT_ID / MARKETPLACE_CLIENT_SECRET');
    expect(err.message).not.toContain('wrong-secret');
  });

  it('reports a revoked refresh token as UPSTREAM_AUTH_FAILED naming MARKETPLACE_REFRESH_TOKEN', async () => {
    const h = await start({}, { refreshToken: 'Atzr|revoked' });
    const err = await failure(h.adapter.orderLines(h.ctx, ['111-0000001-0000001']));
    expect(err.code).toBe('UPSTREAM_AUTH_FAILED');
    expect(err.message).toContain('MARKETPLACE_REFRESH_TOKEN');
    expect(err.message).not.toContain('revoked');
  });

  it('gives up with UPSTREAM_AUTH_FAILED when the 403 persists after one refresh', async () => {
    const h = await start();
    await h.adapter.getOrders(h.ctx, ['111-0000001-0000001']);
    await h.faults({ errorRate: 1, errorStatus: 403 });
    const err = await failure(h.adapter.getOrders(h.ctx, ['111-0000001-0000001']));
    expect(err.code).toBe('UPSTREAM_AUTH_FAILED');
    expect(err.message).toContain('MARKETPLACE_CLIENT_ID / MARKETPLACE_CLIENT_SECRET / MARKETPLACE_REFRESH_TOKEN');
    // One refused getOrders, one refused token refresh, then no more attempts.
    expect(h.calls('GET /orders/v0/orders')).toBe(2);
    expect(h.calls(TOKEN)).toBe(2);
  });
});
