import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SUBGRAPH_FACTORIES } from '../../gateway/src/subgraphs.ts';
import {
  createSystems,
  DEV_SIGNING_SECRET,
  encodeCaller,
  readSigningConfig,
  readSystemsConfig,
  SignatureVerifier,
  signRequest,
  startSubgraphServer,
  type Caller,
} from '../../subgraphs/runtime/src/index.ts';
import { gql, startTestStack } from '../helpers/stack.ts';
import { as, codesOf, demoPhone, raw, SECURITY_SCALE } from './limitsHelpers.ts';

const SECRET = 'a-test-secret-that-is-long-enough-0123456789';
const AGENT: Caller = { role: 'agent', subject: 'agent-1', scopes: ['customer:read'] };
const ADMIN: Caller = { role: 'admin', subject: 'mallory', scopes: ['admin'] };
// Answered by the subgraph itself: no legacy system is called.
const BODY = JSON.stringify({ query: '{ _service { sdl } }' });

/**
 * Subgraph trust (issue 9, item 6): a subgraph server answers only requests the gateway
 * signed, over the exact body, timestamp and caller header, once, within the replay window.
 */
describe('a subgraph server refuses requests the gateway did not sign', () => {
  let server: { url: string; close(): Promise<void> };

  beforeAll(async () => {
    const nowhere = 'http://127.0.0.1:9';
    const config = readSystemsConfig(
      { ERP_URL: nowhere, POS_URL: nowhere, WMS_URL: nowhere, CARRIER_URL: nowhere, MARKETPLACE_URL: nowhere },
      {
        erp: { username: 'u', password: 'p' },
        pos: { accessToken: 't' },
        wms: { username: 'u', password: 'p' },
        carrier: { clientId: 'c', clientSecret: 's' },
        marketplace: { clientId: 'c', clientSecret: 's', refreshToken: 'r' },
      },
    );
    const def = SUBGRAPH_FACTORIES.catalog!({ systems: createSystems(config), store: new Map() });
    server = await startSubgraphServer(def, { signing: { secret: SECRET, replayWindowMs: 60_000 } });
  });

  afterAll(async () => {
    await server?.close();
  });

  const post = (headers: Record<string, string>, body = BODY) =>
    raw(server.url, { body, headers: { 'content-type': 'application/json', ...headers } });
  const reasonOf = (r: Awaited<ReturnType<typeof post>>) => r.json().errors?.[0]?.extensions?.reason;

  it('refuses a direct unsigned call with 401; the same call signed by the gateway is answered', async () => {
    const unsigned = await post({});
    expect(unsigned.status).toBe(401);
    expect(codesOf(unsigned.json())).toEqual(['UNAUTHENTICATED']);
    expect(reasonOf(unsigned)).toBe('unsigned');

    const signed = await post(signRequest(SECRET, BODY, ''));
    expect(signed.status).toBe(200);
    expect((signed.json().data as { _service: { sdl: string } })._service.sdl).toMatch(/type Product/);
  });

  it('refuses a request signed with another secret (the dev default included)', async () => {
    const res = await post(signRequest(DEV_SIGNING_SECRET, BODY, ''));
    expect(res.status).toBe(401);
    expect(reasonOf(res)).toBe('bad-signature');
  });

  it('refuses a signed request whose body was changed in transit', async () => {
    const headers = signRequest(SECRET, BODY, '');
    const res = await post(headers, JSON.stringify({ query: '{ product(sku: "X") { name } }' }));
    expect(res.status).toBe(401);
    expect(reasonOf(res)).toBe('bad-signature');
  });

  it('refuses a caller header other than the one signed (no escalation to admin)', async () => {
    const headers = signRequest(SECRET, BODY, encodeCaller(AGENT));
    const forged = await post({ ...headers, 'x-retail360-caller': encodeCaller(ADMIN) });
    expect(forged.status).toBe(401);
    expect(reasonOf(forged)).toBe('bad-signature');

    const genuine = await post({ ...signRequest(SECRET, BODY, encodeCaller(AGENT)), 'x-retail360-caller': encodeCaller(AGENT) });
    expect(genuine.status).toBe(200);
  });

  it('refuses a replayed signature inside the window', async () => {
    const headers = signRequest(SECRET, BODY, '');
    const first = await post(headers);
    expect(first.status).toBe(200);
    const replay = await post(headers);
    expect(replay.status).toBe(401);
    expect(reasonOf(replay)).toBe('replayed');
  });

  it('refuses a stale signature (outside the 60 s window) and one from the future', async () => {
    const stale = await post(signRequest(SECRET, BODY, '', Date.now() - 120_000));
    expect(stale.status).toBe(401);
    expect(reasonOf(stale)).toBe('stale');
    const future = await post(signRequest(SECRET, BODY, '', Date.now() + 120_000));
    expect(future.status).toBe(401);
    expect(reasonOf(future)).toBe('stale');
  });

  it('refuses a malformed signature header without throwing', async () => {
    const res = await post({ 'x-retail360-timestamp': String(Date.now()), 'x-retail360-signature': 'v1=zz' });
    expect(res.status).toBe(401);
    expect(reasonOf(res)).toBe('bad-signature');
  });
});

describe('signing configuration', () => {
  it('production refuses the dev default secret and short secrets; a real secret is accepted', () => {
    expect(() => readSigningConfig({ NODE_ENV: 'production' }, DEV_SIGNING_SECRET)).toThrow(/SUBGRAPH_SIGNING_SECRET/);
    expect(() => readSigningConfig({ NODE_ENV: 'production', SUBGRAPH_SIGNING_SECRET: 'short' }, DEV_SIGNING_SECRET)).toThrow(
      /SUBGRAPH_SIGNING_SECRET/,
    );
    expect(readSigningConfig({ NODE_ENV: 'production', SUBGRAPH_SIGNING_SECRET: SECRET }, DEV_SIGNING_SECRET).secret).toBe(SECRET);
    expect(readSigningConfig({}, DEV_SIGNING_SECRET)).toEqual({ secret: DEV_SIGNING_SECRET, replayWindowMs: 60_000 });
  });

  it('the verifier forgets signatures once they are past the window', () => {
    const verifier = new SignatureVerifier({ secret: SECRET, replayWindowMs: 1000 });
    const t0 = 5_000_000;
    const h = signRequest(SECRET, BODY, '', t0);
    const req = { timestamp: h['x-retail360-timestamp'], signature: h['x-retail360-signature'], caller: '', body: BODY };
    expect(verifier.verify(req, t0)).toBeNull();
    expect(verifier.verify(req, t0 + 500)).toBe('replayed');
    expect(verifier.verify(req, t0 + 1500)).toBe('stale');
  });
});

describe('distributed mode: the gateway signs every subgraph request', () => {
  it('answers a query across subgraphs (each call signed and verified) with the caller forwarded', async () => {
    const stack = await startTestStack({ mode: 'distributed', scale: SECURITY_SCALE, env: { SUBGRAPH_SIGNING_SECRET: SECRET } });
    try {
      const res = await gql<{ findCustomers: { id: string; orders: { totalCount: number } }[] }>(
        stack.url,
        'query ($phone: String) { findCustomers(phone: $phone) { id name orders(first: 5) { totalCount } } }',
        { phone: demoPhone() },
        as(stack, 'agent'),
      );
      expect(res.status).toBe(200);
      expect(res.body.errors).toBeUndefined();
      expect(res.body.data!.findCustomers[0]!.orders.totalCount).toBeGreaterThan(0);
    } finally {
      await stack.close();
    }
  }, 240_000);
});
