import { ProxyTracer, SpanKind, context, propagation, trace } from '@opentelemetry/api';
import { InMemorySpanExporter, NodeTracerProvider, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-node';
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import { AdapterError, tracingEnabled, withAttemptSpan } from '../src/index.ts';

const INFO = { system: 'ERP', operation: 'getOrders', method: 'GET' } as const;

afterEach(() => {
  vi.restoreAllMocks();
});
// Not between the tests: the module's tracer is bound to the global proxy, which `disable` replaces.
afterAll(() => {
  trace.disable();
  propagation.disable();
  context.disable();
});

describe('adapter attempt spans', () => {
  it('without an SDK: no span is started, the attempt runs with no trace headers, results and errors pass through', async () => {
    const started = vi.spyOn(ProxyTracer.prototype, 'startActiveSpan');
    expect(tracingEnabled()).toBe(false);
    const seen: Record<string, string>[] = [];
    const result = await withAttemptSpan(INFO, async (headers) => {
      seen.push(headers);
      return { status: 200, body: 'ok' };
    });
    expect(result).toEqual({ status: 200, body: 'ok' });
    expect(seen).toEqual([{}]);
    const failure = new AdapterError({ system: 'ERP', code: 'UPSTREAM_TIMEOUT', message: 'slow' });
    await expect(withAttemptSpan(INFO, () => Promise.reject(failure))).rejects.toBe(failure);
    expect(started).not.toHaveBeenCalled();
  });

  it('with an SDK registered (even after this module loaded): a CLIENT span per attempt and its traceparent', async () => {
    const exporter = new InMemorySpanExporter();
    const provider = new NodeTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] });
    provider.register();
    expect(tracingEnabled()).toBe(true);
    let headers: Record<string, string> = {};
    await withAttemptSpan(INFO, async (h) => {
      headers = h;
      return { status: 204 };
    });
    const failure = new AdapterError({ system: 'ERP', code: 'UPSTREAM_UNAVAILABLE', message: 'down', status: 503 });
    await expect(withAttemptSpan(INFO, () => Promise.reject(failure))).rejects.toBe(failure);
    const [ok, failed] = exporter.getFinishedSpans();
    expect(ok).toMatchObject({ name: 'ERP getOrders', kind: SpanKind.CLIENT });
    expect(ok!.attributes['http.response.status_code']).toBe(204);
    expect(headers.traceparent).toBe(`00-${ok!.spanContext().traceId}-${ok!.spanContext().spanId}-01`);
    expect(failed!.attributes['retail360.error_code']).toBe('UPSTREAM_UNAVAILABLE');
    await provider.shutdown();
  });
});
