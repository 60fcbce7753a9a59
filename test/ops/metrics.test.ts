import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getDataset } from '../../legacy/dataset/src/index.ts';
import { gql, startTestStack, type TestStack } from '../helpers/stack.ts';

const PRODUCT = 'query Product($sku: ID!) { product(sku: $sku) { sku name } }';

/** One sample's value from Prometheus text format, or undefined. */
function sample(text: string, name: string, labels: Record<string, string>): number | undefined {
  for (const line of text.split('\n')) {
    if (!line.startsWith(`${name}{`)) continue;
    const inner = line.slice(name.length + 1, line.lastIndexOf('}'));
    if (Object.entries(labels).every(([k, v]) => inner.includes(`${k}="${v}"`))) return Number(line.slice(line.lastIndexOf(' ') + 1));
  }
  return undefined;
}

describe('/metrics after a fault-injected run', () => {
  let stack: TestStack;
  const skus = getDataset({ scale: 0.05 }).products.map((p) => p.sku);

  beforeAll(async () => {
    stack = await startTestStack({ scale: 0.05, env: { LOG_LEVEL: 'silent' } });
  }, 120_000);

  afterAll(async () => {
    await stack?.close();
  });

  it('shows the failing system’s errors, its open circuit, cache and request counters, event-loop lag', async () => {
    const ok = await gql(stack.url, PRODUCT, { sku: skus[0]! }, stack.credentials.agent);
    expect(ok.body.errors).toBeUndefined();
    await gql(stack.url, PRODUCT, { sku: skus[0]! }, stack.credentials.agent); // served from cache

    stack.simulators.erp!.faults.set({ outage: 'refuse' });
    try {
      let codes = new Set<unknown>();
      for (let i = 1; i <= 25 && stack.systems!.erp.client.circuitState() !== 'open'; i++) {
        const res = await gql(stack.url, PRODUCT, { sku: skus[i]! }, stack.credentials.agent);
        codes = new Set([...codes, ...(res.body.errors ?? []).map((e) => e.extensions?.code)]);
      }
      expect(stack.systems!.erp.client.circuitState()).toBe('open');
      expect(codes.has('UPSTREAM_UNAVAILABLE')).toBe(true);

      const res = await fetch(stack.url.replace(/\/graphql$/, '/metrics'));
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toMatch(/text\/plain/);
      const text = await res.text();
      expect(sample(text, 'retail360_upstream_attempts_total', { system: 'ERP', outcome: 'UPSTREAM_UNAVAILABLE' })).toBeGreaterThan(0);
      expect(sample(text, 'retail360_upstream_attempts_total', { system: 'ERP', outcome: 'ok' })).toBeGreaterThan(0);
      expect(sample(text, 'retail360_circuit_state', { system: 'ERP' })).toBe(2);
      expect(sample(text, 'retail360_circuit_state', { system: 'POS' })).toBe(0);
      expect(sample(text, 'retail360_graphql_errors_total', { code: 'UPSTREAM_UNAVAILABLE', system: 'ERP' })).toBeGreaterThan(0);
      expect(sample(text, 'retail360_graphql_requests_total', { operation: 'Product', outcome: 'ok' })).toBeGreaterThanOrEqual(2);
      expect(sample(text, 'retail360_cache_lookups_total', { system: 'ERP', entity: 'product', result: 'hit' })).toBeGreaterThan(0);
      expect(sample(text, 'retail360_cache_lookups_total', { system: 'ERP', entity: 'product', result: 'miss' })).toBeGreaterThan(0);
      expect(text).toMatch(/retail360_upstream_request_duration_seconds_bucket\{[^}]*system="ERP"/);
      expect(text).toMatch(/retail360_graphql_request_duration_seconds_count\{[^}]*operation="Product"/);
      expect(text).toContain('retail360_rate_limit_rejections_total');
      expect(text).toMatch(/^nodejs_eventloop_lag_seconds\{/m);
      // No personal data: variables never become labels.
      expect(text).not.toContain(skus[1]!);
    } finally {
      stack.simulators.erp!.faults.clear();
    }
  });
});
