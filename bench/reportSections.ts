import type { FlashSaleLevel } from './flashSale.ts';
import { errorMark, failedRequests } from './lib/answers.ts';
import { flashSaleVerdict, W6_LIMITS } from './lib/flashSaleVerdict.ts';
import type { Measurement } from './measure.ts';
import type { BenchResults, PeerResult } from './run.ts';

/** Table helpers shared with report.ts. */
export const f = (n: number | undefined, d = 1) => (n === undefined || !Number.isFinite(n) ? '–' : n.toFixed(d));
export const pct = (n: number) => `${(n * 100).toFixed(0)} %`;

export function table(header: string[], rows: string[][]): string {
  return [`| ${header.join(' | ')} |`, `|${header.map(() => '---').join('|')}|`, ...rows.map((r) => `| ${r.join(' | ')} |`)].join('\n');
}

export function find(peer: PeerResult | undefined, workload: string, c?: number): Measurement | undefined {
  return peer?.measurements.find((m) => m.workload === workload && (c === undefined || m.connections === c));
}

/** Errors of a measurement, marked when they are over 1 % of the requests (its latencies include them). */
export function errorCell(load: Measurement['load']): string {
  const mark = errorMark(load);
  return mark || String(failedRequests(load));
}

/** A chain of upstream calls, shortened past six links (the naive BFF's runs to forty). */
function chainText(chain: { system: string; call: string; latencyMs: number }[]): string {
  const link = (l: (typeof chain)[number]) => `${l.system.toUpperCase()} ${l.call} (${l.latencyMs})`;
  if (chain.length <= 6) return chain.map(link).join(' → ');
  return `${chain.slice(0, 4).map(link).join(' → ')} → … ${chain.length} links in all`;
}

/** The W3 call graph and bound per peer, and W3 p50 ÷ bound. */
export function w3Bound(r: BenchResults): string {
  const probed = r.peers.filter((p) => p.probeW3);
  if (probed.length === 0) return '_W3 was not probed in this run._';
  const gqlBounds = probed.filter((p) => p.id !== 'rest-bff').map((p) => p.probeW3!.medianBoundMs);
  const bound = gqlBounds.length ? Math.min(...gqlBounds) : NaN;
  return [
    table(
      [
        'peer',
        'longest dependent chain ms (median set)',
        'one request alone ms (median, latencies ×5)',
        'upstream calls (mean)',
        'chain of the median set',
      ],
      probed.map((p) => [
        p.label,
        f(p.probeW3!.medianBoundMs, 0),
        f(p.probeW3!.medianRequestMs, 0),
        f(p.probeW3!.meanCalls, 1),
        chainText(p.probeW3!.medianChain),
      ]),
    ),
    '',
    `**W3 p50 latency ÷ bound** (bound = ${f(bound, 0)} ms, the smallest median over the GraphQL peers)`,
    '',
    table(
      ['peer', 'clients', 'W3 p50 ms', 'ratio'],
      r.settings.w3Concurrency
        .filter((c) => c <= 10)
        .flatMap((c) =>
          r.peers
            .filter((p) => find(p, 'W3', c))
            .map((p) => [
              p.label,
              String(c),
              f(find(p, 'W3', c)!.load.latencyMs.p50, 0),
              f(find(p, 'W3', c)!.load.latencyMs.p50 / bound, 2),
            ]),
        ),
    ),
  ].join('\n');
}

/** "one core vs all cores": each cluster peer beside the single-process peer it compares with. */
export function cores(r: BenchResults): string {
  const rows: string[][] = [];
  for (const all of r.peers.filter((p) => p.comparesWith)) {
    const one = r.peers.find((p) => p.id === all.comparesWith);
    for (const w of ['W1', 'W4']) {
      for (const m of all.measurements.filter((x) => x.workload === w)) {
        const o = find(one, w, m.connections);
        rows.push([
          w,
          String(m.connections),
          f(o?.load.okRps),
          f(m.load.okRps),
          f(o ? m.load.okRps / o.load.okRps : NaN, 2),
          `${f(o?.load.latencyMs.p50, 0)} / ${f(m.load.latencyMs.p50, 0)}`,
          `${f(o?.load.latencyMs.p99, 0)} / ${f(m.load.latencyMs.p99, 0)}`,
          `${f(o?.treeCpuMsPerRequest, 2)} / ${f(m.treeCpuMsPerRequest, 2)}`,
          `${o ? errorCell(o.load) : '–'} / ${errorCell(m.load)}`,
        ]);
      }
    }
  }
  if (rows.length === 0) return '_The cluster peer was not measured in this run._';
  const notes = r.peers.filter((p) => p.comparesWith).flatMap((p) => p.notes.map((n) => `${p.label}: ${n}`));
  return [
    ...(notes.length ? [`${notes.join('; ')}.`, ''] : []),
    table(
      [
        'workload',
        'clients',
        'one core: answered req/s',
        'all cores: answered req/s',
        'all ÷ one',
        'p50 ms one / all',
        'p99 ms one / all',
        'CPU ms/req one / all (process tree)',
        'errors one / all',
      ],
      rows,
    ),
  ].join('\n');
}

const summary = (l: FlashSaleLevel) => ({
  clients: l.clients,
  readsPerS: l.reads.okRps,
  p50Ms: l.reads.latencyMs.p50,
  p99Ms: l.reads.latencyMs.p99,
  upstreamCallsPerS: Object.values(l.upstreamPerSecond).reduce((a, b) => a + b, 0),
  oversold: l.check.oversold,
});

const yes = (ok: boolean) => (ok ? '✅ yes' : '❌ no');

/** W6: per peer and client level, then one verdict row per peer. */
export function flashSaleSections(r: BenchResults): string {
  const peers = r.peers.filter((p) => p.flashSale?.length || p.flashSaleNotApplicable);
  if (peers.length === 0) return `_W6 was not run: ${r.workloadsNotRun.W6 ?? 'no peer ran it'}._`;
  const rows = peers.flatMap((p) =>
    p.flashSale?.length
      ? p.flashSale.map((l) => {
          const s = summary(l);
          const granted = l.skus.reduce((a, x) => a + x.granted, 0);
          const atp = l.skus.reduce((a, x) => a + x.atpBefore, 0);
          return [
            p.label,
            String(l.clients),
            f(l.reads.okRps),
            String(l.reads.latencyMs.p50),
            String(l.reads.latencyMs.p99),
            f((l.clients / Math.max(l.reads.okRps, 1e-9)) * 1000, 0),
            errorCell(l.reads),
            `${l.reservations.attempted} / ${l.reservations.granted} / ${l.reservations.refused} / ${l.reservations.failed}`,
            `${granted} / ${atp}`,
            f(l.upstreamPerSecond.wms),
            Object.entries(l.upstreamPerSecond)
              .filter(([k, v]) => k !== 'wms' && v > 0)
              .map(([k, v]) => `${k.toUpperCase()} ${f(v)}`)
              .join(', ') || '0',
            f(s.upstreamCallsPerS),
            f(l.upstreamPerSecond.wms / Math.max(l.reads.okRps, 1e-9), 3),
            f(l.treeCpuMsPerRead, 2),
            l.check.oversold ? '❌ oversold' : '✅ none',
            l.check.restored ? '✅' : '❌',
            l.check.problems.join('; ') || '–',
          ];
        })
      : [[p.label, '–', 'not applicable', ...Array<string>(13).fill(''), p.flashSaleNotApplicable ?? '']],
  );
  const verdicts = peers.map((p) => {
    const v = flashSaleVerdict((p.flashSale ?? []).map(summary));
    if (!v) return [p.label, 'not applicable', '', '', ''];
    return [
      p.label,
      `${yes(v.bounded)} (×${f(v.upstreamGrowth, 2)})`,
      yes(v.noOversell),
      `${yes(v.flat)} (p50 ×${f(v.p50Growth, 2)}, p99 ×${f(v.p99Growth, 2)}, readers ÷ reads/s ×${f(v.littleGrowth, 2)})`,
      v.bounded && v.noOversell && v.flat ? '✅ meets the W6 goal' : '❌ misses it',
    ];
  });
  const sale = r.flashSale;
  return [
    sale
      ? `Hot SKUs at ${sale.location}: ${sale.skus.map((s) => `${s.sku} (${s.datasetAtp} units in the dataset)`).join(', ')}. ` +
        `Each level: readers ask the partner availability (\`PartnerAvailability\`, the SKUs in turn) for ${r.settings.durationS} s while a second load generator in the same driver sends ${r.settings.w6ReservationsPerSecond} reservations per second (quantity 1, the SKUs in turn, each with a new idempotency key, agent credentials). ` +
        'Before: the ATP at the store read through the graph, and what a hold may take read from the WMS itself; after: the WMS again (never negative, and lower by exactly the units granted); then every granted hold is released through the graph and the WMS must be back at its start value, so the next level and the next peer start from the same stock.'
      : '',
    '',
    table(
      [
        'peer',
        'readers',
        'answered reads/s',
        'p50 ms',
        'p99 ms',
        'readers ÷ reads/s ms (Little)',
        'read errors',
        'reservations attempted / granted / refused / failed',
        'units granted / ATP before (all SKUs)',
        'WMS calls/s',
        'other systems calls/s',
        'all systems calls/s',
        'WMS calls per read',
        'CPU ms/read (process tree)',
        'oversell',
        'stock restored after release',
        'findings',
      ],
      rows,
    ),
    '',
    `**W6 verdict per peer** — bounded: upstream calls per second at the most readers ≤ ${W6_LIMITS.upstreamGrowth} × at the fewest; no oversell: at every level no SKU got more holds than its ATP before and the WMS never shows negative ATP; flat: p50, p99 and readers ÷ answered reads per second at the most readers ≤ ${W6_LIMITS.latencyGrowth} × at the fewest. ` +
      'Readers are closed-loop clients (each sends its next read when the last is answered), so the mean wait is readers ÷ reads per second (Little’s law; column above) — it also counts reads still unanswered when a measurement ended, which autocannon’s percentiles leave out. Once throughput stops growing, latency grows with the readers: a flat latency needs throughput that grows with them.',
    '',
    table(['peer', 'upstream calls/s bounded', 'no oversell', 'latency flat', 'verdict'], verdicts),
  ].join('\n');
}
