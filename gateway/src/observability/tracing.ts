import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BatchSpanProcessor, NodeTracerProvider, SimpleSpanProcessor, type SpanExporter } from '@opentelemetry/sdk-trace-node';

export interface TracingOptions {
  /** `service.name` of every span. */
  serviceName: string;
  /** OTLP/HTTP collector base URL (`OTEL_EXPORTER_OTLP_ENDPOINT`); spans go to `<url>/v1/traces`. @default none */
  otlpEndpoint?: string;
  /** An exporter of one's own (tests use an in-memory one); spans are exported one by one. @default none */
  exporter?: SpanExporter;
}

export interface Tracing {
  provider: NodeTracerProvider;
  /** Flushes pending spans and stops exporting. */
  shutdown(): Promise<void>;
}

/**
 * Registers the process-wide OpenTelemetry SDK: async-context propagation, the W3C
 * traceparent propagator and an exporter. Off (returns undefined, every span a no-op) unless
 * an endpoint or an exporter is given, so tracing costs nothing by default.
 */
export function initTracing(options: TracingOptions): Tracing | undefined {
  const processor = options.exporter
    ? new SimpleSpanProcessor(options.exporter)
    : options.otlpEndpoint
      ? new BatchSpanProcessor(new OTLPTraceExporter({ url: `${options.otlpEndpoint.replace(/\/$/, '')}/v1/traces` }))
      : undefined;
  if (!processor) return undefined;
  const provider = new NodeTracerProvider({
    resource: resourceFromAttributes({ 'service.name': options.serviceName }),
    spanProcessors: [processor],
  });
  provider.register();
  return { provider, shutdown: () => provider.shutdown() };
}
