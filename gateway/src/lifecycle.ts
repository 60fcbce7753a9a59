import type { Server } from 'node:http';
import type { FastifyInstance } from 'fastify';
import { metrics } from './observability/metrics.ts';

export interface LifecycleOptions {
  /** Longest wait for in-flight requests once draining, in ms. @default 25000 */
  drainTimeoutMs?: number;
  /**
   * How long `/ready` answers 503 while still serving, before the listener closes, in ms:
   * the time a load balancer (a Kubernetes Service) needs to stop sending new requests. @default 0
   */
  shutdownDelayMs?: number;
}

/**
 * Graceful shutdown: readiness turns false, then the listener stops accepting, in-flight
 * requests finish (up to a timeout), and only then may the caller close the rest.
 */
export class Lifecycle {
  private state: 'running' | 'draining' | 'closed' = 'running';
  private active = 0;
  private idle: (() => void)[] = [];
  private readonly drainTimeoutMs: number;
  private readonly shutdownDelayMs: number;

  constructor(options: LifecycleOptions = {}) {
    this.drainTimeoutMs = options.drainTimeoutMs ?? 25_000;
    this.shutdownDelayMs = options.shutdownDelayMs ?? 0;
  }

  get draining(): boolean {
    return this.state !== 'running';
  }

  get inflight(): number {
    return this.active;
  }

  /** Counts in-flight requests; once the listener is closed, requests on kept-alive sockets are turned away. */
  attach(app: FastifyInstance): void {
    app.addHook('onRequest', (request, reply, done) => {
      if (this.state === 'closed') {
        reply.header('connection', 'close').code(503).send({ error: 'shutting down' });
        return;
      }
      if (this.state === 'draining' && request.url.split('?')[0] === '/ready') {
        reply.code(503).send({ ready: false, draining: true });
        return;
      }
      this.active += 1;
      metrics.inflight.inc();
      let finished = false;
      const finish = () => {
        if (finished) return;
        finished = true;
        this.active -= 1;
        metrics.inflight.dec();
        if (this.active === 0) for (const resolve of this.idle.splice(0)) resolve();
      };
      reply.raw.once('finish', finish);
      reply.raw.once('close', finish);
      done();
    });
  }

  /** Resolves once nothing is in flight (or the drain timeout passed); `true` when fully drained. */
  async drain(server: Server): Promise<boolean> {
    if (this.state !== 'running') return this.active === 0;
    this.state = 'draining';
    if (this.shutdownDelayMs > 0) await new Promise((r) => setTimeout(r, this.shutdownDelayMs));
    this.state = 'closed';
    server.close();
    server.closeIdleConnections();
    if (this.active === 0) return true;
    let timer: NodeJS.Timeout | undefined;
    const drained = await Promise.race([
      new Promise<boolean>((resolve) => this.idle.push(() => resolve(true))),
      new Promise<boolean>((resolve) => {
        timer = setTimeout(() => resolve(false), this.drainTimeoutMs);
      }),
    ]);
    clearTimeout(timer);
    return drained;
  }
}
