import { setTimeout as sleep } from 'node:timers/promises';
import type { AttemptEvent } from '../../core/src/index.ts';
import { createCallContext } from '../../core/src/index.ts';
import { getDataset, type Dataset } from '../../../legacy/dataset/src/index.ts';
import type { FaultSettings, Simulator } from '../../../legacy/kit/src/index.ts';
import { POS_DEFAULT_CREDENTIALS, createPosSimulator } from '../../../legacy/pos/src/index.ts';
import { PosAdapter, type PosAdapterOptions } from '../src/index.ts';

export const dataset: Dataset = getDataset({ scale: 0.05 });
export const ctx = () => createCallContext({ requestId: 'test' });

export interface Harness {
  sim: Simulator;
  url: string;
  /** JSON bodies the simulator received, in order. */
  bodies: { path: string; body: unknown }[];
  /** Most requests the simulator was serving at once. */
  peak(): number;
  /** Holds each request in the handler this long, so concurrent calls overlap visibly. */
  holdMs: number;
  attempts: AttemptEvent[];
  adapter(options?: Partial<PosAdapterOptions>): PosAdapter;
  /** SearchOrders / other calls the simulator served since the last reset. */
  calls(key: string): number;
  reset(): void;
  faults(patch: Partial<FaultSettings>): Promise<void>;
  close(): Promise<void>;
}

export async function startHarness(): Promise<Harness> {
  const sim = createPosSimulator({ dataset });
  const bodies: Harness['bodies'] = [];
  let inFlight = 0;
  let peak = 0;
  const harness: { holdMs: number } = { holdMs: 0 };
  sim.app.addHook('preHandler', async (request) => {
    if (request.body !== undefined) bodies.push({ path: request.url, body: request.body });
    if (harness.holdMs > 0) await sleep(harness.holdMs);
  });
  sim.app.addHook('onRequest', async () => {
    inFlight++;
    peak = Math.max(peak, inFlight);
  });
  sim.app.addHook('onResponse', async () => {
    inFlight--;
  });
  const url = await sim.listen(0, '127.0.0.1');
  const attempts: AttemptEvent[] = [];
  const rest: Omit<Harness, 'holdMs'> = {
    sim,
    url,
    bodies,
    peak: () => peak,
    attempts,
    adapter: (options = {}) =>
      new PosAdapter({
        baseUrl: url,
        accessToken: POS_DEFAULT_CREDENTIALS.accessToken,
        resilience: { initialBackoffMs: 5, maxBackoffMs: 50, halfOpenAfterMs: 100 },
        onAttempt: (e) => attempts.push(e),
        ...options,
      }),
    calls: (key) => sim.counts.get(key) ?? 0,
    reset() {
      harness.holdMs = 0;
      sim.resetStats();
      bodies.length = 0;
      attempts.length = 0;
      peak = 0;
      sim.faults.clear();
    },
    async faults(patch) {
      sim.faults.set(patch);
    },
    close: () => sim.close(),
  };
  return Object.assign(harness, rest);
}
