import { failedRequests } from './lib/answers.ts';
import { longestChain, type BoundResult } from './lib/bound.ts';
import { runLoad, type BenchRequest, type LoadResult } from './lib/load.ts';
import type { PeerProcess } from './lib/peerProcess.ts';
import { loadAverage, sampleTree } from './lib/procStats.ts';
import type { Latencies, SimulatorControl, SystemKey } from './lib/simulators.ts';
import type { PeerStats } from './peers/statsServer.ts';
import type { Pool } from './workloads.ts';

export interface Measurement {
  workload: string;
  connections: number;
  latencies: Latencies;
  load: LoadResult;
  /**
   * The gateway process alone (process.cpuUsage inside it), ms per answered request (load.ok):
   * every per-request figure here divides by answered requests, so errors cost, never help.
   */
  gatewayCpuMsPerRequest: number;
  /** The peer's whole process tree (gateway + its subgraph servers), from /proc, ms per request. */
  treeCpuMsPerRequest: number;
  /**
   * The shared legacy simulators' process, ms per request: the same work for every peer that makes
   * the same upstream calls, and on this one machine it competes with the peer for the cores.
   */
  simulatorCpuMsPerRequest?: number;
  /** Peak RSS (VmHWM) summed over the tree, MB; and of the gateway process alone. */
  treePeakRssMb: number;
  gatewayPeakRssMb: number;
  eventLoop: PeerStats['eventLoop'];
  upstreamCallsPerRequest: number;
  upstreamBySystem: Record<SystemKey, number>;
  /** Requests whose customer/order this peer was already asked within the cache window. */
  repeatShare: number;
  /** Load average (1 min) when the measurement ended. */
  load1: number;
}

export interface MeasureOptions {
  workload: string;
  peer: PeerProcess;
  sims: SimulatorControl;
  latencies: Latencies;
  origin: string;
  headers: Record<string, string>;
  connections: number;
  durationS?: number;
  amount?: number;
  pool: Pool<unknown>;
  next: () => BenchRequest;
  /**
   * End the measurement early rather than ask a customer again within the cache window (W1, W4:
   * "a different customer on every request"); `Measurement.cutShort` then says so.
   */
  freshOnly?: boolean;
}

export async function measure(o: MeasureOptions): Promise<Measurement> {
  await o.sims.resetStats();
  await o.peer.reset();
  o.pool.window();
  const before = sampleTree(o.peer.pid);
  const simsBefore = o.sims.pid ? sampleTree(o.sims.pid).cpuMs : 0;
  const load = await runLoad({
    origin: o.origin,
    connections: o.connections,
    ...(o.amount ? { amount: o.amount } : { durationS: o.durationS ?? 5 }),
    headers: o.headers,
    next: o.next,
    ...(o.freshOnly && { exhausted: () => o.pool.wouldRepeat() }),
  });
  const after = sampleTree(o.peer.pid);
  const simsAfter = o.sims.pid ? sampleTree(o.sims.pid).cpuMs : 0;
  const stats = await o.peer.stats();
  const upstream = await o.sims.stats();
  const window = o.pool.window();
  const n = Math.max(1, load.ok);
  const totalUpstream = Object.values(upstream.totals).reduce((a, b) => a + b, 0);
  const m: Measurement = {
    workload: o.workload,
    connections: o.connections,
    latencies: o.latencies,
    load,
    gatewayCpuMsPerRequest: (stats.cpuUserUs + stats.cpuSystemUs) / 1000 / n,
    treeCpuMsPerRequest: (after.cpuMs - before.cpuMs) / n,
    ...(o.sims.pid && { simulatorCpuMsPerRequest: (simsAfter - simsBefore) / n }),
    treePeakRssMb: after.peakRssKb / 1024,
    gatewayPeakRssMb: stats.maxRssKb / 1024,
    eventLoop: stats.eventLoop,
    upstreamCallsPerRequest: totalUpstream / n,
    upstreamBySystem: Object.fromEntries(Object.entries(upstream.totals).map(([k, v]) => [k, v / n])) as Record<SystemKey, number>,
    repeatShare: window.handed ? window.repeats / window.handed : 0,
    load1: loadAverage()[0] ?? 0,
  };
  const l = load.latencyMs;
  console.log(
    `  ${o.workload} c=${o.connections}: ${load.okRps.toFixed(1)} answered req/s, p50 ${l.p50} p99 ${l.p99} ms, ` +
      `cpu ${m.gatewayCpuMsPerRequest.toFixed(2)} (tree ${m.treeCpuMsPerRequest.toFixed(2)}, simulators ${(m.simulatorCpuMsPerRequest ?? 0).toFixed(2)}) ms/req, ` +
      `upstream ${m.upstreamCallsPerRequest.toFixed(2)}/req, errors ${failedRequests(load)}` +
      (load.cutShort ? ` [ended after ${load.durationS.toFixed(1)} s: every fresh customer asked]` : '') +
      (load.sampleError ? ` [${load.sampleError.slice(0, 160)}]` : ''),
  );
  return m;
}

export interface ProbeResult {
  /** requestMs is measured with the stretched latencies, so it is not comparable to W1. */
  perCustomer: (BoundResult & { requestMs: number; ok: boolean })[];
  medianBoundMs: number;
  medianRequestMs: number;
  meanCalls: number;
  /** The chain of the customer whose bound is the median. */
  medianChain: BoundResult['chain'];
}

/** Probe latencies are the configured ones times this, so call order is unambiguous under load. */
export const PROBE_STRETCH = 5;

/**
 * One request at a time on a cold cache (latencies stretched, see longestChain): which upstream calls a W1 request makes, the longest
 * chain of dependent ones, and the bound that chain sets.
 */
export async function probe(o: {
  sims: SimulatorControl;
  latencies: Latencies;
  origin: string;
  headers: Record<string, string>;
  requests: BenchRequest[];
}): Promise<ProbeResult> {
  const perCustomer: ProbeResult['perCustomer'] = [];
  const stretched = Object.fromEntries(Object.entries(o.latencies).map(([k, v]) => [k, v * PROBE_STRETCH])) as Latencies;
  await o.sims.setLatencies(stretched);
  for (const r of o.requests) {
    await o.sims.resetStats();
    const started = performance.now();
    const res = await fetch(o.origin + r.path, {
      method: r.method,
      headers: { 'content-type': 'application/json', ...o.headers },
      ...(r.body && { body: r.body }),
    });
    const text = await res.text();
    const requestMs = performance.now() - started;
    const { recent } = await o.sims.stats();
    perCustomer.push({ ...longestChain(recent, o.latencies, stretched), requestMs, ok: res.ok && !text.includes('"errors"') });
  }
  await o.sims.setLatencies(o.latencies);
  const byBound = [...perCustomer].sort((a, b) => a.boundMs - b.boundMs);
  const median = byBound[Math.floor(byBound.length / 2)]!;
  const times = perCustomer.map((p) => p.requestMs).sort((a, b) => a - b);
  return {
    perCustomer,
    medianBoundMs: median.boundMs,
    medianRequestMs: times[Math.floor(times.length / 2)]!,
    meanCalls: perCustomer.reduce((a, p) => a + p.calls, 0) / perCustomer.length,
    medianChain: median.chain,
  };
}
