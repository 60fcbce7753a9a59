import autocannon from 'autocannon';
import { isAnswered } from './answers.ts';

export interface BenchRequest {
  method: 'GET' | 'POST';
  path: string;
  body?: string;
}

export interface LoadOptions {
  /** Base URL (scheme, host, port). */
  origin: string;
  connections: number;
  /** Seconds; or `amount` requests. */
  durationS?: number;
  amount?: number;
  headers: Record<string, string>;
  /** Called for every request: W1 takes the next customer here. */
  next: () => BenchRequest;
  /** Asked before every request: true ends the run there (the fresh customers ran out). */
  exhausted?: () => boolean;
}

export interface LoadResult {
  connections: number;
  durationS: number;
  /** Every completed response, error or not. */
  requests: number;
  rps: number;
  /** Answered requests: 2xx and no `"errors"` in the body (see isAnswered). */
  ok: number;
  /** Answered requests per second: the throughput every table and ratio uses. */
  okRps: number;
  /** Include the error responses: autocannon's onResponse carries no per-request latency. */
  latencyMs: { mean: number; p50: number; p90: number; p99: number; p999: number; max: number };
  errors: number;
  timeouts: number;
  non2xx: number;
  /** 2xx responses whose GraphQL body carried `errors` (partial or failed answers). */
  graphqlErrors: number;
  sampleError?: string;
  /** The run ended before its duration because `exhausted` said so. */
  cutShort?: true;
}

/** One fixed-concurrency run with autocannon; a new request body for every request. */
export async function runLoad(options: LoadOptions): Promise<LoadResult> {
  let graphqlErrors = 0;
  let ok = 0;
  let sampleError: string | undefined;
  let cutShort = false;
  // setupRequest runs inside autocannon() for the first requests, before it has returned.
  const run: { instance?: ReturnType<typeof autocannon> } = {};
  run.instance = autocannon({
    url: options.origin,
    connections: options.connections,
    ...(options.amount ? { amount: options.amount } : { duration: options.durationS ?? 5 }),
    timeout: 30,
    headers: { 'content-type': 'application/json', ...options.headers },
    requests: [
      {
        setupRequest: (req) => {
          if (!cutShort && options.exhausted?.()) {
            cutShort = true;
            setImmediate(() => run.instance?.stop?.());
          }
          const r = options.next();
          return { ...req, method: r.method, path: r.path, ...(r.body !== undefined && { body: r.body }) };
        },
        onResponse: (status, body) => {
          if (isAnswered(status, body)) {
            ok++;
            return;
          }
          if (status < 300) graphqlErrors++;
          sampleError ??= `${status} ${body.slice(0, 300)}`;
        },
      },
    ],
  });
  const result = await run.instance;
  const l = result.latency;
  const seconds = (result.finish.getTime() - result.start.getTime()) / 1000;
  const completed = result['2xx'] + result.non2xx;
  return {
    connections: options.connections,
    durationS: seconds,
    requests: completed,
    rps: completed / seconds,
    ok,
    okRps: ok / seconds,
    latencyMs: { mean: l.mean, p50: l.p50, p90: l.p90, p99: l.p99, p999: l.p99_9 ?? l.max, max: l.max },
    errors: result.errors,
    timeouts: result.timeouts,
    non2xx: result.non2xx,
    graphqlErrors,
    ...(sampleError && { sampleError }),
    ...(cutShort ? { cutShort: true as const } : {}),
  };
}
