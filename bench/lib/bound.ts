import type { Latencies, RecordedCall } from './simulators.ts';

export interface ChainLink {
  system: string;
  call: string;
  latencyMs: number;
}

export interface BoundResult {
  /** Sum of configured latencies along the longest chain of dependent upstream calls. */
  boundMs: number;
  chain: ChainLink[];
  calls: number;
}

/** Clock granularity of the simulators' arrival times (Date.now, whole ms). */
const TOLERANCE_MS = 1;

/**
 * The physical bound of one request, from the calls it made (recorded by the simulators at
 * arrival) and the configured latencies. A call is taken to depend on the call that finished
 * last before it arrived (finish = arrival + configured latency): the gateway issues follow-up
 * calls as soon as the answer they need is in, so that call is its trigger. Calls with no call
 * finished before them start a chain. Processing time is not counted: that is what the gateway
 * adds on top of the bound. `observedWith` are the latencies in force while the calls were
 * recorded (the probe stretches them so that processing delays on a busy machine cannot make
 * an unrelated call look like the trigger); the bound sums `latencies` along the chain.
 */
export function longestChain(calls: readonly RecordedCall[], latencies: Latencies, observedWith: Latencies = latencies): BoundResult {
  const sorted = [...calls].sort((a, b) => a.at - b.at);
  const chainMs: number[] = [];
  const parent: (number | undefined)[] = [];
  sorted.forEach((call, i) => {
    let trigger: number | undefined;
    let triggerEnd = -Infinity;
    for (let j = 0; j < i; j++) {
      const end = sorted[j]!.at + observedWith[sorted[j]!.system];
      if (end <= call.at + TOLERANCE_MS && end > triggerEnd) {
        trigger = j;
        triggerEnd = end;
      }
    }
    parent[i] = trigger;
    chainMs[i] = (trigger === undefined ? 0 : chainMs[trigger]!) + latencies[call.system];
  });
  let last = -1;
  chainMs.forEach((ms, i) => {
    if (last < 0 || ms > chainMs[last]!) last = i;
  });
  const chain: ChainLink[] = [];
  for (let i: number | undefined = last >= 0 ? last : undefined; i !== undefined; i = parent[i]) {
    const c = sorted[i]!;
    chain.unshift({ system: c.system, call: `${c.method} ${c.path}`, latencyMs: latencies[c.system] });
  }
  return { boundMs: last >= 0 ? chainMs[last]! : 0, chain, calls: sorted.length };
}
