import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { carrierFixture, SHIPMENTS } from './fixture.ts';
import { basic, getJson, start, trackHeaders, type Started } from './helpers.ts';
import { loadSpec } from './specSchema.ts';

const oauthSpec = loadSpec('OAuthClientCredentials.yaml');
const FORM = { 'content-type': 'application/x-www-form-urlencoded' };

async function requestToken(url: string, headers: Record<string, string>, body = 'grant_type=client_credentials') {
  const res = await fetch(`${url}/security/v1/oauth/token`, { method: 'POST', headers, body });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

let s: Started;
beforeAll(async () => {
  s = await start(carrierFixture());
});
afterAll(async () => {
  await s.sim.close();
});

describe('POST /security/v1/oauth/token', () => {
  it('issues a bearer token in the spec shape, every field a string', async () => {
    const before = s.sim.tokensIssued();
    const reply = await requestToken(s.url, { authorization: basic(), ...FORM });
    expect(reply.status).toBe(200);
    expect(oauthSpec.check('tokenSuccessResponse', reply.body)).toEqual([]);
    expect(reply.body).toMatchObject({
      token_type: 'Bearer',
      client_id: 'retail360-demo-client',
      expires_in: '14399',
      status: 'approved',
      refresh_count: '0',
    });
    expect(reply.body.access_token).toMatch(/^[A-Za-z0-9_-]{40,}$/);
    expect(s.sim.tokensIssued()).toBe(before + 1);
  });

  it.each([
    ['a wrong secret', { authorization: basic(undefined, 'wrong'), ...FORM }, '10401'],
    ['an unknown client', { authorization: basic('someone'), ...FORM }, '10401'],
    ['no Authorization header', FORM, '10400'],
    ['a bearer instead of Basic', { authorization: 'Bearer x', ...FORM }, '10400'],
  ])('refuses %s with 401 and the error shape', async (_label, headers, code) => {
    const reply = await requestToken(s.url, headers);
    expect(reply.status).toBe(401);
    expect(oauthSpec.check('tokenErrorResponse', reply.body)).toEqual([]);
    expect(reply.body).toEqual({ response: { errors: [{ code, message: expect.any(String) }] } });
  });

  it('wants grant_type=client_credentials as a form', async () => {
    expect((await requestToken(s.url, { authorization: basic(), ...FORM }, 'grant_type=password')).status).toBe(400);
    const json = await requestToken(
      s.url,
      { authorization: basic(), 'content-type': 'application/json' },
      '{"grant_type":"client_credentials"}',
    );
    expect(json.status).toBe(400);
    expect(json.body).toEqual({ response: { errors: [{ code: '10402', message: 'Invalid/Missing grant_type' }] } });
  });
});

describe('token lifetime', () => {
  it('stops accepting a token once it expires', async () => {
    const short = await start(carrierFixture(), { tokenTtlSeconds: 1 });
    try {
      const reply = await requestToken(short.url, { authorization: basic(), ...FORM });
      expect(reply.body.expires_in).toBe('1');
      const url = `${short.url}/api/track/v1/details/${SHIPMENTS.DELIVERED.trackingNumber}`;
      expect((await getJson(url, trackHeaders(reply.body.access_token as string))).status).toBe(200);
      await sleep(1100);
      const expired = await getJson(url, trackHeaders(reply.body.access_token as string));
      expect(expired.status).toBe(401);
      expect(expired.body).toEqual({ response: { errors: [{ code: '250002', message: 'Invalid Authentication Information.' }] } });
    } finally {
      await short.sim.close();
    }
  });
});
