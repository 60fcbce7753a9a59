import { context, propagation, ROOT_CONTEXT, SpanKind, SpanStatusCode, trace, type Context, type Span } from '@opentelemetry/api';
import type { FastifyInstance, FastifyRequest } from 'fastify';

const tracer = trace.getTracer('retail360-http');

const spans = new WeakMap<FastifyRequest, { span: Span; ctx: Context }>();

export interface TraceRequestsOptions {
  /** Runs the rest of the request (after body parsing) inside extra async scope. @default none */
  scope?: (request: FastifyRequest, next: () => void) => void;
}

/**
 * A SERVER span per HTTP request, child of the caller's W3C `traceparent` when there is one,
 * and active while the handler runs, so every span below (Apollo's, the adapters') joins the
 * caller's trace. Activated in `preHandler`: the body is read in socket callbacks that would
 * lose an async context entered earlier. A no-op without a registered OpenTelemetry SDK.
 */
export function traceRequests(app: FastifyInstance, options: TraceRequestsOptions = {}): void {
  app.addHook('onRequest', (request, _reply, done) => {
    const parent = propagation.extract(ROOT_CONTEXT, request.headers);
    const span = tracer.startSpan(
      `${request.method} ${request.routeOptions.url ?? request.url.split('?')[0]}`,
      { kind: SpanKind.SERVER, attributes: { 'http.request.method': request.method, 'url.path': request.url.split('?')[0] } },
      parent,
    );
    spans.set(request, { span, ctx: trace.setSpan(parent, span) });
    done();
  });
  app.addHook('preHandler', (request, _reply, done) => {
    const entry = spans.get(request);
    const next = () => (options.scope ? options.scope(request, done) : done());
    if (entry) context.with(entry.ctx, next);
    else next();
  });
  app.addHook('onResponse', (request, reply, done) => {
    const entry = spans.get(request);
    if (entry) {
      entry.span.setAttribute('http.response.status_code', reply.statusCode);
      if (reply.statusCode >= 500) entry.span.setStatus({ code: SpanStatusCode.ERROR });
      entry.span.end();
      spans.delete(request);
    }
    done();
  });
}
