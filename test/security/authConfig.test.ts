import Fastify from 'fastify';
import { describe, expect, it } from 'vitest';
import { DEV_JWT_SECRET, installAuth, PersistedOperations, type Authenticator } from '../../gateway/src/auth/index.ts';
import { readConfig } from '../../gateway/src/config.ts';
import { DEMO_CREDENTIALS } from '../../gateway/src/simulators.ts';
import { ANONYMOUS, assertStoreAccess, decodeCaller, encodeCaller, type Caller } from '../../subgraphs/runtime/src/index.ts';
import { persistedId } from './authFixtures.ts';

/** Production also needs the subgraph signing secret (checked first); these probes are about the auth settings. */
const SIGNING = { SUBGRAPH_SIGNING_SECRET: 's'.repeat(40) };
const config = (env: Record<string, string>) =>
  readConfig(env.NODE_ENV === 'production' ? { ...SIGNING, ...env } : env, [], DEMO_CREDENTIALS);

describe('production refuses default secrets and creates no demo credentials', () => {
  it('refuses to start without a staff token key, naming the setting; development falls back to the dev secret', () => {
    expect(() => config({ NODE_ENV: 'production' })).toThrow(/AUTH_JWT_SECRET/);
    expect(config({}).auth.jwt.secret).toBe(DEV_JWT_SECRET);
    expect(config({}).auth.demoCredentials).toBe(true);
  });

  it('refuses the development secret and short secrets in production', () => {
    expect(() => config({ NODE_ENV: 'production', AUTH_JWT_SECRET: DEV_JWT_SECRET })).toThrow(
      /AUTH_JWT_SECRET: is the development default/,
    );
    expect(() => config({ NODE_ENV: 'production', AUTH_JWT_SECRET: 'short' })).toThrow(/at least 32/);
  });

  it('with its own secret (or a JWKS URL) production starts, with no demo credentials even if asked', () => {
    const prod = config({ NODE_ENV: 'production', AUTH_JWT_SECRET: 'x'.repeat(40), DEMO_CREDENTIALS: 'true' });
    expect(prod.auth.demoCredentials).toBe(false);
    const jwks = config({ NODE_ENV: 'production', AUTH_JWKS_URL: 'https://idp.example/.well-known/jwks.json' });
    expect(jwks.auth.jwt).toMatchObject({ jwksUrl: 'https://idp.example/.well-known/jwks.json', algorithms: ['RS256'] });
    expect(jwks.auth.jwt.secret).toBeUndefined();
  });
});

describe('SAFELIST_STAFF and the safelist hook', () => {
  const agent: Caller = { role: 'agent', subject: 'a', scopes: [] };
  async function app(safelistStaff: boolean) {
    const authenticator: Authenticator = { authenticate: async (h) => (h.authorization ? agent : ANONYMOUS) };
    const a = Fastify();
    installAuth(a, { authenticator, safelist: PersistedOperations.load(), safelistStaff });
    a.post('/graphql', async () => ({ data: { ran: true } }));
    return a;
  }
  const send = (a: Awaited<ReturnType<typeof app>>, payload: object) =>
    a.inject({ method: 'POST', url: '/graphql', headers: { authorization: 'Bearer x', 'content-type': 'application/json' }, payload });

  it('staff run any operation by default; with SAFELIST_STAFF=true only persisted ones', async () => {
    const open = await app(false);
    expect((await send(open, { query: '{ plain }' })).statusCode).toBe(200);
    const strict = await app(true);
    const refused = await send(strict, { query: '{ plain }' });
    expect(refused.statusCode).toBe(403);
    expect(refused.json().errors[0].extensions.code).toBe('PERSISTED_QUERY_REQUIRED');
    expect(
      (await send(strict, { extensions: { persistedQuery: { version: 1, sha256Hash: persistedId('WhereIsMyOrder') } } })).statusCode,
    ).toBe(200);
    expect(config({ SAFELIST_STAFF: 'true' }).auth.safelistStaff).toBe(true);
  });
});

describe('caller propagation and the store check', () => {
  it('the caller header round-trips; anything malformed is anonymous, never a guessed role', () => {
    const partner: Caller = { role: 'partner', subject: 'key:abc', scopes: ['order:read'], channel: 'AMAZON', keyId: 'abc' };
    expect(decodeCaller(encodeCaller(partner))).toEqual(partner);
    expect(decodeCaller('{"role":"root","subject":"x"}')).toBe(ANONYMOUS);
    expect(decodeCaller('not json')).toBe(ANONYMOUS);
    expect(decodeCaller(undefined)).toBe(ANONYMOUS);
  });

  it('a store associate acts only on their own store; agents and admins on any', () => {
    const store: Caller = { role: 'store', subject: 's', scopes: [], store: 'ST001' };
    expect(() => assertStoreAccess(store, 'ST002', 'Mutation.reserveStock')).toThrow(/FORBIDDEN|Forbidden/);
    expect(() => assertStoreAccess(store, 'ST001', 'Mutation.reserveStock')).not.toThrow();
    expect(() => assertStoreAccess({ role: 'agent', subject: 'a', scopes: [] }, 'ST002', 'Mutation.reserveStock')).not.toThrow();
  });
});
