import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { getDataset } from '../legacy/dataset/src/index.ts';
import type { BenchRequest } from './lib/load.ts';
import { machineInfo } from './lib/machine.ts';
import { PeerProcess } from './lib/peerProcess.ts';
import { loadAverage, sampleTree } from './lib/procStats.ts';
import { summarizeProfile, type ProfileSummary } from './lib/profile.ts';
import { SimulatorControl } from './lib/simulators.ts';
import { measure, probe, type Measurement, type ProbeResult } from './measure.ts';
import { PEERS, type PeerDefinition } from './peers.ts';
import type { PeerReady } from './peers/statsServer.ts';
import type { SimulatorUrls } from './peers/systemsEnv.ts';
import { writeReport } from './report.ts';
import { CACHE_WINDOW_MS, FULL, LATENCIES, SHORT, ZERO_LATENCIES, type BenchSettings } from './settings.ts';
import { customerPhones, orderRefs, Pool, type OrderRef } from './workloads.ts';

/**
 * `npm run bench` / `npm run bench:full`: every peer in turn over the same simulators, W1–W5,
 * then a CPU profile of the embedded gateway under W4. Writes bench/results/<date>.json and
 * regenerates docs/benchmarks.md. Load goes to 127.0.0.1 only and every step is time-bounded.
 */
const args = process.argv.slice(2);
const duration = args.find((a) => a.startsWith('--duration='));
// --duration=<s> shortens every timed step: for debugging the harness, not for published numbers.
const settings: BenchSettings = {
  ...(args.includes('--full') ? FULL : SHORT),
  ...(duration && { durationS: Number(duration.slice('--duration='.length)), profileS: Number(duration.slice('--duration='.length)) }),
};
const only = args
  .find((a) => a.startsWith('--peers='))
  ?.slice('--peers='.length)
  .split(',');
const skipProfile = args.includes('--no-profile');
const RESULTS = fileURLToPath(new URL('./results/', import.meta.url));

export interface PeerResult {
  id: string;
  label: string;
  notes: string[];
  authenticated: boolean;
  probe?: ProbeResult;
  measurements: Measurement[];
  error?: string;
}

export interface BenchResults {
  date: string;
  finishedAt?: string;
  settings: BenchSettings;
  latencies: typeof LATENCIES;
  machine: ReturnType<typeof machineInfo>;
  machineAtEnd?: ReturnType<typeof machineInfo>;
  workloadsNotRun: Record<string, string>;
  peers: PeerResult[];
  profile?: { file: string; summary: ProfileSummary; requests: number; workload: string };
}

function authHeaders(ready: PeerReady, role: string): Record<string, string> {
  const c = ready.credentials?.[role] ?? ready.credentials?.agent;
  return c ? { [c.header]: c.value } : {};
}

function originAndPath(url: string): { origin: string; path: string } {
  const u = new URL(url);
  return { origin: u.origin, path: u.pathname === '/' ? '/' : u.pathname };
}

/** A circuit opened by an overloaded measurement must not fail the next one: wait out half-open (5 s). */
async function settled(m: Measurement, pid: number): Promise<Measurement> {
  const failed = m.load.errors + m.load.non2xx + m.load.graphqlErrors + m.load.timeouts;
  if (failed > 0) await sleep(6000);
  // Requests still in flight when autocannon stopped keep the peer busy: let them drain (≤ 20 s).
  for (let i = 0; i < 20; i++) {
    const before = sampleTree(pid).cpuMs;
    await sleep(1000);
    if (sampleTree(pid).cpuMs - before < 100) break;
  }
  return m;
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

async function runPeer(
  def: PeerDefinition,
  simsUrls: SimulatorUrls,
  sims: SimulatorControl,
  data: { phones: string[]; orders: OrderRef[] },
): Promise<PeerResult> {
  const result: PeerResult = { id: def.id, label: def.label, notes: [], authenticated: false, measurements: [] };
  console.log(`\n${def.label}: starting`);
  let peer: PeerProcess;
  try {
    peer = await startWithRetry(def, simsUrls);
  } catch (err) {
    result.error = (err as Error).message;
    console.error(`  ${def.label} did not start: ${result.error}`);
    return result;
  }
  try {
    const { origin, path } = originAndPath(peer.ready.url);
    const agent = authHeaders(peer.ready, 'agent');
    const chatbot = authHeaders(peer.ready, 'chatbot');
    result.authenticated = Object.keys(agent).length > 0;
    // Same slices of the shuffled customers for every peer: warm-up, probe, then the measured ones.
    const warm = data.phones.slice(0, 200);
    const probePhones = data.phones.slice(200, 200 + settings.probeCustomers);
    const w1 = new Pool(data.phones.slice(300), CACHE_WINDOW_MS);
    const orders = new Pool(data.orders, CACHE_WINDOW_MS);

    await sims.setLatencies(LATENCIES);
    let w = 0;
    for (let i = 0; i < settings.warmupRequests; i++) {
      const r = def.w1(origin, path, warm[w++ % warm.length]!);
      await fetch(origin + r.path, {
        method: r.method,
        headers: { 'content-type': 'application/json', ...agent },
        ...(r.body && { body: r.body }),
      }).then((res) => res.text());
    }
    result.probe = await probe({
      sims,
      latencies: LATENCIES,
      origin,
      headers: agent,
      requests: probePhones.map((p) => def.w1(origin, path, p)),
    });
    console.log(
      `  probe: bound ${result.probe.medianBoundMs} ms (median), request ${result.probe.medianRequestMs.toFixed(0)} ms, ${result.probe.meanCalls.toFixed(1)} calls`,
    );

    const base = { peer, sims, origin };
    const w1Next = (): BenchRequest => def.w1(origin, path, w1.take());
    for (const c of settings.concurrency) {
      result.measurements.push(
        await settled(
          await measure({
            ...base,
            workload: 'W1',
            latencies: LATENCIES,
            headers: agent,
            connections: c,
            durationS: settings.durationS,
            pool: w1 as Pool<unknown>,
            next: w1Next,
          }),
          peer.pid,
        ),
      );
    }
    for (const c of settings.w2Concurrency) {
      result.measurements.push(
        await settled(
          await measure({
            ...base,
            workload: 'W2',
            latencies: LATENCIES,
            headers: chatbot,
            connections: c,
            durationS: settings.durationS,
            pool: orders as Pool<unknown>,
            next: () => def.w2(origin, path, orders.take()),
          }),
          peer.pid,
        ),
      );
    }
    // W5: a window of customers never asked before (cold), then the same window again (warm).
    const start = w1.position;
    result.measurements.push(
      await settled(
        await measure({
          ...base,
          workload: 'W5-cold',
          latencies: LATENCIES,
          headers: agent,
          connections: settings.w5Connections,
          amount: settings.w5Customers,
          pool: w1 as Pool<unknown>,
          next: w1Next,
        }),
        peer.pid,
      ),
    );
    w1.position = start;
    result.measurements.push(
      await settled(
        await measure({
          ...base,
          workload: 'W5-warm',
          latencies: LATENCIES,
          headers: agent,
          connections: settings.w5Connections,
          amount: settings.w5Customers,
          pool: w1 as Pool<unknown>,
          next: w1Next,
        }),
        peer.pid,
      ),
    );
    w1.position = start + settings.w5Customers;

    await sims.setLatencies(ZERO_LATENCIES);
    for (const c of settings.concurrency) {
      result.measurements.push(
        await settled(
          await measure({
            ...base,
            workload: 'W4',
            latencies: ZERO_LATENCIES,
            headers: agent,
            connections: c,
            durationS: settings.durationS,
            pool: w1 as Pool<unknown>,
            next: w1Next,
          }),
          peer.pid,
        ),
      );
    }
  } catch (err) {
    result.error = (err as Error).message;
    console.error(`  ${def.label} failed: ${result.error}`);
  } finally {
    await peer.stop();
  }
  return result;
}

/** W4 at 10 clients against the embedded gateway, the V8 profiler running during the measurement only. */
async function profileEmbedded(
  simsUrls: SimulatorUrls,
  sims: SimulatorControl,
  phones: string[],
  stamp: string,
): Promise<BenchResults['profile']> {
  const dir = `${RESULTS}profiles`;
  mkdirSync(dir, { recursive: true });
  const file = `${dir}/${stamp}-embedded-W4.cpuprofile`;
  const peer = await PeerProcess.start({
    entry: 'retail360.ts',
    args: ['embedded'],
    env: { BENCH_SIMULATORS: JSON.stringify(simsUrls), BENCH_CPU_PROFILE: file },
  });
  let requests = 0;
  try {
    await sims.setLatencies(ZERO_LATENCIES);
    const { origin, path } = originAndPath(peer.ready.url);
    const pool = new Pool(phones, CACHE_WINDOW_MS);
    const def = PEERS[0]!;
    const headers = authHeaders(peer.ready, 'agent');
    for (let i = 0; i < settings.warmupRequests; i++) {
      const r = def.w1(origin, path, phones[phones.length - 1 - i]!);
      await fetch(origin + r.path, {
        method: r.method,
        headers: { 'content-type': 'application/json', ...headers },
        ...(r.body && { body: r.body }),
      }).then((res) => res.text());
    }
    console.log('\nprofile: retail360 embedded under W4, 10 clients, V8 profiler on during the measurement');
    const m = await measure({
      peer,
      sims,
      origin,
      workload: 'W4-profiled',
      latencies: ZERO_LATENCIES,
      headers,
      connections: 10,
      durationS: settings.profileS,
      pool: pool as Pool<unknown>,
      next: () => def.w1(origin, path, pool.take()),
    });
    requests = m.load.requests;
  } finally {
    await peer.stop();
  }
  return { file: file.slice(file.indexOf('bench/')), summary: summarizeProfile(file), requests, workload: 'W4, 10 clients' };
}

async function main(): Promise<void> {
  // --report-only=<results json>: regenerate docs/benchmarks.md (e.g. after editing bench/analysis.md).
  const reportOnly = args.find((a) => a.startsWith('--report-only='))?.slice('--report-only='.length);
  if (reportOnly) {
    const results = JSON.parse(readFileSync(reportOnly, 'utf8')) as BenchResults;
    if (results.profile && existsSync(results.profile.file)) results.profile.summary = summarizeProfile(results.profile.file);
    await writeReport(results, reportOnly.slice(reportOnly.indexOf('bench/')));
    console.log('wrote docs/benchmarks.md');
    return;
  }
  const date = new Date().toISOString();
  const stamp = date.replace(/[:.]/g, '-');
  mkdirSync(RESULTS, { recursive: true });
  const ds = getDataset(settings.dataset);
  const data = { phones: customerPhones(ds), orders: orderRefs(ds) };
  const results: BenchResults = {
    date,
    settings,
    latencies: LATENCIES,
    machine: machineInfo(),
    workloadsNotRun: {
      W3: 'no inventory subgraph in the supergraph yet (Product has no availability field): nothing to query',
      W6: 'no reservations in the graph yet (no mutation to reserve stock): nothing to race the reads against',
    },
    peers: [],
  };
  console.log(
    `bench (${settings.name}): load average ${results.machine.loadAverage.join(' ')}, ${results.machine.cpus} cpus, node ${results.machine.node}`,
  );
  const simulators = await PeerProcess.start({
    entry: 'simulators.ts',
    args: [String(settings.dataset.seed), String(settings.dataset.scale)],
  });
  const simsUrls = JSON.parse(simulators.ready.url) as SimulatorUrls;
  const sims = new SimulatorControl(simsUrls);
  const out = `${RESULTS}${stamp}.json`;
  const save = () => writeFileSync(out, JSON.stringify(results, null, 2) + '\n');
  try {
    for (const def of PEERS.filter((p) => !only || only.includes(p.id))) {
      results.peers.push(await runPeer(def, simsUrls, sims, data));
      save();
    }
    if (!skipProfile) {
      try {
        results.profile = await profileEmbedded(simsUrls, sims, data.phones.slice(300), stamp);
      } catch (err) {
        console.error(`profile failed: ${(err as Error).message}`);
      }
    }
  } finally {
    await simulators.stop();
  }
  results.finishedAt = new Date().toISOString();
  results.machineAtEnd = machineInfo();
  save();
  await writeReport(results, out.slice(out.indexOf('bench/')));
  console.log(`\nwrote ${out.slice(out.indexOf('bench/'))} and docs/benchmarks.md (load average at end ${loadAverage().join(' ')})`);
}

main().catch((err: Error) => {
  console.error(err);
  process.exit(1);
});
