import { afterEach, describe, expect, it } from 'vitest';
import { AdapterError } from '../../core/src/index.ts';
import { MARKETPLACE_PUBLISHED_RATE_LIMITS } from '../../../legacy/marketplace/src/index.ts';
import { WEI, fixtureDataset, manyOrders } from '../../../legacy/marketplace/test/fixtures.ts';
import { MARKETPLACE_PUBLISHED_QUOTAS } from '../src/index.ts';
import { harness, type Harness } from './helpers.ts';

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

/** Gets the access token first, so a fault set afterwards hits the SP-API call itself. */
async function warm(h: Harness): Promise<void> {
  await h.adapter.getOrders(h.ctx, ['111-0000001-0000001']);
  h.events.length = 0;
}

describe('failures', () => {
  it('retries an injected 429 after its Retry-After', async () => {
    const h = await start();
    await warm(h);
    // Every second request is refused: the first call passes, the second meets a 429.
    await h.faults({ rateLimitRate: 0.5, retryAfterSeconds: 1 });
    await h.adapter.getOrders(h.ctx, ['111-0000001-0000001']);
    h.events.length = 0;
    const started = Date.now();
    const [orders] = await h.adapter.ordersForBuyers(h.ctx, [WEI]);
    expect(orders).toHaveLength(3);
    expect(Date.now() - started).toBeGreaterThanOrEqual(900);
    expect(h.events.map((e) => e.outcome)).toEqual(['UPSTREAM_RATE_LIMITED', 'ok']);
  });

  it('retries a 5xx and reports UPSTREAM_UNAVAILABLE when it persists', async () => {
    const h = await start();
    await warm(h);
    await h.faults({ errorRate: 0.5, errorStatus: 500 });
    expect(await h.adapter.orderLines(h.ctx, ['111-0000001-0000001'])).toHaveLength(1);
    await h.faults({ errorRate: 1, errorStatus: 503 });
    const err = await failure(h.adapter.orderLines(h.ctx, ['111-0000001-0000001']));
    expect(err.code).toBe('UPSTREAM_UNAVAILABLE');
    expect(err.status).toBe(503);
  });

  it('reports a hang past the timeout as UPSTREAM_TIMEOUT', async () => {
    const h = await start({}, { timeoutMs: 200, resilience: { maxAttempts: 1 } });
    await warm(h);
    await h.faults({ outage: 'hang' });
    const started = Date.now();
    const err = await failure(h.adapter.findCustomers(h.ctx, { email: WEI }));
    expect(err.code).toBe('UPSTREAM_TIMEOUT');
    expect(Date.now() - started).toBeLessThan(1500);
    await h.faults({ outage: null });
  });

  it('reports a malformed body as UPSTREAM_BAD_RESPONSE', async () => {
    const h = await start();
    await warm(h);
    await h.faults({ malformedRate: 1 });
    const err = await failure(h.adapter.getOrders(h.ctx, ['111-0000002-0000002']));
    expect(err.code).toBe('UPSTREAM_BAD_RESPONSE');
  });

  it('reports a body that breaks the contract as UPSTREAM_BAD_RESPONSE', async () => {
    const h = await start({}, {}, (sim) => {
      sim.app.addHook('onSend', async (req, _reply, payload) =>
        req.url.startsWith('/orders/v0/orders?')
          ? JSON.stringify({ payload: { Orders: [{ AmazonOrderId: 'x', OrderStatus: 'Teleported' }] } })
          : payload,
      );
    });
    const err = await failure(h.adapter.findCustomers(h.ctx, { email: WEI }));
    expect(err.code).toBe('UPSTREAM_BAD_RESPONSE');
  });
});

describe('usage plans', () => {
  it('the client-side bucket keeps a burst of calls inside the published quota with zero 429s', async () => {
    const extra = manyOrders('many@example.com', 32);
    const h = await start({ dataset: fixtureDataset(extra), rateLimits: MARKETPLACE_PUBLISHED_RATE_LIMITS });
    const lines = await h.adapter.orderLines(
      h.ctx,
      extra.map((s) => s.id),
    );
    expect(lines.every((l) => l.length === 2)).toBe(true);
    const items = h.events.filter((e) => e.operation === 'getOrderItems');
    expect(items).toHaveLength(32);
    expect(items.filter((e) => e.status === 429)).toEqual([]);
    expect(h.adapter.quota?.rate('getOrderItems')).toBe(MARKETPLACE_PUBLISHED_QUOTAS.getOrderItems.ratePerSecond);
  });

  it('without the client-side bucket the same burst meets the quota', async () => {
    const extra = manyOrders('many@example.com', 32);
    const h = await start(
      { dataset: fixtureDataset(extra), rateLimits: MARKETPLACE_PUBLISHED_RATE_LIMITS },
      { rateLimits: false, resilience: { maxAttempts: 1 } },
    );
    const err = await failure(
      h.adapter.orderLines(
        h.ctx,
        extra.map((s) => s.id),
      ),
    );
    expect(err.code).toBe('UPSTREAM_RATE_LIMITED');
  });

  it('a 429 from the simulator is retried after the backoff', async () => {
    const h = await start({ rateLimits: { getOrderItems: { ratePerSecond: 1.5, burst: 1 } } }, { rateLimits: false, itemsConcurrency: 1 });
    const started = Date.now();
    const lines = await h.adapter.orderLines(h.ctx, ['111-0000001-0000001', '111-0000002-0000002']);
    expect(lines.map((l) => l.length)).toEqual([2, 2]);
    const outcomes = h.events.filter((e) => e.operation === 'getOrderItems').map((e) => e.status);
    expect(outcomes).toEqual([200, 429, 200]);
    // SP-API sends no Retry-After: the client waits its default second before retrying.
    expect(Date.now() - started).toBeGreaterThanOrEqual(900);
  });

  it('follows the rate the server reports in x-amzn-RateLimit-Limit', async () => {
    const h = await start({ rateLimits: { getOrders: { ratePerSecond: 1.67, burst: 20 } } });
    expect(h.adapter.quota?.rate('getOrders')).toBe(0.0167);
    await h.adapter.ordersForBuyers(h.ctx, [WEI]);
    expect(h.adapter.quota?.rate('getOrders')).toBe(1.67);
  });

  it('fails fast when the quota cannot refill within the request deadline', async () => {
    const h = await start({}, { rateLimits: { getOrders: { ratePerSecond: 0.01, burst: 2 } }, followRateLimitHeader: false });
    await h.adapter.ordersForBuyers(h.ctx, [WEI]);
    const err = await failure(h.adapter.ordersForBuyers({ ...h.ctx, deadline: Date.now() + 500 }, [WEI]));
    expect(err.code).toBe('UPSTREAM_RATE_LIMITED');
  });
});
