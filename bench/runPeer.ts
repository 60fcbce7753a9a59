import { setTimeout as sleep } from 'node:timers/promises';
import { flashSale, type FlashSaleLevel, type HotSku } from './flashSale.ts';
import { failedRequests } from './lib/answers.ts';
import type { BenchRequest } from './lib/load.ts';
import { PeerProcess } from './lib/peerProcess.ts';
import { sampleTree } from './lib/procStats.ts';
import type { SimulatorControl } from './lib/simulators.ts';
import { measure, probe, type Measurement, type MeasureOptions, type ProbeResult } from './measure.ts';
import type { PeerDefinition } from './peers.ts';
import type { PeerReady } from './peers/statsServer.ts';
import type { SimulatorUrls } from './peers/systemsEnv.ts';
import { CACHE_WINDOW_MS, LATENCIES, ZERO_LATENCIES, type BenchSettings } from './settings.ts';
import { Pool, type OrderRef } from './workloads.ts';

export interface PeerResult {
  id: string;
  label: string;
  notes: string[];
  authenticated: boolean;
  /** W1 probe: the call graph and the bound. */
  probe?: ProbeResult;
  /** W3 probe: the same for a 20-SKU availability request. */
  probeW3?: ProbeResult;
  measurements: Measurement[];
  /** W6, one entry per client level; absent when W6 was not run for this peer. */
  flashSale?: FlashSaleLevel[];
  /** Why W6 does not apply to this peer. */
  flashSaleNotApplicable?: string;
  comparesWith?: string;
  error?: string;
}

export interface RunData {
  phones: string[];
  orders: OrderRef[];
  skuSets: string[][];
  hotSkus: HotSku[];
}

export interface RunContext {
  settings: BenchSettings;
  /** Workloads to run (W1…W6); W5 needs W1's pool and runs only with it. */
  workloads: ReadonlySet<string>;
  simsUrls: SimulatorUrls;
  sims: SimulatorControl;
  data: RunData;
  runId: string;
}

export function authHeaders(ready: PeerReady, role: string): Record<string, string> {
  const c = ready.credentials?.[role] ?? ready.credentials?.agent;
  return c ? { [c.header]: c.value } : {};
}

export function originAndPath(url: string): { origin: string; path: string } {
  const u = new URL(url);
  return { origin: u.origin, path: u.pathname === '/' ? '/' : u.pathname };
}

/** A circuit opened by an overloaded measurement must not fail the next one: wait out half-open (5 s). */
async function settled(m: Measurement, pid: number): Promise<Measurement> {
  if (failedRequests(m.load) > 0) await sleep(6000);
  await drained(pid);
  return m;
}

/** Requests still in flight when autocannon stopped keep the peer busy: let them drain (≤ 20 s). */
async function drained(pid: number): Promise<void> {
  for (let i = 0; i < 20; i++) {
    const before = sampleTree(pid).cpuMs;
    await sleep(1000);
    if (sampleTree(pid).cpuMs - before < 100) break;
  }
}

/**
 * On a busy machine the first start can exceed a start-up timeout while tsx compiles every
 * file; the second finds tsx's compile cache warm.
 */
async function startWithRetry(def: PeerDefinition, simsUrls: SimulatorUrls): Promise<PeerProcess> {
  const start = () =>
    PeerProcess.start({ entry: def.entry, ...(def.args && { args: def.args }), env: { BENCH_SIMULATORS: JSON.stringify(simsUrls) } });
  try {
    return await start();
  } catch (err) {
    console.error(`  first start failed (${(err as Error).message.split('\n')[0]}), retrying once`);
    await sleep(2000);
    return start();
  }
}

async function send(origin: string, r: BenchRequest, headers: Record<string, string>): Promise<void> {
  await fetch(origin + r.path, {
    method: r.method,
    headers: { 'content-type': 'application/json', ...headers },
    ...(r.body && { body: r.body }),
  }).then((res) => res.text());
}

export async function runPeer(def: PeerDefinition, run: RunContext): Promise<PeerResult> {
  const { settings, sims, data } = run;
  const result: PeerResult = {
    id: def.id,
    label: def.label,
    notes: [],
    authenticated: false,
    measurements: [],
    ...(def.comparesWith && { comparesWith: def.comparesWith }),
  };
  const wants = (w: string) => run.workloads.has(w) && (!def.only || def.only.workloads.includes(w));
  const concurrency = def.only?.concurrency ?? settings.concurrency;
  console.log(`\n${def.label}: starting`);
  let peer: PeerProcess;
  try {
    peer = await startWithRetry(def, run.simsUrls);
  } catch (err) {
    result.error = (err as Error).message;
    console.error(`  ${def.label} did not start: ${result.error}`);
    return result;
  }
  try {
    result.notes.push(...(peer.ready.notes ?? []));
    const { origin, path } = originAndPath(peer.ready.url);
    const agent = authHeaders(peer.ready, 'agent');
    const chatbot = authHeaders(peer.ready, 'chatbot');
    const partner = authHeaders(peer.ready, 'partner');
    result.authenticated = Object.keys(agent).length > 0;
    // Same slices of the shuffled customers for every peer: warm-up, probe, then the measured ones.
    const warm = data.phones.slice(0, 200);
    const probePhones = data.phones.slice(200, 200 + settings.probeCustomers);
    const w1 = new Pool(data.phones.slice(300), CACHE_WINDOW_MS);
    const orders = new Pool(data.orders, CACHE_WINDOW_MS);
    // SKU sets: warm-up, probe, measured; the hot W6 SKUs are never among the warm-up's.
    const w3Warm = data.skuSets.slice(0, 20);
    const w3Probe = data.skuSets.slice(20, 20 + settings.w3ProbeSets);
    const w3 = new Pool(data.skuSets.slice(100), CACHE_WINDOW_MS);

    await sims.setLatencies(LATENCIES);
    for (let i = 0; i < settings.warmupRequests; i++) await send(origin, def.w1(origin, path, warm[i % warm.length]!), agent);
    const base = { peer, sims, origin };
    const run1 = async (o: Omit<MeasureOptions, keyof typeof base>) => {
      result.measurements.push(await settled(await measure({ ...base, ...o }), peer.pid));
    };
    const w1Next = (): BenchRequest => def.w1(origin, path, w1.take());
    const w1Pool = w1 as Pool<unknown>;

    // A peer set beside another ("one core vs all cores") makes the same calls: no probe of its own.
    if (wants('W1') && !def.comparesWith) {
      result.probe = await probe({
        sims,
        latencies: LATENCIES,
        origin,
        headers: agent,
        requests: probePhones.map((p) => def.w1(origin, path, p)),
      });
      console.log(
        `  W1 probe: bound ${result.probe.medianBoundMs} ms (median), request ${result.probe.medianRequestMs.toFixed(0)} ms, ${result.probe.meanCalls.toFixed(1)} calls`,
      );
    }
    if (wants('W1')) {
      for (const c of concurrency) {
        await run1({
          workload: 'W1',
          latencies: LATENCIES,
          headers: agent,
          connections: c,
          durationS: settings.durationS,
          pool: w1Pool,
          next: w1Next,
          freshOnly: true,
        });
      }
    }
    if (wants('W2')) {
      for (const c of settings.w2Concurrency) {
        await run1({
          workload: 'W2',
          latencies: LATENCIES,
          headers: chatbot,
          connections: c,
          durationS: settings.durationS,
          pool: orders as Pool<unknown>,
          next: () => def.w2(origin, path, orders.take()),
        });
      }
    }
    if (wants('W3')) {
      for (const set of w3Warm.slice(0, 5)) await send(origin, def.w3(origin, path, set), partner);
      result.probeW3 = await probe({
        sims,
        latencies: LATENCIES,
        origin,
        headers: partner,
        requests: w3Probe.map((s) => def.w3(origin, path, s)),
      });
      console.log(
        `  W3 probe: bound ${result.probeW3.medianBoundMs} ms (median), request ${result.probeW3.medianRequestMs.toFixed(0)} ms, ${result.probeW3.meanCalls.toFixed(1)} calls`,
      );
      for (const c of settings.w3Concurrency) {
        await run1({
          workload: 'W3',
          latencies: LATENCIES,
          headers: partner,
          connections: c,
          durationS: settings.durationS,
          pool: w3 as Pool<unknown>,
          next: () => def.w3(origin, path, w3.take()),
        });
      }
    }
    if (wants('W5')) {
      // W5: a window of customers never asked before (cold), then the same window again (warm).
      const start = w1.position;
      const w5 = {
        latencies: LATENCIES,
        headers: agent,
        connections: settings.w5Connections,
        amount: settings.w5Customers,
        pool: w1Pool,
        next: w1Next,
      };
      await run1({ ...w5, workload: 'W5-cold' });
      w1.position = start;
      await run1({ ...w5, workload: 'W5-warm' });
      w1.position = start + settings.w5Customers;
    }
    if (wants('W6')) await runFlashSale(def, run, result, { peer, origin, path, agent, partner });

    if (wants('W4')) {
      await sims.setLatencies(ZERO_LATENCIES);
      for (const c of concurrency) {
        await run1({
          workload: 'W4',
          latencies: ZERO_LATENCIES,
          headers: agent,
          connections: c,
          durationS: settings.durationS,
          pool: w1Pool,
          next: w1Next,
          freshOnly: true,
        });
      }
      await sims.setLatencies(LATENCIES);
    }
  } catch (err) {
    result.error = (err as Error).message;
    console.error(`  ${def.label} failed: ${result.error}`);
  } finally {
    await peer.stop();
  }
  return result;
}

async function runFlashSale(
  def: PeerDefinition,
  run: RunContext,
  result: PeerResult,
  p: { peer: PeerProcess; origin: string; path: string; agent: Record<string, string>; partner: Record<string, string> },
): Promise<void> {
  const read = def.w6Read;
  if (!read) {
    result.flashSaleNotApplicable = 'no reservation endpoint: a BFF screen for availability only, nothing to race the reads against';
    return;
  }
  const { settings } = run;
  result.flashSale = [];
  for (const clients of settings.w6Concurrency) {
    const level = await flashSale({
      runId: run.runId,
      peerId: def.id,
      peer: p.peer,
      sims: run.sims,
      origin: p.origin,
      path: p.path,
      readHeaders: p.partner,
      writeHeaders: p.agent,
      read: (sku) => read(p.origin, p.path, sku),
      skus: run.data.hotSkus,
      clients,
      durationS: settings.durationS,
      reservationsPerSecond: settings.w6ReservationsPerSecond,
    });
    result.flashSale.push(level);
    const l = level.reads.latencyMs;
    const rsv = level.reservations;
    console.log(
      `  W6 c=${clients}: ${level.reads.okRps.toFixed(1)} answered reads/s, p50 ${l.p50} p99 ${l.p99} ms, read errors ${failedRequests(level.reads)}` +
        (level.reads.sampleError ? ` [${level.reads.sampleError.slice(0, 120)}]` : '') +
        `; reservations ${rsv.attempted} attempted, ${rsv.granted} granted, ${rsv.refused} refused, ${rsv.failed} failed` +
        (rsv.sampleError ? ` [${rsv.sampleError.slice(0, 120)}]` : '') +
        `; WMS ${level.upstreamPerSecond.wms.toFixed(1)} calls/s; ${level.check.oversold ? 'OVERSOLD' : 'no oversell'}, ` +
        `${level.check.restored ? 'stock restored' : 'stock NOT restored'}${level.check.problems.length ? ` (${level.check.problems.join('; ')})` : ''}`,
    );
    if (failedRequests(level.reads) > 0 || rsv.failed > 0) await sleep(6000);
    await drained(p.peer.pid);
  }
}
