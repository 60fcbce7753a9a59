/**
 * Loads the default seeded dataset through the simulators, times the load and a month's
 * salesSummary, scores salesAnomalies against the planted events, and writes the results into
 * docs/analytics.md (between the results markers). Run: `npx tsx analytics/scripts/evaluate.ts`.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { seededRun } from '../test/seeded.ts';

const START = '<!-- analytics-results:start -->';
const END = '<!-- analytics-results:end -->';

async function main(): Promise<void> {
  const run = await seededRun(1);
  const s = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
  const lines = [
    START,
    `Measured by \`npx tsx analytics/scripts/evaluate.ts\` on ${new Date().toISOString().slice(0, 10)} (Node ${process.version}, ${process.platform}/${process.arch}, default dataset seed 42, scale ${run.scale}).`,
    '',
    '| measure | value |',
    '| --- | --- |',
    `| first load of the default dataset (all four systems, through the adapters) | ${s(run.loadMs)} (${run.rows.toLocaleString('en')} sales lines) |`,
    ...run.extract.systems.map(
      (x) =>
        `| … ${x.system}${x.feed ? ` ${x.feed}` : ''} | ${s(x.ms)}, ${x.fetched.toLocaleString('en')} records${x.ok ? '' : ` (failed: ${x.error})`} |`,
    ),
    `| salesSummary for a month, one total row | ${run.summaryMonthMs.toFixed(0)} ms |`,
    `| salesSummary for a month by channel, store and day | ${run.summaryMonthByChannelMs.toFixed(0)} ms |`,
    `| anomaly window | ${run.window.from} to ${run.window.to} (STORE and CHANNEL on orders, SKU on units) |`,
    `| planted anomalies found (recall) | ${run.found} of ${run.planted.length} (${(run.recall * 100).toFixed(0)}%) |`,
    `| flags that are planted or their direct side effect (precision) | ${run.flags.length - run.flags.filter((f) => f.verdict === 'UNPLANTED').length} of ${run.flags.length} (${(run.precision * 100).toFixed(0)}%) |`,
    `| unplanted days flagged | ${run.unplantedDays} |`,
    `| cycle counts loaded (WMS GetCycleCounts) | ${run.shrinkage.counts.toLocaleString('en')} of ${run.shrinkage.datasetCounts.toLocaleString('en')} in the dataset |`,
    `| shrinkage-prone store found (stockAnomalies, short counts) | ${run.shrinkage.topStore === run.shrinkage.store ? 'yes' : 'no'}: ${run.shrinkage.store} has ${run.shrinkage.flagsAtStore} of its ${run.shrinkage.countsAtStore} counts flagged; most at any other store ${Math.max(
      0,
      ...Object.entries(run.shrinkage.flagsByStore)
        .filter(([c]) => c !== run.shrinkage.store)
        .map(([, n]) => n),
    )} |`,
    `| short-count flags at the planted store (precision) | ${run.shrinkage.flagsAtStore} of ${Object.values(run.shrinkage.flagsByStore).reduce((a, b) => a + b, 0)} (${(run.shrinkage.precision * 100).toFixed(0)}%) |`,
    '',
    'Every flag of that run:',
    '',
    '| verdict | scope | key | day | observed | expected (range) | score |',
    '| --- | --- | --- | --- | ---: | --- | ---: |',
    ...run.flags.map(
      (f) =>
        `| ${f.verdict} | ${f.scope} | ${f.key} | ${f.day} | ${f.observed} | ${f.expected} (${f.expectedLow}–${f.expectedHigh}) | ${f.score} |`,
    ),
    END,
  ];
  const path = new URL('../../docs/analytics.md', import.meta.url);
  const doc = readFileSync(path, 'utf8');
  const from = doc.indexOf(START);
  const to = doc.indexOf(END);
  if (from < 0 || to < 0) throw new Error('docs/analytics.md has no results markers');
  writeFileSync(path, doc.slice(0, from) + lines.join('\n') + doc.slice(to + END.length));
  console.log(lines.join('\n'));
}

await main();
