import { AsyncLocalStorage } from 'node:async_hooks';
import type { AttemptEvent, CacheLookupEvent } from '../../../adapters/core/src/index.ts';
import { systemsHealth, type Systems } from '../../../subgraphs/runtime/src/index.ts';
import { CIRCUIT_STATE_VALUES, metrics } from './metrics.ts';

/** What one client request cost upstream, per system, for its log line. */
export interface SystemTiming {
  calls: number;
  errors: number;
  /** Sum of attempt durations, in ms (calls run in parallel, so this can exceed the request's). */
  ms: number;
}

export class RequestStats {
  readonly started = performance.now();
  operation = 'anonymous';
  role = 'anonymous';
  outcome: 'ok' | 'partial' | 'error' | 'rejected' = 'ok';
  readonly errorCodes = new Set<string>();
  readonly systems = new Map<string, SystemTiming>();

  addAttempt(event: AttemptEvent): void {
    const t = this.systems.get(event.system) ?? { calls: 0, errors: 0, ms: 0 };
    t.calls += 1;
    t.ms += event.durationMs;
    if (event.outcome !== 'ok') t.errors += 1;
    this.systems.set(event.system, t);
  }

  timings(): Record<string, SystemTiming> {
    return Object.fromEntries([...this.systems].map(([s, t]) => [s, { ...t, ms: Math.round(t.ms) }]));
  }
}

const scope = new AsyncLocalStorage<RequestStats>();

/** Runs `fn` (the rest of a request) with `stats` as the request that adapter attempts count towards. */
export function runInRequestScope<T>(stats: RequestStats, fn: () => T): T {
  return scope.run(stats, fn);
}

export function currentRequestStats(): RequestStats | undefined {
  return scope.getStore();
}

/** The `onAttempt` of every adapter in this process: metrics, plus the current request's timings. */
export function recordAttempt(event: AttemptEvent): void {
  metrics.upstreamDuration.observe({ system: event.system, operation: event.operation }, event.durationMs / 1000);
  metrics.upstreamAttempts.inc({ system: event.system, outcome: event.outcome });
  scope.getStore()?.addAttempt(event);
}

export function recordCacheLookup(event: CacheLookupEvent): void {
  metrics.cacheLookups.inc({ system: event.system, entity: event.entity, result: event.result });
}

/** Keeps the circuit gauge of each system current. */
export function observeCircuits(systems: Systems): void {
  for (const [system, health] of Object.entries(systemsHealth(systems))) {
    metrics.circuitState.set({ system }, CIRCUIT_STATE_VALUES[health.circuit]);
  }
  const clients = [systems.erp.client, systems.pos.client, systems.wms.client, systems.carrier.client, systems.marketplace.client];
  for (const client of clients) {
    client.onCircuitChange((state) => metrics.circuitState.set({ system: client.system }, CIRCUIT_STATE_VALUES[state]));
  }
}
