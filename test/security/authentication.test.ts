import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gql, startTestStack, type TestStack } from '../helpers/stack.ts';
import { codes, staffToken } from './authFixtures.ts';

/** Who may get in at all: every refusal is paired with the request that passes. */
const PRODUCT = `query Product($sku: ID!) { product(sku: $sku) { sku name } }`;

describe('authentication: API keys and staff tokens', () => {
  let stack: TestStack;
  let sku: string;

  beforeAll(async () => {
    stack = await startTestStack({ scale: 0.05 });
    const { getDataset } = await import('../../legacy/dataset/src/index.ts');
    sku = getDataset({ scale: 0.05 }).products[0]!.sku;
  }, 120_000);

  afterAll(async () => {
    await stack?.close();
  });

  const ok = async (headers: Record<string, string>) => {
    const res = await gql<{ product: { sku: string } | null }>(stack.url, PRODUCT, { sku }, headers);
    expect(res.status).toBe(200);
    expect(res.body.errors).toBeUndefined();
    expect(res.body.data?.product?.sku).toBe(sku);
  };
  const unauthenticated = async (headers: Record<string, string>, reason: RegExp) => {
    const res = await gql(stack.url, PRODUCT, { sku }, headers);
    expect(res.status).toBe(401);
    expect(codes(res)).toEqual(['UNAUTHENTICATED']);
    expect(res.body.errors![0]!.message).toMatch(reason);
    expect(res.body.data).toBeUndefined();
  };

  it('no credential: every field is FORBIDDEN, nothing is public; an agent token gets the product', async () => {
    const res = await gql(stack.url, PRODUCT, { sku });
    expect(res.status).toBe(200);
    expect(res.body.data).toEqual({ product: null });
    expect(res.body.errors?.[0]).toMatchObject({ path: ['product'], extensions: { code: 'FORBIDDEN', field: 'Query.product' } });
    await ok(stack.credentials.agent);
  });

  it('an unknown API key is refused with 401 (never treated as anonymous); the issued key passes', async () => {
    const real = stack.credentials.chatbot['x-api-key']!;
    const keyId = real.slice('r360_live_'.length, 'r360_live_'.length + 16);
    const forged = `r360_live_${keyId}_${'A'.repeat(43)}`;
    await unauthenticated({ 'x-api-key': forged }, /unknown API key/);
    await unauthenticated({ 'x-api-key': 'r360_live_nonsense' }, /malformed API key/);
    await unauthenticated({ 'x-api-key': 'definitely-not-a-key' }, /malformed API key/);
    const { runPersisted } = await import('./authFixtures.ts');
    const res = await runPersisted<{ product: { sku: string } }>(stack.url, 'ProductInfo', { sku }, { 'x-api-key': real });
    expect(res.status).toBe(200);
    expect(res.body.data?.product.sku).toBe(sku);
  });

  it('a revoked key is refused at once; a fresh key of the same role still works', async () => {
    const issued = await stack.auth.keys.create({ role: 'partner', channel: 'JD', label: 'probe' });
    const headers = { 'x-api-key': issued.key };
    const byId = {
      extensions: { persistedQuery: { version: 1, sha256Hash: (await import('./authFixtures.ts')).persistedId('ProductInfo') } },
      variables: { sku },
    };
    const run = () =>
      fetch(stack.url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(byId) });
    expect((await run()).status).toBe(200);
    await stack.auth.keys.revoke(issued.record.keyId);
    const res = await run();
    expect(res.status).toBe(401);
    expect(JSON.stringify(await res.json())).toMatch(/API key revoked/);
  });

  it('rotation: the new key works, the old one stops (after its grace period)', async () => {
    const old = await stack.auth.keys.create({ role: 'chatbot' });
    const rotated = await stack.auth.keys.rotate(old.record.keyId, 0);
    expect(rotated.record.rotatedFrom).toBe(old.record.keyId);
    const { persistedId } = await import('./authFixtures.ts');
    const body = JSON.stringify({
      extensions: { persistedQuery: { version: 1, sha256Hash: persistedId('ProductInfo') } },
      variables: { sku },
    });
    const call = (key: string) =>
      fetch(stack.url, { method: 'POST', headers: { 'content-type': 'application/json', 'x-api-key': key }, body });
    expect((await call(old.key)).status).toBe(401);
    expect((await call(rotated.key)).status).toBe(200);
  });

  it('keys are stored only as hashes: the secret is nowhere in the store', async () => {
    const issued = await stack.auth.keys.create({ role: 'chatbot' });
    const secret = issued.key.split('_').slice(3).join('_');
    const record = await stack.auth.keys.get(issued.record.keyId);
    expect(JSON.stringify(record)).not.toContain(secret);
    expect(record!.hash).toMatch(/^[0-9a-f]{64}$/);
    expect((await stack.auth.keys.verify(issued.key)).ok).toBe(true);
  });

  it('an expired staff token is refused; the same token unexpired passes', async () => {
    await unauthenticated(await staffToken({ expiresIn: -120 }), /expired/);
    await ok(await staffToken({ expiresIn: 600 }));
  });

  it('a token signed with another secret is refused', async () => {
    await unauthenticated(await staffToken({ secret: 'an-attacker-secret-that-is-long-enough-000' }), /signature invalid/);
  });

  it('a token for another issuer or another audience is refused', async () => {
    await unauthenticated(await staffToken({ issuer: 'https://evil.example' }), /claim "iss"/);
    await unauthenticated(await staffToken({ audience: 'some-other-api' }), /claim "aud"/);
  });

  it('an unsigned token (alg none) is refused', async () => {
    const b64 = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url');
    const now = Math.floor(Date.now() / 1000);
    const none = `${b64({ alg: 'none' })}.${b64({ role: 'admin', sub: 'x', iss: 'retail360-dev', aud: 'retail360', exp: now + 600 })}.`;
    await unauthenticated({ authorization: `Bearer ${none}` }, /token/);
  });

  it('a token cannot claim a key-only role (partner, chatbot) or be a store token without a store', async () => {
    await unauthenticated(await staffToken({ role: 'partner' }), /no staff role/);
    await unauthenticated(await staffToken({ role: 'superuser' }), /no staff role/);
    await unauthenticated(await staffToken({ role: 'store' }), /store/);
    await ok(await staffToken({ role: 'store', store: 'ST001' }));
  });

  it('a malformed Authorization header or two credentials at once are refused', async () => {
    await unauthenticated({ authorization: 'Basic dXNlcjpwYXNz' }, /Bearer/);
    await unauthenticated({ ...stack.credentials.agent, ...stack.credentials.chatbot }, /one credential/);
  });
});
