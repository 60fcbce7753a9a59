import http from 'node:http';
import net, { type AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { HttpPool, HttpTransportError } from '../src/http.ts';
import { AdapterError, SystemClient, createCallContext, type RequestSpec } from '../src/index.ts';

/**
 * A system that answers by path: `/hang` never answers, `/stall` sends half a body and stops,
 * `/slow` answers after 40 ms, `/reset` resets the connection, `/redirect` points elsewhere;
 * anything else echoes what arrived. Counts connections (total and open at once) to check
 * keep-alive and the connection cap.
 */
let server: http.Server;
let url: string;
let opened = 0;
let open = 0;
let maxOpen = 0;
const received: string[] = [];
const sockets = new Set<net.Socket>();

beforeAll(async () => {
  server = http.createServer((req, res) => {
    received.push(req.url ?? '');
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
    req.on('end', () => {
      const path = req.url?.split('?')[0];
      if (path === '/hang') return;
      if (path === '/stall') {
        res.writeHead(200, { 'content-type': 'application/json', 'content-length': '100' }).write('{"half":');
        return;
      }
      if (path === '/reset') {
        req.socket.resetAndDestroy();
        return;
      }
      if (path === '/redirect') {
        res.writeHead(302, { location: '/elsewhere' }).end();
        return;
      }
      const echo = () => {
        res.setHeader('content-type', 'application/json');
        res.setHeader('set-cookie', 'SAP_SESSIONID=1; path=/');
        res.setHeader('x-csrf-token', 'tok-1');
        res.setHeader('x-multi', ['a', 'b']);
        res.end(JSON.stringify({ method: req.method, url: req.url, headers: req.headers, body }));
      };
      if (path === '/slow') setTimeout(echo, 40);
      else echo();
    });
  });
  server.on('connection', (socket) => {
    opened++;
    open++;
    maxOpen = Math.max(maxOpen, open);
    sockets.add(socket);
    socket.on('close', () => {
      open--;
      sockets.delete(socket);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterEach(async () => {
  // Each test starts with no connection open, so counts are its own.
  for (const socket of sockets) socket.destroy();
  while (open > 0) await new Promise((resolve) => setTimeout(resolve, 5));
  opened = 0;
  maxOpen = 0;
  received.length = 0;
});

afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
});

const Echo = z.object({
  method: z.string(),
  url: z.string(),
  headers: z.record(z.string(), z.union([z.string(), z.array(z.string())])),
  body: z.string(),
});
const echo = (path: string, extra: Partial<RequestSpec<z.infer<typeof Echo>>> = {}): RequestSpec<z.infer<typeof Echo>> => ({
  operation: 'echo',
  path,
  parse: (body) => JSON.parse(body),
  schema: Echo,
  ...extra,
});

const clients: (SystemClient | HttpPool)[] = [];
function client(options: Partial<ConstructorParameters<typeof SystemClient>[0]> = {}): SystemClient {
  const c = new SystemClient({ system: 'ERP', baseUrl: url, resilience: { maxAttempts: 1 }, ...options });
  clients.push(c);
  return c;
}
afterEach(async () => {
  await Promise.all(clients.splice(0).map((c) => c.close()));
});

const failure = (promise: Promise<unknown>): Promise<AdapterError> =>
  promise.then(
    () => {
      throw new Error('expected the call to fail');
    },
    (err: unknown) => {
      if (!(err instanceof AdapterError)) throw err;
      return err;
    },
  );

describe('SystemClient over HTTP', () => {
  it('joins a base URL with a path, encodes OData filters and search params as before, and merges headers', async () => {
    const c = client({ baseUrl: `${url}/gateway/`, headers: { Authorization: 'Basic x', 'X-Tenant': 'cn' } });
    const ctx = createCallContext({ requestId: 'req-1', traceparent: '00-abc-def-01' });
    const odata = await c.request(ctx, echo("/sap/API_X/A_Y?$filter=Name eq 'O''Brien' and Qty gt 1&$top=5"));
    expect(odata.body.url).toBe('/gateway/sap/API_X/A_Y?$filter=Name%20eq%20%27O%27%27Brien%27%20and%20Qty%20gt%201&$top=5');
    expect(odata.body.headers).toMatchObject({
      'user-agent': 'retail360',
      authorization: 'Basic x',
      'x-tenant': 'cn',
      'x-request-id': 'req-1',
      traceparent: '00-abc-def-01',
    });

    // searchParams replace the path's query; undefined values are left out.
    const searched = await c.request(
      ctx,
      echo('/track/1Z 9?old=1', { searchParams: { locale: 'en_US', skip: undefined, n: 3, q: "a b'c&d" } }),
    );
    expect(searched.body.url).toBe('/gateway/track/1Z%209?locale=en_US&n=3&q=a+b%27c%26d');

    const written = await c.request(
      ctx,
      echo('/orders', {
        method: 'POST',
        json: { note: 'café' },
        idempotencyKey: 'key-1',
        headers: { 'User-Agent': 'per-call', 'X-Tenant': 'de' },
      }),
    );
    expect(written.body).toMatchObject({ method: 'POST', body: '{"note":"café"}' });
    expect(written.body.headers).toMatchObject({
      'content-type': 'application/json',
      'idempotency-key': 'key-1',
      'user-agent': 'per-call',
      'x-tenant': 'de',
    });

    const soap = await c.request(ctx, echo('/soap', { method: 'POST', body: '<a>é</a>', headers: { 'Content-Type': 'text/xml' } }));
    expect(soap.body.body).toBe('<a>é</a>');
    expect(soap.body.headers['content-type']).toBe('text/xml');

    // Response headers as node's client shaped them: lowercase, set-cookie a list, repeats joined.
    expect(soap.headers['set-cookie']).toEqual(['SAP_SESSIONID=1; path=/']);
    expect(soap.headers['x-csrf-token']).toBe('tok-1');
    expect(soap.headers['x-multi']).toBe('a, b');
    expect(soap.headers['content-type']).toBe('application/json');
  });

  it('returns a redirect as it came, without following it', async () => {
    const c = client();
    const spec = { operation: 'moved', path: '/redirect', parse: (body: string) => body, schema: z.string() };
    const response = await c.request(createCallContext(), spec);
    expect(response.status).toBe(302);
    expect(response.headers.location).toBe('/elsewhere');
    expect(received).toEqual(['/redirect']);
  });

  it('maps a system that never answers to UPSTREAM_TIMEOUT', async () => {
    const err = await failure(client({ timeoutMs: 100 }).request(createCallContext(), echo('/hang')));
    expect(err.code).toBe('UPSTREAM_TIMEOUT');
    expect(err.message).toBe('ERP did not answer echo in time');
  });

  it('counts reading the body within the timeout', async () => {
    const err = await failure(client({ timeoutMs: 100 }).request(createCallContext(), echo('/stall')));
    expect(err.code).toBe('UPSTREAM_TIMEOUT');
  });

  it('cuts the timeout to the request budget', async () => {
    const ctx = createCallContext({ deadline: Date.now() + 80 });
    const err = await failure(client({ timeoutMs: 60_000 }).request(ctx, echo('/hang')));
    expect(err.code).toBe('UPSTREAM_TIMEOUT');
  });

  it('maps a refused connection to UPSTREAM_UNAVAILABLE naming the network error', async () => {
    const spare = net.createServer();
    await new Promise<void>((resolve) => spare.listen(0, '127.0.0.1', resolve));
    const { port } = spare.address() as AddressInfo;
    await new Promise((resolve) => spare.close(resolve));
    const err = await failure(client({ baseUrl: `http://127.0.0.1:${port}` }).request(createCallContext(), echo('/x')));
    expect(err.code).toBe('UPSTREAM_UNAVAILABLE');
    expect(err.message).toBe('ERP is unreachable (ECONNREFUSED)');
  });

  it('maps a reset connection to UPSTREAM_UNAVAILABLE (ECONNRESET)', async () => {
    const err = await failure(client().request(createCallContext(), echo('/reset')));
    expect(err.code).toBe('UPSTREAM_UNAVAILABLE');
    expect(err.message).toBe('ERP is unreachable (ECONNRESET)');
  });

  it('keeps connections alive across sequential calls', async () => {
    const c = client();
    for (let i = 0; i < 20; i++) {
      await c.request(createCallContext(), echo(`/n${i}`));
      await new Promise((resolve) => setImmediate(resolve));
    }
    expect(received).toHaveLength(20);
    expect(opened).toBe(1);
    // undici reuses a socket only an event-loop turn after its answer (in case the server closes
    // it after all), so calls back to back alternate between two connections.
    for (let i = 0; i < 20; i++) await c.request(createCallContext(), echo(`/m${i}`));
    expect(received).toHaveLength(40);
    expect(opened).toBeLessThanOrEqual(2);
  });

  it('never opens more connections than its concurrency', async () => {
    const c = client({ resilience: { maxAttempts: 1, concurrency: 3 } });
    await Promise.all(Array.from({ length: 12 }, () => c.request(createCallContext(), echo('/slow'))));
    expect(received).toHaveLength(12);
    expect(maxOpen).toBeLessThanOrEqual(3);
    expect(opened).toBeLessThanOrEqual(3);
  });

  it('closes its connections on close', async () => {
    const c = new SystemClient({ system: 'ERP', baseUrl: url });
    await c.request(createCallContext(), echo('/x'));
    expect(open).toBe(1);
    await c.close();
    while (open > 0) await new Promise((resolve) => setTimeout(resolve, 5));
    expect(opened).toBe(1);
  });
});

describe('HttpPool', () => {
  const send = (pool: HttpPool, path: string, timeoutMs: number) => pool.send({ method: 'GET', path, headers: {}, timeoutMs });

  it('caps connections by itself (the client bulkhead aside) and queues the rest', async () => {
    const pool = new HttpPool({ baseUrl: url, connections: 2 });
    clients.push(pool);
    const answers = await Promise.all(Array.from({ length: 8 }, () => send(pool, '/slow', 5000)));
    expect(answers.map((a) => a.status)).toEqual(Array(8).fill(200));
    expect(opened).toBe(2);
    expect(maxOpen).toBe(2);
  });

  it('times out a call still waiting for a connection held by a hanging one', async () => {
    const pool = new HttpPool({ baseUrl: url, connections: 1 });
    clients.push(pool);
    const hanging = send(pool, '/hang', 60_000).catch((err: unknown) => err);
    const queued = await send(pool, '/x', 50).catch((err: unknown) => err);
    expect(queued).toBeInstanceOf(HttpTransportError);
    expect((queued as HttpTransportError).timedOut).toBe(true);
    for (const socket of sockets) socket.destroy();
    expect(await hanging).toBeInstanceOf(HttpTransportError);
  });
});
