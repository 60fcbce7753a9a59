import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector';
import { monitorEventLoopDelay } from 'node:perf_hooks';

/**
 * With BENCH_CPU_PROFILE=<file>, the V8 profiler runs from 'reset' to 'stats' only: the profile
 * covers the measured load, not start-up (module compilation, dataset generation).
 */
function windowProfiler(file: string | undefined) {
  if (!file) return { start: async () => {}, stop: async () => {} };
  const session = new Session();
  session.connect();
  const post = <T>(method: string, params?: object) =>
    new Promise<T>((resolve, reject) => session.post(method, params ?? {}, (err, res) => (err ? reject(err) : resolve(res as T))));
  return {
    async start() {
      await post('Profiler.enable');
      await post('Profiler.setSamplingInterval', { interval: 1000 });
      await post('Profiler.start');
    },
    async stop() {
      const { profile } = await post<{ profile: unknown }>('Profiler.stop');
      writeFileSync(file, JSON.stringify(profile));
    },
  };
}

/** Messages the bench driver sends a peer process over IPC. */
export type DriverMessage = { type: 'reset' } | { type: 'stats' } | { type: 'stop' };

export interface PeerStats {
  type: 'stats';
  /** CPU time of this (gateway) process since the last reset, in microseconds. */
  cpuUserUs: number;
  cpuSystemUs: number;
  /** Peak resident set of this process over its life, in kB. */
  maxRssKb: number;
  /** Event-loop delay since the last reset (10 ms resolution timer), in ms. */
  eventLoop: { meanMs: number; p50Ms: number; p99Ms: number; maxMs: number };
}

export interface PeerReady {
  type: 'ready';
  url: string;
  /** Credentials the peer expects per role, when it has auth. */
  credentials?: Record<string, { header: string; value: string }>;
  notes?: string[];
}

/**
 * The driver's window into a peer process: its own CPU time (process.cpuUsage), peak RSS and
 * event-loop lag, measured where they happen instead of guessed from outside.
 */
export function serveStats(ready: Omit<PeerReady, 'type'>, stop: () => Promise<void>): void {
  const delay = monitorEventLoopDelay({ resolution: 10 });
  delay.enable();
  let base = process.cpuUsage();
  const profiler = windowProfiler(process.env.BENCH_CPU_PROFILE);
  const ms = (ns: number) => (Number.isFinite(ns) ? ns / 1e6 : 0);
  process.on('message', (m: DriverMessage) => {
    if (m.type === 'reset') {
      delay.reset();
      void profiler.start().then(() => {
        base = process.cpuUsage();
        process.send?.({ type: 'reset' });
      });
    } else if (m.type === 'stats') {
      const cpu = process.cpuUsage(base);
      void profiler.stop().then(() => {
        const stats: PeerStats = {
          type: 'stats',
          cpuUserUs: cpu.user,
          cpuSystemUs: cpu.system,
          maxRssKb: process.resourceUsage().maxRSS,
          eventLoop: { meanMs: ms(delay.mean), p50Ms: ms(delay.percentile(50)), p99Ms: ms(delay.percentile(99)), maxMs: ms(delay.max) },
        };
        process.send?.(stats);
      });
    } else if (m.type === 'stop') {
      // A normal exit, so --cpu-prof can write its profile.
      void stop().finally(() => process.exit(0));
    }
  });
  process.once('disconnect', () => void stop().finally(() => process.exit(0)));
  process.send?.({ type: 'ready', ...ready } satisfies PeerReady);
}

/** Reports a start-up failure to the driver and exits. */
export function failStart(err: unknown): void {
  process.send?.({ type: 'error', message: (err as Error).stack ?? String(err) });
  process.exitCode = 1;
  setTimeout(() => process.exit(1), 100).unref();
}
