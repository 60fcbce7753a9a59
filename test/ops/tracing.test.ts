import { SpanKind } from '@opentelemetry/api';
import { InMemorySpanExporter, type ReadableSpan } from '@opentelemetry/sdk-trace-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { initTracing, type Tracing } from '../../gateway/src/observability/tracing.ts';
import { getDataset } from '../../legacy/dataset/src/index.ts';
import { gql, startTestStack, type TestStack } from '../helpers/stack.ts';

const PRODUCT = 'query Product($sku: ID!) { product(sku: $sku) { sku name } }';
const CLIENT_TRACE = '4bf92f3577b34da6a3ce929d0e0e4736';
const CLIENT_SPAN = '00f067aa0ba902b7';

describe('one trace from the gateway down to the legacy call', () => {
  const exporter = new InMemorySpanExporter();
  let tracing: Tracing;
  let stack: TestStack;

  beforeAll(async () => {
    tracing = initTracing({ serviceName: 'retail360-test', exporter })!;
    stack = await startTestStack({ scale: 0.05, env: { LOG_LEVEL: 'silent' } });
  }, 120_000);

  afterAll(async () => {
    await stack?.close();
    await tracing?.shutdown();
  });

  it('continues the client’s trace, nests the adapter attempt under the gateway, and hands its traceparent to the ERP', async () => {
    const sku = getDataset({ scale: 0.05 }).products[3]!.sku;
    const erp = stack.simulators.erp!;
    erp.resetStats();
    exporter.reset();
    const res = await gql(stack.url, PRODUCT, { sku }, { ...stack.credentials.agent, traceparent: `00-${CLIENT_TRACE}-${CLIENT_SPAN}-01` });
    expect(res.body.errors).toBeUndefined();

    const spans = exporter.getFinishedSpans().filter((s) => s.spanContext().traceId === CLIENT_TRACE);
    const byId = new Map(spans.map((s) => [s.spanContext().spanId, s]));
    const parentOf = (s: ReadableSpan) => byId.get(s.parentSpanContext?.spanId ?? '');

    const server = spans.find((s) => s.kind === SpanKind.SERVER && s.name.includes('/graphql'));
    expect(server).toBeDefined();
    expect(server!.parentSpanContext?.spanId).toBe(CLIENT_SPAN);

    const adapter = spans.find((s) => s.kind === SpanKind.CLIENT && s.attributes['retail360.system'] === 'ERP');
    expect(adapter).toBeDefined();
    expect(adapter!.attributes['http.response.status_code']).toBe(200);
    expect(typeof adapter!.attributes['retail360.operation']).toBe('string');

    // Walk up from the adapter span: the gateway's fetch and request spans, then the server span.
    const chain: string[] = [];
    for (let s: ReadableSpan | undefined = adapter; s; s = parentOf(s)) chain.push(s.name);
    expect(chain.at(-1)).toBe(server!.name);
    expect(chain.some((n) => n.startsWith('gateway.fetch'))).toBe(true);
    expect(chain.some((n) => n.startsWith('gateway.request'))).toBe(true);

    const received = erp.recent.map((c) => c.headers.traceparent).filter((t): t is string => typeof t === 'string');
    expect(received).toContain(`00-${CLIENT_TRACE}-${adapter!.spanContext().spanId}-01`);
  });

  it('a failed attempt is an error span with its code', async () => {
    const sku = getDataset({ scale: 0.05 }).products[4]!.sku;
    exporter.reset();
    stack.simulators.erp!.faults.set({ errorStatus: 503, errorRate: 1 });
    try {
      await gql(stack.url, PRODUCT, { sku }, stack.credentials.agent);
    } finally {
      stack.simulators.erp!.faults.clear();
    }
    const failed = exporter
      .getFinishedSpans()
      .filter((s) => s.attributes['retail360.system'] === 'ERP' && s.attributes['retail360.error_code']);
    expect(failed.length).toBeGreaterThan(0);
    expect(failed[0]!.attributes['retail360.error_code']).toBe('UPSTREAM_UNAVAILABLE');
    expect(failed[0]!.attributes['http.response.status_code']).toBe(503);
    expect(failed[0]!.status.code).toBe(2);
  });
});
