import { context, propagation, ProxyTracerProvider, SpanKind, SpanStatusCode, trace, type TracerProvider } from '@opentelemetry/api';
import { AdapterError } from './AdapterError.ts';
import type { SystemName } from './model.ts';

/**
 * Adapters instrument with the OpenTelemetry API only: without a registered SDK (tracing off,
 * the default) every call here is a no-op, and the process decides where spans go.
 */
const tracer = trace.getTracer('retail360-adapters');

/** The API's own no-op provider, what the global proxy delegates to until an SDK registers. */
const NOOP_PROVIDER = new ProxyTracerProvider().getDelegate().constructor;

/**
 * Whether an OpenTelemetry SDK has registered a tracer provider. Without one every span is a
 * no-op, but starting it still costs a context switch, closures and attribute objects per call:
 * callers skip that work when this is false. Checked per call, so an SDK registered later counts.
 */
export function tracingEnabled(): boolean {
  const global: TracerProvider = trace.getTracerProvider();
  const provider = global instanceof ProxyTracerProvider ? global.getDelegate() : global;
  return provider.constructor !== NOOP_PROVIDER;
}

export interface AttemptSpanInfo {
  system: SystemName;
  operation: string;
  method: string;
}

/**
 * Runs one upstream attempt inside its own CLIENT span and hands `run` the W3C headers of that
 * span, so the legacy system sees the attempt (not the request) as its parent.
 */
export function withAttemptSpan<T extends { status: number }>(
  info: AttemptSpanInfo,
  run: (traceHeaders: Record<string, string>) => Promise<T>,
): Promise<T> {
  // No SDK: no span to start and no propagator to write headers (the API's default injects nothing).
  if (!tracingEnabled()) return run({});
  return tracer.startActiveSpan(
    `${info.system} ${info.operation}`,
    {
      kind: SpanKind.CLIENT,
      attributes: { 'retail360.system': info.system, 'retail360.operation': info.operation, 'http.request.method': info.method },
    },
    async (span) => {
      const headers: Record<string, string> = {};
      propagation.inject(context.active(), headers);
      try {
        const result = await run(headers);
        span.setAttribute('http.response.status_code', result.status);
        return result;
      } catch (err) {
        if (err instanceof AdapterError) {
          span.setAttribute('retail360.error_code', err.code);
          if (err.status !== undefined) span.setAttribute('http.response.status_code', err.status);
        }
        span.setStatus({ code: SpanStatusCode.ERROR, message: err instanceof Error ? err.message : String(err) });
        throw err;
      } finally {
        span.end();
      }
    },
  );
}
