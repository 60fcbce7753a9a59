import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { AdapterError, SystemClient, createCallContext } from '../../core/src/index.ts';
import { ErpCsrfClient } from '../src/index.ts';
import { FAST_RETRIES } from './helpers.ts';

/**
 * A stand-in SAP Gateway: issues numbered tokens, accepts only the tokens in `valid`, and
 * answers a write without one the way SAP does (403, `x-csrf-token: Required`) unless told to
 * refuse the user outright (a 403 without the header: a missing authorisation).
 */
let server: http.Server;
let url: string;
let issued = 0;
let valid = new Set<string>();
let refuseUser = false;
const seen: string[] = [];

beforeAll(async () => {
  server = http.createServer((req, res) => {
    seen.push(`${req.method} ${req.url?.split('?')[0]} ${String(req.headers['x-csrf-token'] ?? '')}`);
    if (req.method === 'GET') {
      const token = `t${++issued}`;
      valid.add(token);
      res.writeHead(200, { 'content-type': 'application/json', 'x-csrf-token': token });
      res.end(JSON.stringify({ d: { EntitySets: ['A_Thing'] } }));
      return;
    }
    if (refuseUser) {
      res.writeHead(403, { 'content-type': 'text/plain' }).end('No authorization');
      return;
    }
    if (!valid.has(String(req.headers['x-csrf-token']))) {
      res.writeHead(403, { 'content-type': 'text/plain', 'x-csrf-token': 'Required' }).end('CSRF token validation failed');
      return;
    }
    if (req.method === 'PATCH') {
      res.writeHead(204).end();
      return;
    }
    res.writeHead(201, { 'content-type': 'application/json' }).end(JSON.stringify({ d: { Thing: '1' } }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
});
beforeEach(() => {
  seen.length = 0;
  refuseUser = false;
});

const ctx = createCallContext({ requestId: 'csrf-test' });
const CreatedSchema = z.union([z.object({ d: z.object({ Thing: z.string() }) }), z.object({ text: z.string() })]);
const newClient = () => new ErpCsrfClient(new SystemClient({ system: 'ERP', baseUrl: url, resilience: FAST_RETRIES }));
const post = { operation: 'createThing', method: 'POST', path: '/sap/opu/odata/sap/API_THING_SRV/A_Thing', json: {} } as const;

describe('ErpCsrfClient', () => {
  it('fetches one token from the service root and reuses it across writes and services', async () => {
    const csrf = newClient();
    const created = await csrf.send(ctx, { ...post, schema: CreatedSchema });
    expect(created.status).toBe(201);
    expect(created.body).toEqual({ d: { Thing: '1' } });
    const patched = await csrf.send(ctx, {
      operation: 'changeOther',
      method: 'PATCH',
      path: "/sap/opu/odata/sap/API_OTHER_SRV/A_Other('1')",
      json: {},
      schema: z.object({ text: z.literal('') }),
    });
    expect(patched.status).toBe(204);
    expect(seen.filter((s) => s.startsWith('GET'))).toEqual(['GET /sap/opu/odata/sap/API_THING_SRV/ Fetch']);
  });

  it('fetches a new token once when the ERP no longer knows the old one', async () => {
    const csrf = newClient();
    await csrf.send(ctx, { ...post, schema: CreatedSchema });
    valid = new Set(); // the ERP restarted: every token it issued is gone
    const again = await csrf.send(ctx, { ...post, schema: CreatedSchema });
    expect(again.status).toBe(201);
    expect(seen.map((s) => s.split(' ')[0])).toEqual(['GET', 'POST', 'POST', 'GET', 'POST']);
  });

  it('throws UPSTREAM_AUTH_FAILED for a 403 that is not a CSRF refusal, without asking for tokens in a loop', async () => {
    const csrf = newClient();
    refuseUser = true;
    const failure = await csrf.send(ctx, { ...post, schema: CreatedSchema }).catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(AdapterError);
    expect(failure).toMatchObject({ code: 'UPSTREAM_AUTH_FAILED', system: 'ERP' });
    expect(seen.filter((s) => s.startsWith('POST'))).toHaveLength(1);
  });

  it('validates the answer with the caller schema', async () => {
    const csrf = newClient();
    const failure = await csrf.send(ctx, { ...post, schema: z.object({ d: z.object({ Other: z.string() }) }) }).catch((e: unknown) => e);
    expect(failure).toMatchObject({ code: 'UPSTREAM_BAD_RESPONSE' });
  });
});
