import type { ApolloServerPlugin } from '@apollo/server';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { tracingEnabled } from '../../../adapters/core/src/index.ts';
import { traceRequests } from '../../../subgraphs/runtime/src/index.ts';
import type { Logger } from './logger.ts';
import { metrics, registry } from './metrics.ts';
import { currentRequestStats, RequestStats, runInRequestScope } from './requestScope.ts';

const statsByRequest = new WeakMap<FastifyRequest, RequestStats>();

export interface InstrumentOptions {
  logger: Logger;
  /** Path of the GraphQL route, the one whose requests are logged and counted. @default "/graphql" */
  graphqlPath?: string;
}

/**
 * HTTP side of observability: a trace span and a request scope per request, one log line and
 * the request metrics per GraphQL request, and `/metrics` for Prometheus.
 */
export function instrumentHttp(app: FastifyInstance, options: InstrumentOptions): void {
  const graphqlPath = options.graphqlPath ?? '/graphql';
  const isGraphQL = (request: FastifyRequest) => request.url.split('?')[0] === graphqlPath;
  app.addHook('onRequest', (request, _reply, done) => {
    if (isGraphQL(request)) statsByRequest.set(request, new RequestStats());
    done();
  });
  const scope = (request: FastifyRequest, next: () => void) => {
    const stats = statsByRequest.get(request);
    if (stats) runInRequestScope(stats, next);
    else next();
  };
  // Tracing is set up before the gateway (index.ts, cluster.ts): without an SDK, no span hooks at all.
  if (tracingEnabled()) traceRequests(app, { scope });
  else app.addHook('preHandler', (request, _reply, done) => scope(request, done));
  app.addHook('onResponse', (request, reply, done) => {
    const stats = statsByRequest.get(request);
    if (stats) {
      statsByRequest.delete(request);
      if (reply.statusCode === 429) stats.outcome = 'rejected';
      else if (reply.statusCode >= 400 && stats.outcome === 'ok') stats.outcome = 'error';
      const seconds = (performance.now() - stats.started) / 1000;
      metrics.requests.inc({ operation: stats.operation, outcome: stats.outcome });
      metrics.requestDuration.observe({ operation: stats.operation }, seconds);
      options.logger.info(
        {
          requestId: String(request.headers['x-request-id'] ?? request.id),
          operation: stats.operation,
          role: stats.role,
          outcome: stats.outcome,
          status: reply.statusCode,
          durationMs: Math.round(seconds * 1000),
          systems: stats.timings(),
          ...(stats.errorCodes.size > 0 && { errorCodes: [...stats.errorCodes] }),
        },
        'graphql request',
      );
    }
    done();
  });
  app.get('/metrics', async (_request, reply) => {
    reply.header('content-type', registry.contentType);
    return registry.metrics();
  });
}

/**
 * GraphQL side: names the operation and the caller's role, and counts each error by code and
 * system. Only names and codes leave here, never variables or data.
 */
export function observabilityPlugin(): ApolloServerPlugin<object> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ operationName, contextValue }) {
          const stats = currentRequestStats();
          if (!stats) return;
          stats.operation = operationName ?? 'anonymous';
          stats.role = (contextValue as { caller?: { role?: string } }).caller?.role ?? 'anonymous';
        },
        async willSendResponse({ response, contextValue }) {
          const stats = currentRequestStats();
          if (!stats) return;
          stats.role = (contextValue as { caller?: { role?: string } }).caller?.role ?? stats.role;
          if (response.body.kind !== 'single') return;
          const { errors, data } = response.body.singleResult;
          if (!errors || errors.length === 0) return;
          stats.outcome = data === undefined || data === null ? 'error' : 'partial';
          for (const e of errors) {
            const code = String(e.extensions?.code ?? 'INTERNAL_SERVER_ERROR');
            const system = String(e.extensions?.system ?? '');
            stats.errorCodes.add(code);
            metrics.errors.inc({ code, system });
          }
        },
      };
    },
  };
}
