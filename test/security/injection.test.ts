import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readConfig } from '../../gateway/src/config.ts';
import { DEMO_CREDENTIALS, startLocalSimulators, type LocalSimulators, type SimulatorName } from '../../gateway/src/simulators.ts';
import { gql, startTestStack, type TestStack } from '../helpers/stack.ts';
import { as, demoPhone, SECURITY_SCALE } from './limitsHelpers.ts';
import { startRecordingProxy, type RecordedRequest, type RecordingProxy } from './recordingProxy.ts';

/** Hostile values (issue 9, item 7); each carries a marker to find it on the wire. */
const ODATA = "zq' or 1 eq 1 or 'a' eq 'a";
const XML = 'zq</Sku><Sku>ALL</Sku><Sku>';
const CRLF = 'zq\r\nX-Injected: yes\r\n';
const SYSTEMS: SimulatorName[] = ['erp', 'pos', 'wms', 'carrier', 'marketplace'];

const wire = (r: RecordedRequest): string => {
  let url = r.url;
  try {
    url = decodeURIComponent(r.url.replace(/\+/g, ' '));
  } catch {
    /* keep the raw URL */
  }
  return `${r.method} ${url}\n${r.body}`;
};

/**
 * Every upstream request the adapters send is recorded by a proxy in front of each simulator;
 * hostile argument values must arrive escaped for the system's syntax, or not at all.
 */
describe('hostile argument values reach no legacy system unescaped', () => {
  let sims: LocalSimulators;
  const proxies: Partial<Record<SimulatorName, RecordingProxy>> = {};
  let stack: TestStack;
  let sku: string;
  let phone: string;

  beforeAll(async () => {
    const simEnv = {
      ERP_SIM_PORT: '0',
      POS_SIM_PORT: '0',
      WMS_SIM_PORT: '0',
      CARRIER_SIM_PORT: '0',
      MARKETPLACE_SIM_PORT: '0',
      DATASET_SCALE: String(SECURITY_SCALE),
    };
    sims = await startLocalSimulators(readConfig(simEnv, [], DEMO_CREDENTIALS), simEnv);
    for (const name of SYSTEMS) proxies[name] = await startRecordingProxy(sims.systems[name].url!);
    stack = await startTestStack({
      scale: SECURITY_SCALE,
      env: Object.fromEntries(SYSTEMS.map((name) => [`${name.toUpperCase()}_URL`, proxies[name]!.url])),
    });
    sku = sims.dataset.products[0]!.sku;
    phone = demoPhone();
  }, 120_000);

  afterAll(async () => {
    await stack?.close();
    await Promise.all(Object.values(proxies).map((p) => p.close()));
    await sims?.close();
  });

  const seen = (name: SimulatorName, marker = 'zq') => proxies[name]!.requests.filter((r) => wire(r).includes(marker));

  it('ERP (OData $filter): quotes are doubled, the filter cannot be widened; lookups find no one', async () => {
    const agent = as(stack, 'agent');
    for (const arg of ['email', 'name', 'orderNumber', 'cardNumber']) {
      const res = await gql<{ findCustomers: unknown[] }>(
        stack.url,
        `query ($v: String) { findCustomers(${arg}: $v) { id } }`,
        { v: ODATA },
        agent,
      );
      expect(res.status).toBe(200);
      expect(res.body.data?.findCustomers ?? []).toEqual([]);
    }
    const product = await gql<{ product: unknown }>(stack.url, 'query ($s: ID!) { product(sku: $s) { name } }', { s: ODATA }, agent);
    expect(product.body.data?.product ?? null).toBeNull();

    const requests = seen('erp');
    expect(requests.length).toBeGreaterThan(0);
    for (const r of requests) {
      const text = wire(r);
      expect(text.replaceAll("''", '')).not.toContain("' or 1 eq 1");
      expect(text).toContain("zq'' or 1 eq 1");
    }
    // The legitimate lookup still finds the person.
    const ok = await gql<{ findCustomers: unknown[] }>(
      stack.url,
      'query ($v: String) { findCustomers(phone: $v) { id } }',
      { v: phone },
      agent,
    );
    expect(ok.body.data!.findCustomers.length).toBeGreaterThan(0);
  });

  it('WMS (SOAP/XML): markup in a SKU or location id arrives as text, never as elements', async () => {
    const agent = as(stack, 'agent');
    const near = await gql(
      stack.url,
      'query ($s: ID) { storesNear(latitude: 31.23, longitude: 121.47, sku: $s) { atp } }',
      { s: XML },
      agent,
    );
    expect(near.status).toBe(200);
    const avail = await gql(
      stack.url,
      'query ($s: ID!, $l: [ID!]) { product(sku: $s) { availability(locationIds: $l) { atp } } }',
      { s: sku, l: [XML] },
      agent,
    );
    expect(avail.status).toBe(200);

    const requests = seen('wms');
    expect(requests.length).toBeGreaterThan(0);
    for (const r of requests) {
      expect(r.body).not.toContain('</Sku><Sku>');
      expect(r.body).not.toMatch(/zq<\//);
      expect(r.body).toMatch(/zq&lt;\/Sku&gt;/);
    }
    const legit = await gql<{ storesNear: unknown[] }>(
      stack.url,
      'query ($s: ID) { storesNear(latitude: 31.23, longitude: 121.47, radiusKm: 500, sku: $s) { atp } }',
      { s: sku },
      agent,
    );
    expect(legit.body.errors).toBeUndefined();
  });

  it('POS and marketplace (REST/JSON): hostile values stay one JSON string or one query parameter', async () => {
    const agent = as(stack, 'agent');
    const smuggle = `${ODATA}","limit":100000,"x":"`;
    for (const v of [ODATA, smuggle, `${ODATA}&limit=100000&x=`]) {
      const res = await gql<{ findCustomers: unknown[] }>(
        stack.url,
        'query ($v: String) { findCustomers(phone: $v, email: $v, orderNumber: $v, name: $v) { id } }',
        { v },
        agent,
      );
      expect(res.status).toBe(200);
      expect(res.body.data?.findCustomers ?? []).toEqual([]);
    }
    const requests = [...seen('pos'), ...seen('marketplace')];
    expect(requests.length).toBeGreaterThan(0);
    for (const r of requests) {
      const query = new URL(r.url, 'http://x').searchParams;
      // An injected parameter or JSON member would show up on its own.
      expect(query.has('x')).toBe(false);
      expect([...query.values()].filter((v) => v === '100000')).toEqual([]);
      if (r.body) {
        const body = JSON.stringify(JSON.parse(r.body));
        expect(body).not.toMatch(/"x":/);
        expect(body).not.toMatch(/"limit":100000/);
      }
    }
  });

  it('CRLF in arguments and in client headers never splits an upstream request', async () => {
    const agent = as(stack, 'agent');
    const res = await gql(
      stack.url,
      'query ($v: String) { findCustomers(email: $v, name: $v, phone: $v) { id } }',
      { v: CRLF },
      { ...agent, 'x-request-id': 'abc def' },
    );
    expect(res.status).toBe(200);
    for (const name of SYSTEMS) {
      for (const r of proxies[name]!.requests) {
        expect(r.headers['x-injected']).toBeUndefined();
        expect(r.url).not.toMatch(/[\r\n]/);
        for (const v of Object.values(r.headers)) expect(String(v)).not.toMatch(/[\r\n]/);
        // A client request id outside the safe alphabet is replaced, not forwarded.
        expect(r.headers['x-request-id']).not.toBe('abc def');
      }
    }
  });

  it('100 kB strings are refused at the gateway and reach no system at all', async () => {
    const before = SYSTEMS.map((n) => proxies[n]!.requests.length);
    const res = await gql(
      stack.url,
      'query ($v: String) { findCustomers(email: $v) { id } }',
      { v: `zqhuge${'A'.repeat(100_000)}` },
      as(stack, 'agent'),
    );
    expect(res.status).toBe(400);
    expect(res.body.errors![0]!.extensions!.code).toBe('INPUT_TOO_LONG');
    expect(SYSTEMS.map((n) => proxies[n]!.requests.length)).toEqual(before);
    expect(SYSTEMS.flatMap((n) => seen(n, 'zqhuge'))).toEqual([]);
  });
});
