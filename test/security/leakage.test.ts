import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { scrubError, scrubMessage } from '../../gateway/src/plugins/errorScrub.ts';
import { DEMO_CREDENTIALS } from '../../gateway/src/simulators.ts';
import { gql, startTestStack, type TestStack } from '../helpers/stack.ts';
import { as, demoPhone, SECURITY_SCALE } from './limitsHelpers.ts';

const SECRETS = [
  DEMO_CREDENTIALS.erp.password,
  DEMO_CREDENTIALS.pos.accessToken,
  DEMO_CREDENTIALS.wms.password,
  DEMO_CREDENTIALS.carrier.clientSecret,
  DEMO_CREDENTIALS.marketplace.clientSecret,
  DEMO_CREDENTIALS.marketplace.refreshToken,
];

/** What an error answer must never contain (issue 9, item 7). */
function expectNoLeak(body: unknown): void {
  const text = JSON.stringify(body);
  expect(text).not.toMatch(/127\.0\.0\.1:|localhost:|https?:\/\//);
  expect(text).not.toMatch(/\bat [\w.<>]+ \(|\.ts:\d+:\d+|stacktrace/);
  expect(text).not.toMatch(/[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}/);
  expect(text).not.toMatch(/\b(password|client_secret|refresh_token|authorization)\b\s*[=:]/i);
  for (const secret of SECRETS) expect(text).not.toContain(secret);
}

describe('error answers leak nothing', () => {
  let stack: TestStack;
  let phone: string;
  const LOOKUP = 'query ($p: String) { findCustomers(phone: $p) { id name emails } product(sku: "SKU-1") { name } }';

  beforeAll(async () => {
    stack = await startTestStack({ scale: SECURITY_SCALE, env: { ERP_TIMEOUT_MS: '300', REQUEST_DEADLINE_MS: '1500' } });
    phone = demoPhone();
  }, 120_000);

  afterAll(async () => {
    await stack?.close();
  });

  for (const [label, fault] of [
    ['refused connections', { outage: 'refuse' as const }],
    ['a hang past the timeout', { outage: 'hang' as const }],
    ['malformed bodies', { malformedRate: 1 }],
    ['5xx answers', { errorRate: 1, errorStatus: 500 }],
  ] as const) {
    it(`an ERP failure (${label}) costs its fields with a clean error; healthy again, the same query passes`, async () => {
      stack.simulators.erp!.faults.set(fault);
      try {
        const res = await gql(stack.url, LOOKUP, { p: phone }, as(stack, 'agent'));
        expect(res.body.errors?.length).toBeGreaterThan(0);
        expect(
          res.body.errors!.some((e) => String(e.extensions?.code).startsWith('UPSTREAM_') || e.extensions?.code === 'CIRCUIT_OPEN'),
        ).toBe(true);
        expectNoLeak(res.body.errors);
      } finally {
        stack.simulators.erp!.faults.set({ outage: null, malformedRate: 0, errorRate: 0 });
      }
    });
  }

  it('the query passes once the ERP is healthy', async () => {
    let res = await gql<{ findCustomers: unknown[] }>(stack.url, LOOKUP, { p: phone }, as(stack, 'agent'));
    for (let i = 0; i < 20 && res.body.errors; i++) {
      await new Promise((r) => setTimeout(r, 500)); // the circuit may still be open
      res = await gql(stack.url, LOOKUP, { p: phone }, as(stack, 'agent'));
    }
    expect(res.body.errors).toBeUndefined();
    expect(res.body.data!.findCustomers.length).toBeGreaterThan(0);
  }, 30_000);

  it('echoed input in validation errors is redacted for staff; admins see it', async () => {
    const query = 'query ($n: Int) { findCustomers(phone: "1", first: $n) { id } }';
    const agent = await gql(stack.url, query, { n: 'jane.doe@example.com +8613800138000' }, as(stack, 'agent'));
    expect(agent.status).toBe(400);
    expect(agent.body.errors![0]!.message).toMatch(/Variable "\$n"/);
    expectNoLeak(agent.body);
    expect(JSON.stringify(agent.body)).not.toContain('13800138000');

    const admin = await gql(stack.url, query, { n: 'jane.doe@example.com' }, as(stack, 'admin'));
    expect(admin.body.errors![0]!.message).toContain('jane.doe@example.com');
  });
});

describe('scrubError', () => {
  it('removes URLs, addresses, credentials, personal data and stack traces from messages', () => {
    const message = [
      'request to http://127.0.0.1:4003/graphql failed, reason: connect ECONNREFUSED 127.0.0.1:4003',
      'Authorization: Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ4In0.abc password=hunter2 for jane@example.com +86 138 0013 8000',
      '    at Object.<anonymous> (/work/main/gateway/src/x.ts:1:2)',
    ].join('\n');
    const out = scrubMessage(message);
    expect(out).not.toMatch(/127\.0\.0\.1|http:|hunter2|eyJ|jane@|138 0013|x\.ts/);
    expect(out).toMatch(/failed/);
  });

  it('keeps only documented extension keys and hides internal errors entirely', () => {
    const leaky = scrubError({
      message: 'boom at https://erp.internal/sap?sap-client=100',
      extensions: {
        code: 'UPSTREAM_UNAVAILABLE',
        system: 'ERP',
        serviceName: 'orders',
        exception: { stacktrace: ['Error: x', '    at y'] },
        url: 'http://x',
      },
    });
    expect(leaky.extensions).toEqual({ code: 'UPSTREAM_UNAVAILABLE', system: 'ERP' });
    expect(leaky.message).toBe('boom at [redacted]');

    const internal = scrubError({
      message: 'Cannot read properties of undefined (reading "erp") in /work/main/x.ts',
      extensions: { code: 'INTERNAL_SERVER_ERROR' },
    });
    expect(internal).toEqual({ message: 'Internal server error.', extensions: { code: 'INTERNAL_SERVER_ERROR' } });
  });
});
