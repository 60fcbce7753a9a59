import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/**
 * Every Prometheus metric of the process, on its own registry (served at `/metrics`). One set
 * per process: replicas are separate processes, and Prometheus sums them.
 *
 * Other modules record through `metrics`, e.g. the rate limiter:
 * `metrics.rateLimitRejections.inc({ role })`.
 */
export const registry = new Registry();
registry.setDefaultLabels({ service: 'retail360-gateway' });
// Includes nodejs_eventloop_lag_seconds (and p50/p99), heap, GC and handles.
collectDefaultMetrics({ register: registry, eventLoopMonitoringPrecision: 20 });

const SECONDS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

export const metrics = {
  requests: new Counter({
    name: 'retail360_graphql_requests_total',
    help: 'GraphQL requests by operation name and outcome (ok, partial, error, rejected).',
    labelNames: ['operation', 'outcome'] as const,
    registers: [registry],
  }),
  requestDuration: new Histogram({
    name: 'retail360_graphql_request_duration_seconds',
    help: 'GraphQL request latency by operation name.',
    labelNames: ['operation'] as const,
    buckets: SECONDS,
    registers: [registry],
  }),
  errors: new Counter({
    name: 'retail360_graphql_errors_total',
    help: 'Errors in GraphQL responses by extensions.code (and system, when an upstream failed).',
    labelNames: ['code', 'system'] as const,
    registers: [registry],
  }),
  upstreamDuration: new Histogram({
    name: 'retail360_upstream_request_duration_seconds',
    help: 'Latency of each attempt against a legacy system.',
    labelNames: ['system', 'operation'] as const,
    buckets: SECONDS,
    registers: [registry],
  }),
  upstreamAttempts: new Counter({
    name: 'retail360_upstream_attempts_total',
    help: 'Attempts against a legacy system by outcome (ok or an AdapterError code).',
    labelNames: ['system', 'outcome'] as const,
    registers: [registry],
  }),
  circuitState: new Gauge({
    name: 'retail360_circuit_state',
    help: 'Circuit breaker per system: 0 closed, 1 half-open, 2 open, 3 isolated.',
    labelNames: ['system'] as const,
    registers: [registry],
  }),
  cacheLookups: new Counter({
    name: 'retail360_cache_lookups_total',
    help: 'Entity cache lookups by system, entity and result (hit, miss, stale).',
    labelNames: ['system', 'entity', 'result'] as const,
    registers: [registry],
  }),
  rateLimitRejections: new Counter({
    name: 'retail360_rate_limit_rejections_total',
    help: 'Requests refused by the gateway rate limiter, by caller role.',
    labelNames: ['role'] as const,
    registers: [registry],
  }),
  inflight: new Gauge({
    name: 'retail360_http_inflight_requests',
    help: 'HTTP requests being served (drains to 0 on shutdown).',
    registers: [registry],
  }),
};

export type Metrics = typeof metrics;

export const CIRCUIT_STATE_VALUES = { closed: 0, 'half-open': 1, open: 2, isolated: 3 } as const;
