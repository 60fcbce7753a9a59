import { Readable } from 'node:stream';
import { setTimeout as sleep } from 'node:timers/promises';
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import { FaultController, parseFaults, type FaultSettings } from './faults.ts';

/** What a simulator says when it fails, in its own system's error shape. */
export type ErrorRenderer = (
  status: number,
  message: string,
) => {
  contentType: string;
  body: string;
};

export interface RecordedCall {
  method: string;
  path: string;
  at: number;
  headers: Record<string, string | string[] | undefined>;
}

export interface SimulatorOptions {
  /** System name used in logs and `/__stats`, e.g. "erp". */
  system: string;
  /** Renders injected and handler errors in the system's own format. */
  renderError: ErrorRenderer;
  /** Faults active from start. @default no faults */
  faults?: Partial<FaultSettings>;
  /** How many recent calls `/__stats` keeps with their headers. @default 200 */
  recentCalls?: number;
}

export interface Simulator {
  readonly system: string;
  readonly app: FastifyInstance;
  readonly faults: FaultController;
  /** Requests served per "METHOD path-without-query", control paths excluded. */
  readonly counts: Map<string, number>;
  readonly recent: RecordedCall[];
  totalCalls(): number;
  resetStats(): void;
  /** Starts listening; resolves with the base URL. */
  listen(port?: number, host?: string): Promise<string>;
  close(): Promise<void>;
}

const CONTROL_PREFIX = '/__';

/**
 * A fastify app with fault injection, call statistics and the `/__faults` and `/__stats`
 * control endpoints already wired. Each simulator adds its own routes to `app`.
 */
export function createSimulator(options: SimulatorOptions): Simulator {
  const app = Fastify({ logger: false, forceCloseConnections: true, bodyLimit: 5 * 1024 * 1024 });
  const faults = new FaultController(options.faults);
  const counts = new Map<string, number>();
  const recent: RecordedCall[] = [];
  const keep = options.recentCalls ?? 200;
  const malformed = new WeakSet<FastifyRequest>();

  app.addContentTypeParser(['text/xml', 'application/soap+xml', 'application/xml'], { parseAs: 'string' }, (_req, body, done) =>
    done(null, body),
  );
  app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string' }, (_req, body, done) =>
    done(null, Object.fromEntries(new URLSearchParams(body as string))),
  );

  const sendError = (reply: FastifyReply, status: number, message: string) => {
    const { contentType, body } = options.renderError(status, message);
    return reply.code(status).type(contentType).send(body);
  };

  app.addHook('onRequest', async (request, reply) => {
    const path = request.url.split('?')[0] ?? '/';
    if (path.startsWith(CONTROL_PREFIX)) return;
    const key = `${request.method} ${path}`;
    counts.set(key, (counts.get(key) ?? 0) + 1);
    recent.push({ method: request.method, path, at: Date.now(), headers: { ...request.headers } });
    if (recent.length > keep) recent.shift();

    const decision = faults.decide();
    if (decision.kind === 'outage') {
      reply.hijack();
      if (decision.mode === 'refuse') request.raw.socket.resetAndDestroy();
      // 'hang': keep the socket open and never answer; forceCloseConnections frees it on close.
      return reply;
    }
    const delay = faults.latency();
    if (delay > 0) await sleep(delay);
    if (decision.kind === 'rateLimited') {
      reply.header('Retry-After', String(decision.retryAfterSeconds));
      return sendError(reply, 429, 'Too many requests');
    }
    if (decision.kind === 'error') {
      return sendError(reply, decision.status, 'Injected failure');
    }
    if (faults.shouldMalform()) malformed.add(request);
    return undefined;
  });

  app.addHook('onSend', async (request, reply, payload) => {
    if (request.url.startsWith(CONTROL_PREFIX) || reply.statusCode >= 400) return payload;
    let body = payload;
    if (malformed.has(request) && typeof body === 'string') {
      body = body.slice(0, Math.max(1, Math.floor(body.length / 2)));
    }
    const slow = faults.current.slowBodyMs;
    if (slow > 0 && typeof body === 'string') return dribble(body, slow);
    return body;
  });

  app.setErrorHandler((error: { statusCode?: number; message: string }, _request, reply) => {
    const status = error.statusCode && error.statusCode >= 400 ? error.statusCode : 500;
    return sendError(reply, status, status === 500 ? 'Internal error' : error.message);
  });
  app.setNotFoundHandler((request, reply) => sendError(reply, 404, `No route for ${request.method} ${request.url.split('?')[0]}`));

  app.get('/__faults', async () => faults.current);
  app.post('/__faults', async (request, reply) => {
    try {
      return faults.set(parseFaults(request.body));
    } catch (err) {
      return reply.code(400).send({ error: (err as Error).message });
    }
  });
  app.delete('/__faults', async () => faults.clear());
  app.get('/__stats', async () => ({
    system: options.system,
    total: totalCalls(),
    counts: Object.fromEntries(counts),
    recent,
  }));
  app.delete('/__stats', async () => {
    resetStats();
    return { ok: true };
  });

  function totalCalls(): number {
    let n = 0;
    for (const v of counts.values()) n += v;
    return n;
  }
  function resetStats(): void {
    counts.clear();
    recent.length = 0;
  }

  return {
    system: options.system,
    app,
    faults,
    counts,
    recent,
    totalCalls,
    resetStats,
    async listen(port = 0, host = '127.0.0.1') {
      return app.listen({ port, host });
    },
    async close() {
      await app.close();
    },
  };
}

function dribble(body: string, overMs: number): Readable {
  const chunks = 5;
  const size = Math.ceil(body.length / chunks);
  const pieces = Array.from({ length: chunks }, (_, i) => body.slice(i * size, (i + 1) * size));
  return Readable.from(
    (async function* () {
      for (const piece of pieces) {
        await sleep(overMs / chunks);
        yield piece;
      }
    })(),
  );
}

/** Reads `<SYSTEM>_FAULTS` (JSON) for a simulator's start-up faults. */
export function faultsFromEnv(system: string, env: NodeJS.ProcessEnv = process.env): Partial<FaultSettings> {
  const raw = env[`${system.toUpperCase()}_FAULTS`];
  if (!raw) return {};
  try {
    return parseFaults(JSON.parse(raw));
  } catch (err) {
    throw new Error(`${system.toUpperCase()}_FAULTS is invalid: ${(err as Error).message}`);
  }
}
