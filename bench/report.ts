import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { format, resolveConfig } from 'prettier';
import { errorCell, f, find, flashSaleSections, cores, pct, table, w3Bound } from './reportSections.ts';
import type { BenchResults } from './run.ts';
import type { PeerResult } from './runPeer.ts';
import { BENCH_MARKETPLACE_RATE_FACTOR, BENCH_ROLE_LIMITS, BENCH_SYSTEM_CONCURRENCY } from './settings.ts';

const DOC = fileURLToPath(new URL('../docs/benchmarks.md', import.meta.url));
const ANALYSIS = fileURLToPath(new URL('./analysis.md', import.meta.url));
const OURS = 'retail360-embedded';

function workloadTable(r: BenchResults, workload: string, c: number): string {
  const rows = r.peers.flatMap((p) => {
    const m = find(p, workload, c);
    if (!m) return [];
    const l = m.load.latencyMs;
    return [
      [
        p.label,
        f(m.load.okRps),
        String(l.p50),
        String(l.p99),
        String(l.p999),
        f(m.gatewayCpuMsPerRequest, 2),
        f(m.treeCpuMsPerRequest, 2),
        f(m.treePeakRssMb, 0),
        f(m.upstreamCallsPerRequest, 2),
        f(m.eventLoop.p99Ms, 1),
        String(m.load.ok),
        errorCell(m.load),
        pct(m.repeatShare),
        f(m.load1, 2),
      ],
    ];
  });
  return table(
    [
      'peer',
      'answered req/s',
      'p50 ms',
      'p99 ms',
      'p99.9 ms',
      'CPU ms/req (gateway)',
      'CPU ms/req (gateway+subgraphs)',
      'peak RSS MB',
      'upstream calls/req',
      'event-loop p99 ms',
      'answered',
      'errors',
      workload === 'W3' ? 'repeat SKU sets' : workload === 'W2' ? 'repeat orders' : 'repeat customers',
      'load 1 min',
    ],
    rows,
  );
}

function ratios(r: BenchResults): string {
  const ours = r.peers.find((p) => p.id === OURS);
  if (!ours) return '_retail360 embedded was not measured in this run._';
  const bound = Math.min(...r.peers.filter((p) => p.probe && p.id !== 'rest-bff').map((p) => p.probe!.medianBoundMs));
  const lines: string[] = [];
  const boundRows = r.settings.concurrency
    .filter((c) => c <= 10)
    .flatMap((c) =>
      r.peers.map((p) => [
        p.label,
        String(c),
        f(find(p, 'W1', c)?.load.latencyMs.p50, 0),
        f(bound, 0),
        f((find(p, 'W1', c)?.load.latencyMs.p50 ?? NaN) / bound, 2),
      ]),
    );
  lines.push(
    '**W1 p50 latency ÷ bound** (target for retail360: ≤ 1.10 with 1 client, ≤ 1.20 with 10)',
    '',
    table(['peer', 'clients', 'W1 p50 ms', 'bound ms', 'ratio'], boundRows),
    '',
  );
  const thr: string[][] = [];
  // The embedded gateway is one process (one core); the cluster start runs it on every core, as
  // the peers with a process per subgraph do: both are compared with each peer.
  const sides = [ours, r.peers.find((p) => p.id === 'retail360-cluster')].filter((p): p is PeerResult => p !== undefined);
  for (const side of sides) {
    for (const w of ['W1', 'W4']) {
      for (const c of r.settings.concurrency) {
        const o = find(side, w, c);
        if (!o) continue;
        for (const p of r.peers.filter((x) => x.id !== OURS && !x.comparesWith)) {
          const m = find(p, w, c);
          if (!m) continue;
          thr.push([
            side.label,
            w,
            String(c),
            p.label,
            f(o.load.okRps / m.load.okRps, 2),
            f(o.gatewayCpuMsPerRequest / m.gatewayCpuMsPerRequest, 2),
            f(o.treeCpuMsPerRequest / m.treeCpuMsPerRequest, 2),
          ]);
        }
      }
    }
  }
  lines.push(
    '**retail360 ÷ each peer** (targets at 50 clients, W1 and W4: req/s ≥ 2 × plain @apollo/gateway and ≥ 1.5 × Hive Gateway; CPU ms/req ≤ 0.5 × theirs). The cluster row\'s "gateway process" CPU is its start-up wrapper\'s: use gateway+subgraphs (the whole process tree) for it.',
    '',
    table(
      [
        'retail360',
        'workload',
        'clients',
        'peer',
        'answered req/s ratio',
        'CPU ms/req ratio (gateway process)',
        'CPU ms/req ratio (gateway+subgraphs)',
      ],
      thr,
    ),
    '',
  );
  const cold = r.peers.filter((p) => p.probe && !p.comparesWith).map((p) => ({ p, calls: p.probe!.meanCalls }));
  const min = Math.min(...cold.map((c) => c.calls));
  lines.push(
    '**Upstream calls per W1 request ÷ the minimum** (minimum = fewest calls per cold request any peer made for the same probe customers)',
    '',
    table(
      ['peer', 'cold probe calls/req', 'W1 c=1 calls/req (measured)', 'ratio (cold ÷ minimum)'],
      cold.map(({ p, calls }) => [p.label, f(calls, 2), f(find(p, 'W1', 1)?.upstreamCallsPerRequest, 2), f(calls / min, 2)]),
    ),
  );
  return lines.join('\n');
}

function probes(r: BenchResults): string {
  const rows = r.peers
    .filter((p) => p.probe)
    .map((p) => [
      p.label,
      f(p.probe!.medianBoundMs, 0),
      f(p.probe!.medianRequestMs, 0),
      f(p.probe!.meanCalls, 1),
      p.probe!.medianChain.map((l) => `${l.system.toUpperCase()} ${l.call} (${l.latencyMs})`).join(' → '),
    ]);
  return table(
    [
      'peer',
      'longest dependent chain ms (median customer)',
      'one request alone ms (median, latencies ×5)',
      'upstream calls (mean)',
      'chain of the median customer',
    ],
    rows,
  );
}

function profile(r: BenchResults): string {
  if (!r.profile) return '_No profile in this run._';
  const s = r.profile.summary;
  return [
    `Profile \`${r.profile.file}\` (${r.profile.workload}, ${r.profile.requests} answered requests, ${f(s.totalMs, 0)} ms of non-idle CPU samples, ${f(s.totalMs / Math.max(1, r.profile.requests), 2)} ms per request).`,
    '',
    table(
      ['self time by package / folder', 'share'],
      s.byPackage.map((b) => [b.name, pct(b.share)]),
    ),
    '',
    table(
      ['function (self time)', 'where', 'share'],
      s.topFunctions.map((t) => [t.name.replace(/\|/g, '\\|'), t.where, pct(t.share)]),
    ),
  ].join('\n');
}

/** Regenerates docs/benchmarks.md from one run's results. */
export async function writeReport(r: BenchResults, resultsFile: string): Promise<void> {
  const m = r.machine;
  const end = r.machineAtEnd ?? m;
  const lat = Object.entries(r.latencies)
    .map(([k, v]) => `${k.toUpperCase()} ${v} ms`)
    .join(', ');
  const failures = r.peers.filter((p) => p.error).map((p) => `- ${p.label}: ${p.error!.split('\n')[0]}`);
  const analysis = existsSync(ANALYSIS) ? readFileSync(ANALYSIS, 'utf8').trim() : '';
  const sections = [
    '# Benchmarks',
    '',
    `_Generated by \`npm run bench${r.settings.name === 'full' ? ':full' : ''}\` (bench/run.ts) on ${r.date}; raw numbers in \`${resultsFile}\`. Do not edit by hand: rerun, or edit bench/analysis.md (included below)._`,
    '',
    '## Conditions',
    '',
    `- Machine: ${m.cpus} × ${m.cpuModel}, ${m.memoryGb} GB, ${m.platform}; Node ${m.node}.`,
    `- **Load average** (1/5/15 min) at start ${m.loadAverage.join(' / ')}, at end ${end.loadAverage.join(' / ')}; every measurement row also records the 1-minute load when it ended. ` +
      (Math.max(m.loadAverage[0] ?? 0, end.loadAverage[0] ?? 0) > m.cpus * 2
        ? `Other work was running on this machine during the run, so absolute numbers are noisy; `
        : `Nothing else ran during the run: a load near ${m.cpus} is the bench itself (a peer, the simulators and autocannon); `) +
      `peers were measured one after another in the same run, which keeps the ratios more comparable than the absolute values.`,
    `- Packages: ${Object.entries(m.packages)
      .map(([k, v]) => `${k} ${v}`)
      .join(', ')}.`,
    `- Run: ${r.settings.name}; ${r.settings.durationS} s per fixed-concurrency measurement; clients ${r.settings.concurrency.join(', ')}; dataset seed ${r.settings.dataset.seed}, scale ${r.settings.dataset.scale}. One process per peer (its subgraph servers are its children), simulators in a process of their own, autocannon in the driver: all on the same ${m.cpus} cores.`,
    `- Simulator latency (every workload but W4): ${lat}. W4: 0 ms everywhere.`,
    `- **Throughput is answered requests per second**: only responses that are 2xx and carry no GraphQL \`errors\` count (a peer answering fast partial errors does not look faster); CPU ms and upstream calls per request divide by answered requests too. Failed requests stay in the errors column. Latency percentiles come from autocannon and include the failed requests (its response hook gives no per-request latency): a row whose errors exceed 1 % of its requests is marked "⚠ n errors".`,
    `- Concurrency cap per legacy system and process (\`<SYSTEM>_CONCURRENCY\`) ${BENCH_SYSTEM_CONCURRENCY} for every peer (default 16): at 16 the single-process embedded gateway shares one ERP pool among all its subgraphs and W1 at 50 clients waits for it, while peers with a process per subgraph get 16 per subgraph.`,
    `- Raised quotas, so that the load generator measures the peers and not a quota: the marketplace simulator's usage plans are SP-API's published ones with every refill rate × ${BENCH_MARKETPLACE_RATE_FACTOR.toLocaleString('en-US')} (bursts as published; every peer shares them), and retail360's per-role rate limits (ROLE_LIMITS) are raised to ${BENCH_ROLE_LIMITS.agent.rate.refillPerSecond.toLocaleString('en-US')} requests per second for ${Object.keys(BENCH_ROLE_LIMITS).join(', ')} — the limiter stays in the request path, so its cost is measured.`,
    ...(failures.length ? ['', '**Peers that failed in this run:**', ...failures] : []),
    '',
    '## Workloads',
    '',
    '- **W1** customer 360 by phone (`gateway/src/exampleQuery.ts`, phone as a variable), a different customer on every request (the dataset\'s people, shuffled; every peer gets the same sequence). "repeat customers" is the share of requests whose customer that peer had already been asked within the 60 s search-cache TTL (0 % unless the pool wrapped).',
    '- **W2** chatbot "where is my order": the persisted operation `WhereIsMyOrder` (schema/persisted-operations.json) for a different order (ERP, POS and marketplace mixed) per request; retail360 gets its hash with the chatbot key (chatbot keys may run only persisted operations), the other peers its text.',
    r.workloadsNotRun.W3
      ? `- **W3** partner availability for 20 SKUs — not run: ${r.workloadsNotRun.W3}.`
      : `- **W3** a partner's availability for 20 SKUs: the persisted operation \`PartnerAvailabilityList\` (\`products(skus:)\` with each product's \`networkAvailability\`), a different set of 20 SKUs per request (drawn from the dataset's products by a seeded generator, the same sequence for every peer; single SKUs recur across sets, so product and stock caches can hit); retail360 gets its hash with the partner key, the GraphQL peers its text, the REST BFF \`GET /availability?skus=…\`. Clients ${r.settings.w3Concurrency.join(', ')}.`,
    '- **W4** W1 with zero-latency simulators: gateway overhead. CPU ms per request = process.cpuUsage() of the gateway process over the measurement ÷ answered requests; "gateway+subgraphs" adds the subgraph server processes (distributed, Apollo, Hive) from /proc.',
    `- **W5** W1 with a cold cache (${r.settings.w5Customers} customers never asked before) and then warm (the same ${r.settings.w5Customers} again at once, within every TTL), ${r.settings.w5Connections} clients.`,
    r.workloadsNotRun.W6
      ? `- **W6** flash sale — not run: ${r.workloadsNotRun.W6}.`
      : `- **W6** flash sale: ${r.settings.w6Concurrency.join(', ')} concurrent readers of ${r.settings.w6HotSkus} hot SKUs' availability while ${r.settings.w6ReservationsPerSecond} reservations per second for them come in; details with the table. GraphQL peers only: the REST BFF has no reservation endpoint (not applicable).`,
    '- **One versus all cores**: W1 and W4 at 10 and 50 clients against `npm run start:cluster` (one embedded worker per core, node:cluster on one port), beside the single-process embedded numbers. The cluster is measured by its process tree (primary + workers): its "gateway process" CPU and event-loop columns are those of the bench wrapper that started it, not of a gateway.',
    '',
    '## Peers',
    '',
    '- **retail360 embedded**: `startStack` as `npm start` runs it (gateway + subgraphs in one process, `EmbeddedDataSource`), pointed at the shared simulators.',
    '- **retail360 distributed**: `startStack --distributed` (gateway + one server per subgraph, `RemoteDataSource`).',
    '- **plain @apollo/gateway**: `ApolloGateway` + `ApolloServer` standalone, default `RemoteGraphQLDataSource`, over fresh distributed subgraph servers. Only addition: the HMAC request signature and caller header the subgraph servers require (a fixed `agent` caller; no client auth is verified).',
    '- **Hive Gateway**: `createGatewayRuntime({ supergraph })` with default settings over fresh subgraph servers; one `onFetch` plugin adds the same signature. Logging set to errors.',
    '- **naive REST BFF**: one fastify route per screen calling the same adapters one after another (W1: ERP search, POS search, marketplace search per email, then orders per system, marketplace lines, products; W3: per SKU its ERP product, then its WMS stock), no cache, no DataLoader.',
    '- **retail360 cluster (all cores)**: `gateway/src/cluster.ts` as `npm run start:cluster` runs it, pointed at the shared simulators (W1 and W4 only; its API keys live per worker without Redis, so the partner and chatbot workloads do not apply).',
    "- **bound**: the longest chain of upstream calls that depend on each other, summed from the configured latencies, observed per customer by sending one request at a time on a cold cache and reading the simulators' call log (a call depends on the call that finished last before it arrived; during this probe every latency is multiplied by 5 so that processing delays on a busy machine cannot reorder calls, and the bound then sums the configured latencies along the chain). The table below gives each peer's chain; the bound used in the ratios is the smallest median over the GraphQL peers (they share one call graph).",
    '',
    '## The bound and the call graph',
    '',
    probes(r),
    '',
    '## Ratios (the issue\'s "done when")',
    '',
    ratios(r),
    '',
    '## W3: the bound and the call graph',
    '',
    w3Bound(r),
    '',
    '## W6: flash sale',
    '',
    flashSaleSections(r),
    '',
    '## One core vs all cores',
    '',
    cores(r),
    '',
    '## All measurements',
    '',
    ...['W1', 'W4'].flatMap((w) =>
      r.settings.concurrency.flatMap((c) => [`### ${w}, ${c} client${c > 1 ? 's' : ''}`, '', workloadTable(r, w, c), '']),
    ),
    ...r.settings.w2Concurrency.flatMap((c) => [`### W2, ${c} clients`, '', workloadTable(r, 'W2', c), '']),
    ...r.settings.w3Concurrency.flatMap((c) => [`### W3, ${c} client${c > 1 ? 's' : ''}`, '', workloadTable(r, 'W3', c), '']),
    `### W5 cold, ${r.settings.w5Connections} clients`,
    '',
    workloadTable(r, 'W5-cold', r.settings.w5Connections),
    '',
    `### W5 warm, ${r.settings.w5Connections} clients`,
    '',
    workloadTable(r, 'W5-warm', r.settings.w5Connections),
    '',
    '## Profile of the embedded gateway under W4',
    '',
    profile(r),
    '',
    ...(analysis ? ['## Analysis', '', analysis, ''] : []),
  ];
  // Formatted as `npm run lint` (prettier --check) expects, so a fresh run leaves the tree clean.
  const text = await format(sections.join('\n'), { ...(await resolveConfig(DOC)), parser: 'markdown' });
  writeFileSync(DOC, text);
}
