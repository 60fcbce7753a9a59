import { z } from 'zod';
import type { LogLevel } from './observability/logger.ts';

/** Operations settings: logs, tracing, shutdown, workers. Read by `readConfig` (config.ts) and by each subgraph process. */
export interface OperationsConfig {
  /** @default "info" */
  logLevel: LogLevel;
  /** OTLP/HTTP collector; tracing is off when unset. @default none */
  otlpEndpoint?: string;
  /** `service.name` of this process's spans. @default "retail360-gateway" */
  serviceName: string;
  /** Longest wait for in-flight requests on SIGTERM, in ms. @default 25000 */
  drainTimeoutMs: number;
  /** How long `/ready` says 503 before the listener closes on SIGTERM, in ms. @default 0 */
  shutdownDelayMs: number;
  /** Workers of `npm run start:cluster`. @default the number of cores */
  workers?: number;
  /** Interface a distributed subgraph server binds (0.0.0.0 in a container). @default "127.0.0.1" */
  subgraphHost: string;
  /**
   * Subgraphs already running elsewhere (Kubernetes Services), by name: distributed mode then
   * calls these instead of forking its own. @default none (fork one process per subgraph)
   */
  subgraphUrls?: Record<string, string>;
}

export const OPS_ENV = {
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  OTEL_EXPORTER_OTLP_ENDPOINT: z.url({ protocol: /^https?$/ }).optional(),
  OTEL_SERVICE_NAME: z.string().min(1).default('retail360-gateway'),
  DRAIN_TIMEOUT_MS: z.coerce.number().int().min(0).max(600_000).default(25_000),
  SHUTDOWN_DELAY_MS: z.coerce.number().int().min(0).max(600_000).default(0),
  WEB_CONCURRENCY: z.coerce.number().int().min(1).max(256).optional(),
  SUBGRAPH_HOST: z.string().min(1).default('127.0.0.1'),
  SUBGRAPH_URLS: z
    .string()
    .transform((raw, ctx) => {
      try {
        return JSON.parse(raw) as unknown;
      } catch {
        ctx.addIssue({ code: 'custom', message: 'must be JSON: {"catalog":"http://catalog:4001/graphql", …}' });
        return z.NEVER;
      }
    })
    .pipe(z.record(z.string(), z.url({ protocol: /^https?$/ })))
    .optional(),
};

const schema = z.object(OPS_ENV);

export function opsConfigFrom(e: z.infer<typeof schema>): OperationsConfig {
  return {
    logLevel: e.LOG_LEVEL,
    ...(e.OTEL_EXPORTER_OTLP_ENDPOINT && { otlpEndpoint: e.OTEL_EXPORTER_OTLP_ENDPOINT }),
    serviceName: e.OTEL_SERVICE_NAME,
    drainTimeoutMs: e.DRAIN_TIMEOUT_MS,
    shutdownDelayMs: e.SHUTDOWN_DELAY_MS,
    ...(e.WEB_CONCURRENCY !== undefined && { workers: e.WEB_CONCURRENCY }),
    subgraphHost: e.SUBGRAPH_HOST,
    ...(e.SUBGRAPH_URLS && { subgraphUrls: e.SUBGRAPH_URLS }),
  };
}

/** The operations settings alone (distributed subgraph processes), with the same error format as `readConfig`. */
export function readOperationsConfig(env: NodeJS.ProcessEnv): OperationsConfig {
  const parsed = schema.safeParse(Object.fromEntries(Object.entries(env).filter(([, v]) => v !== '')));
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `- ${i.path.join('.')}: ${i.message}`);
    throw new Error(`invalid configuration:\n${lines.join('\n')}`);
  }
  return opsConfigFrom(parsed.data);
}
