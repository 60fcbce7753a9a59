import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { getDataset } from '../legacy/dataset/src/index.ts';
import { hotSkus } from './flashSale.ts';
import { machineInfo } from './lib/machine.ts';
import { PeerProcess } from './lib/peerProcess.ts';
import { loadAverage } from './lib/procStats.ts';
import { summarizeProfile, type ProfileSummary } from './lib/profile.ts';
import { SimulatorControl } from './lib/simulators.ts';
import { measure } from './measure.ts';
import { PEERS } from './peers.ts';
import type { SimulatorUrls } from './peers/systemsEnv.ts';
import { writeReport } from './report.ts';
import { authHeaders, originAndPath, runPeer, type PeerResult, type RunContext } from './runPeer.ts';
import { CACHE_WINDOW_MS, FULL, LATENCIES, SHORT, ZERO_LATENCIES, type BenchSettings } from './settings.ts';
import { customerPhones, orderRefs, PARTNER_AVAILABILITY, PARTNER_AVAILABILITY_LIST, Pool, skuSets } from './workloads.ts';

export type { PeerResult } from './runPeer.ts';

/**
 * `npm run bench` / `npm run bench:full`: every peer in turn over the same simulators, W1–W6 and
 * one core vs all cores, then a CPU profile of the embedded gateway under W4. Writes
 * bench/results/<date>.json and regenerates docs/benchmarks.md. Load goes to 127.0.0.1 only and
 * every step is time-bounded.
 *
 * Flags (for working on the harness; published numbers come from the plain commands):
 *   --full                 the full settings (bench/settings.ts FULL) instead of the short ones
 *   --peers=a,b            only these peers (ids in bench/peers.ts)
 *   --workloads=W3,W6      only these workloads (W1…W6; the cluster peer runs only W1 and W4)
 *   --duration=<s>         seconds per timed step
 *   --no-profile           skip the profiled W4 run
 *   --report-only=<json>   regenerate docs/benchmarks.md from a results file
 */
const args = process.argv.slice(2);
const flag = (name: string) => args.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3);
const duration = flag('duration');
const settings: BenchSettings = {
  ...(args.includes('--full') ? FULL : SHORT),
  ...(duration && { durationS: Number(duration), profileS: Number(duration) }),
};
const only = flag('peers')?.split(',');
const ALL_WORKLOADS = ['W1', 'W2', 'W3', 'W4', 'W5', 'W6'];
const workloads = new Set(flag('workloads')?.split(',') ?? ALL_WORKLOADS);
const skipProfile = args.includes('--no-profile');
const RESULTS = fileURLToPath(new URL('./results/', import.meta.url));

export interface BenchResults {
  date: string;
  finishedAt?: string;
  settings: BenchSettings;
  latencies: typeof LATENCIES;
  machine: ReturnType<typeof machineInfo>;
  machineAtEnd?: ReturnType<typeof machineInfo>;
  workloadsNotRun: Record<string, string>;
  /** W6's hot SKUs and the store they are sold at. */
  flashSale?: { location: string; skus: { sku: string; datasetAtp: number }[] };
  peers: PeerResult[];
  profile?: { file: string; summary: ProfileSummary; requests: number; workload: string };
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
    requests = m.load.ok;
  } finally {
    await peer.stop();
  }
  return { file: file.slice(file.indexOf('bench/')), summary: summarizeProfile(file), requests, workload: 'W4, 10 clients' };
}

/** Workloads that cannot run with this build, and why (the report says so instead of a table). */
function notRunnable(): Record<string, string> {
  const out: Record<string, string> = {};
  if (!PARTNER_AVAILABILITY_LIST.id) out.W3 = 'the persisted operation PartnerAvailabilityList is not in schema/persisted-operations.json';
  if (!PARTNER_AVAILABILITY.id) out.W6 = 'the persisted operation PartnerAvailability is not in schema/persisted-operations.json';
  for (const w of ALL_WORKLOADS) if (!workloads.has(w)) out[w] ??= `not selected for this run (--workloads=${[...workloads].join(',')})`;
  return out;
}

async function main(): Promise<void> {
  const reportOnly = flag('report-only');
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
  const hot = hotSkus(ds, settings.w6HotSkus);
  const skipped = notRunnable();
  for (const w of Object.keys(skipped)) workloads.delete(w);
  const results: BenchResults = {
    date,
    settings,
    latencies: LATENCIES,
    machine: machineInfo(),
    workloadsNotRun: skipped,
    ...(workloads.has('W6') && {
      flashSale: { location: hot[0]?.locationCode ?? '', skus: hot.map((h) => ({ sku: h.sku, datasetAtp: h.datasetAtp })) },
    }),
    peers: [],
  };
  console.log(
    `bench (${settings.name}): load average ${results.machine.loadAverage.join(' ')}, ${results.machine.cpus} cpus, node ${results.machine.node}; workloads ${[...workloads].join(', ')}`,
  );
  const simulators = await PeerProcess.start({
    entry: 'simulators.ts',
    args: [String(settings.dataset.seed), String(settings.dataset.scale)],
  });
  const simsUrls = JSON.parse(simulators.ready.url) as SimulatorUrls;
  const sims = new SimulatorControl(simsUrls, simulators.pid);
  const run: RunContext = {
    settings,
    workloads,
    simsUrls,
    sims,
    data: { phones: customerPhones(ds), orders: orderRefs(ds), skuSets: skuSets(ds), hotSkus: hot },
    runId: stamp,
  };
  const out = `${RESULTS}${stamp}.json`;
  const save = () => writeFileSync(out, JSON.stringify(results, null, 2) + '\n');
  try {
    for (const def of PEERS.filter((p) => !only || only.includes(p.id))) {
      results.peers.push(await runPeer(def, run));
      save();
    }
    if (!skipProfile) {
      try {
        results.profile = await profileEmbedded(simsUrls, sims, run.data.phones.slice(300), stamp);
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
