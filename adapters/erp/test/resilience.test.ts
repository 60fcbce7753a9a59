import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { AdapterError, createCallContext } from '../../core/src/index.ts';
import { ErpAdapter } from '../src/index.ts';
import { PATHS, harness, type Harness } from './helpers.ts';

let open: Harness | undefined;
afterEach(async () => {
  await open?.close();
  open = undefined;
});

async function failure(promise: Promise<unknown>): Promise<AdapterError> {
  const err = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(AdapterError);
  return err as AdapterError;
}

describe('failures surface as AdapterError', () => {
  it('names the settings to fix when the ERP rejects our credentials, without retrying', async () => {
    open = await harness({ adapter: { password: 'wrong' } });
    const err = await failure(open.adapter.getCustomers(open.ctx, ['0010000001']));
    expect(err).toMatchObject({ system: 'ERP', code: 'UPSTREAM_AUTH_FAILED', status: 401, retryable: false });
    expect(err.message).toContain('ERP_USERNAME / ERP_PASSWORD');
    expect(err.message).not.toContain('wrong');
    expect(open.calls(PATHS.businessPartner)).toBe(1);
  });

  it('reports a 429 as rate limited with the Retry-After it was given', async () => {
    open = await harness({ sim: { faults: { rateLimitRate: 1, retryAfterSeconds: 7 } }, adapter: { resilience: { maxAttempts: 1 } } });
    const err = await failure(open.adapter.findOrdersByNumber(open.ctx, 'W2026-000001'));
    expect(err).toMatchObject({ code: 'UPSTREAM_RATE_LIMITED', status: 429, retryAfterMs: 7000 });
  });

  it('waits for Retry-After and retries a 429', async () => {
    // Every second request is refused: the warm-up passes, the next one is refused once.
    open = await harness({
      sim: { faults: { rateLimitRate: 0.5, retryAfterSeconds: 0.3 } },
      adapter: { resilience: { initialBackoffMs: 1, maxBackoffMs: 2000 } },
    });
    await open.adapter.getProducts(open.ctx, ['SKU-000001']);
    const started = Date.now();
    const [product] = await open.adapter.getProducts(open.ctx, ['SKU-000002']);
    expect(product?.sku).toBe('SKU-000002');
    expect(Date.now() - started).toBeGreaterThanOrEqual(280);
    expect(open.calls(PATHS.product)).toBe(3);
    expect(open.events.map((e) => e.outcome)).toEqual(['ok', 'UPSTREAM_RATE_LIMITED', 'ok']);
  });

  it('retries a 5xx and then reports the system unavailable', async () => {
    open = await harness({
      sim: { faults: { errorRate: 1, errorStatus: 503 } },
      adapter: { resilience: { maxAttempts: 2, initialBackoffMs: 1 } },
    });
    const err = await failure(open.adapter.getOrders(open.ctx, ['1000000001']));
    expect(err).toMatchObject({ code: 'UPSTREAM_UNAVAILABLE', status: 503, retryable: true });
    expect(open.calls(PATHS.salesOrder)).toBe(2);
  });

  it('gives up on a hanging system after the timeout', async () => {
    open = await harness({ sim: { faults: { outage: 'hang' } }, adapter: { timeoutMs: 150, resilience: { maxAttempts: 1 } } });
    const started = Date.now();
    const err = await failure(open.adapter.findCustomers(open.ctx, { name: 'Wei' }));
    expect(err.code).toBe('UPSTREAM_TIMEOUT');
    expect(Date.now() - started).toBeLessThan(2000);
  });

  it('makes no call once the request deadline has passed', async () => {
    open = await harness();
    const err = await failure(open.adapter.getOrders(createCallContext({ deadline: Date.now() - 1 }), ['1000000001']));
    expect(err.code).toBe('UPSTREAM_TIMEOUT');
    expect(open.sim.totalCalls()).toBe(0);
  });

  it('reports a cut-off body as a bad response', async () => {
    open = await harness({ sim: { faults: { malformedRate: 1 } } });
    const err = await failure(open.adapter.getProducts(open.ctx, ['SKU-000001']));
    expect(err.code).toBe('UPSTREAM_BAD_RESPONSE');
  });
});

describe('against a server that is not quite SAP', () => {
  let server: Server | undefined;
  afterEach(async () => {
    await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
    server = undefined;
  });

  async function serve(handler: (req: IncomingMessage) => unknown): Promise<{ url: string; seen: string[] }> {
    const seen: string[] = [];
    server = createServer((req, res) => {
      seen.push(req.url ?? '');
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify(handler(req)));
    });
    await new Promise<void>((resolve) => server?.listen(0, '127.0.0.1', resolve));
    return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, seen };
  }

  const adapterFor = (url: string) => new ErpAdapter({ baseUrl: url, username: 'u', password: 'p', resilience: { maxAttempts: 1 } });

  it('rejects an entity that breaks the wire schema', async () => {
    const { url } = await serve(() => ({ d: { results: [{ BusinessPartner: 42 }] } }));
    const err = await failure(adapterFor(url).getCustomers(createCallContext(), ['0010000001']));
    expect(err.code).toBe('UPSTREAM_BAD_RESPONSE');
    expect(err.message).toContain('d.results.0');
  });

  it('follows __next only on the configured host, taking just its query', async () => {
    const product = (sku: string) => ({
      Product: sku,
      ProductGroup: 'home',
      Brand: 'B',
      ProductStandardID: '6900000000000',
      YY1_ListPrice_PRD: '1.00',
      YY1_ListPriceCurrency_PRD: 'CNY',
    });
    const { url, seen } = await serve((req) =>
      req.url?.includes('skiptoken')
        ? { d: { results: [product('SKU-2')] } }
        : { d: { results: [product('SKU-1')], __next: "http://evil.example/steal?$filter=Product%20eq%20'x'&$skiptoken=1" } },
    );
    const got = await adapterFor(url).getProducts(createCallContext(), ['SKU-1', 'SKU-2']);
    expect(got.map((p) => p?.sku)).toEqual(['SKU-1', 'SKU-2']);
    expect(seen).toHaveLength(2);
    expect(seen[1]).toMatch(/^\/sap\/opu\/odata\/sap\/API_PRODUCT_SRV\/A_Product\?\$filter=/);
  });

  it('sends Basic credentials, JSON accept and sap-client', async () => {
    const headers: IncomingMessage['headers'][] = [];
    const { url, seen } = await serve((req) => {
      headers.push(req.headers);
      return { d: { results: [] } };
    });
    const adapter = new ErpAdapter({ baseUrl: url, username: 'R360', password: 'pw:with:colons', sapClient: '100' });
    await adapter.getOrders(createCallContext(), ['1']);
    expect(headers[0]?.authorization).toBe(`Basic ${Buffer.from('R360:pw:with:colons').toString('base64')}`);
    expect(headers[0]?.accept).toBe('application/json');
    expect(seen[0]).toContain('sap-client=100');
    expect(seen[0]).toContain('$filter=SalesOrder%20eq%20%271%27');
    expect(seen[0]).toContain('$format=json');
  });
});
