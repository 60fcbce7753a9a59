import Fastify, { type FastifyInstance } from 'fastify';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { AdapterError } from '../../core/src/index.ts';
import { PosAdapter } from '../src/index.ts';
import { ctx, dataset, startHarness, type Harness } from './helpers.ts';

async function failure(promise: Promise<unknown>): Promise<AdapterError> {
  try {
    await promise;
  } catch (err) {
    expect(err).toBeInstanceOf(AdapterError);
    return err as AdapterError;
  }
  throw new Error('expected the call to fail');
}

const customerId = dataset.pos.customers[0]?.id as string;

describe('PosAdapter: failures', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  beforeEach(() => h.reset());
  afterAll(() => h.close());

  it('turns a rejected token into UPSTREAM_AUTH_FAILED naming POS_ACCESS_TOKEN, without retrying', async () => {
    const adapter = h.adapter({ accessToken: 'EAAA-wrong' });
    const err = await failure(adapter.getCustomers(ctx(), [customerId]));
    expect(err).toMatchObject({ system: 'POS', code: 'UPSTREAM_AUTH_FAILED', status: 401, retryable: false });
    expect(err.message).toContain('POS_ACCESS_TOKEN');
    expect(err.message).not.toContain('EAAA-wrong');
    expect(h.sim.totalCalls()).toBe(1);
  });

  it('retries a 429 after Retry-After and succeeds', async () => {
    await h.faults({ rateLimitRate: 0.5, retryAfterSeconds: 1 });
    // Fault rates are deterministic: this call passes, the adapter's first attempt is limited.
    await fetch(`${h.url}/v2/locations`);
    const started = Date.now();
    // Retry-After (1 s) is waited in full when the adapter may wait that long.
    const [record] = await h.adapter({ resilience: { initialBackoffMs: 5, maxBackoffMs: 2000 } }).getCustomers(ctx(), [customerId]);
    expect(record?.externalId).toBe(customerId);
    expect(h.attempts.map((a) => a.outcome)).toEqual(['UPSTREAM_RATE_LIMITED', 'ok']);
    expect(Date.now() - started).toBeGreaterThanOrEqual(950);
  });

  it('surfaces UPSTREAM_RATE_LIMITED with the Retry-After when out of attempts', async () => {
    await h.faults({ rateLimitRate: 1, retryAfterSeconds: 3 });
    const err = await failure(h.adapter({ resilience: { maxAttempts: 1 } }).listLocations(ctx()));
    expect(err).toMatchObject({ code: 'UPSTREAM_RATE_LIMITED', status: 429, retryAfterMs: 3000 });
  });

  it('retries SearchOrders (a read over POST) through a 503 and fails as UPSTREAM_UNAVAILABLE when it persists', async () => {
    const adapter = h.adapter();
    await adapter.listLocations(ctx());
    await h.faults({ errorRate: 0.5, errorStatus: 503 });
    const [orders] = await adapter.ordersForCustomers(ctx(), [customerId]);
    expect(orders).toBeDefined();
    expect(h.attempts.some((a) => a.operation === 'SearchOrders' && a.outcome === 'UPSTREAM_UNAVAILABLE')).toBe(true);
    h.reset();
    await h.faults({ errorRate: 1, errorStatus: 500 });
    const err = await failure(h.adapter({ resilience: { maxAttempts: 2, initialBackoffMs: 1 } }).getOrders(ctx(), ['X']));
    expect(err).toMatchObject({ code: 'UPSTREAM_UNAVAILABLE', status: 500, retryable: true });
    expect(h.calls('POST /v2/orders/batch-retrieve')).toBe(2);
  });

  it('gives up on a hanging POS with UPSTREAM_TIMEOUT', async () => {
    await h.faults({ outage: 'hang' });
    const started = Date.now();
    const err = await failure(
      h.adapter({ timeoutMs: 150, resilience: { maxAttempts: 1 } }).findCustomers(ctx(), { email: 'a@example.com' }),
    );
    expect(err.code).toBe('UPSTREAM_TIMEOUT');
    expect(Date.now() - started).toBeLessThan(2000);
  });

  it('stays inside the request deadline', async () => {
    await h.faults({ latencyMs: 400 });
    const err = await failure(h.adapter({ timeoutMs: 2000 }).listLocations({ requestId: 't', deadline: Date.now() + 120 }));
    expect(err.code).toBe('UPSTREAM_TIMEOUT');
  });

  it('reports a cut-off body as UPSTREAM_BAD_RESPONSE', async () => {
    await h.faults({ malformedRate: 1 });
    const err = await failure(h.adapter().listLocations(ctx()));
    expect(err).toMatchObject({ code: 'UPSTREAM_BAD_RESPONSE', retryable: false });
  });
});

describe('PosAdapter: a POS that breaks the contract', () => {
  let app: FastifyInstance;
  let url: string;
  let searches = 0;
  beforeAll(async () => {
    app = Fastify();
    app.get('/v2/locations', async () => ({ locations: [{ id: 'L1', name: 'One' }] }));
    // Valid JSON, wrong shape: money as a decimal string.
    app.post('/v2/orders/batch-retrieve', async () => ({
      orders: [
        {
          id: 'O1',
          location_id: 'L1',
          state: 'COMPLETED',
          created_at: '2026-01-01T00:00:00Z',
          total_money: { amount: '12.90', currency: 'CNY' },
        },
      ],
    }));
    // A cursor that never ends.
    app.post('/v2/orders/search', async () => {
      searches++;
      return { orders: [], cursor: 'same-cursor' };
    });
    app.post('/v2/customers/search', async () => ({ customers: [{ id: 'C1' }], cursor: `c${Math.random()}` }));
    app.get('/v2/customers/:id', async (_req, reply) =>
      reply.code(400).send({ errors: [{ category: 'INVALID_REQUEST_ERROR', code: 'BAD_REQUEST' }] }),
    );
    url = await app.listen({ port: 0, host: '127.0.0.1' });
  });
  afterAll(() => app.close());
  const adapter = (maxPages?: number) => new PosAdapter({ baseUrl: url, accessToken: 't', ...(maxPages && { maxPages }) });

  it('rejects a payload that does not match the Square schema', async () => {
    const err = await failure(adapter().getOrders(ctx(), ['O1']));
    expect(err.code).toBe('UPSTREAM_BAD_RESPONSE');
    expect(err.message).toContain('total_money');
  });

  it('stops on a repeated cursor instead of looping', async () => {
    const err = await failure(adapter().ordersForCustomers(ctx(), ['C1']));
    expect(err.code).toBe('UPSTREAM_BAD_RESPONSE');
    expect(searches).toBe(2);
  });

  it('stops after maxPages of ever-new cursors', async () => {
    const err = await failure(adapter(4).findCustomers(ctx(), { cardNumber: '8800123456789012' }));
    expect(err.code).toBe('UPSTREAM_BAD_RESPONSE');
    expect(err.message).toContain('more than 4 pages');
  });

  it('reports a 400 as UPSTREAM_REJECTED', async () => {
    const err = await failure(adapter().getCustomers(ctx(), ['C1']));
    expect(err).toMatchObject({ code: 'UPSTREAM_REJECTED', status: 400 });
  });
});
