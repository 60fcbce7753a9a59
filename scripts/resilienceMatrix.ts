/**
 * `npm run resilience:matrix`: runs the fault matrix of the customer-360 query for real (each
 * system × each fault, on fresh local stacks), counts the query's upstream calls, and writes the
 * results, with the cache policy table, into docs/resilience.md between its generated markers.
 * Exits 1 when a cell broke the contract (the doc still records what happened).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { format, resolveConfig } from 'prettier';
import type { SystemName } from '../adapters/core/src/index.ts';
import { findPersonWithMostOrders } from '../legacy/dataset/src/index.ts';
import { CACHE_POLICY } from '../subgraphs/runtime/src/index.ts';
import { ask360, callBudget, datasetAt } from '../test/helpers/customer360.ts';
import { FAULT_CASES, MATRIX_SETTINGS, matrixTable, runMatrix } from '../test/helpers/faultMatrix.ts';
import { startTestStack } from '../test/helpers/stack.ts';

const DOC = fileURLToPath(new URL('../docs/resilience.md', import.meta.url));
const CALLS_SCALE = 0.1;

/** Replaces what lies between `<!-- generated:NAME -->` and `<!-- /generated:NAME -->`. */
function fill(doc: string, name: string, content: string): string {
  const start = `<!-- generated:${name} -->`;
  const end = `<!-- /generated:${name} -->`;
  const from = doc.indexOf(start);
  const to = doc.indexOf(end);
  if (from < 0 || to < from) throw new Error(`docs/resilience.md has no ${start} … ${end} section`);
  return `${doc.slice(0, from + start.length)}\n\n${content}\n\n${doc.slice(to)}`;
}

const duration = (ms: number) =>
  ms % 3_600_000 === 0 ? `${ms / 3_600_000} h` : ms % 60_000 === 0 ? `${ms / 60_000} min` : `${ms / 1000} s`;

function cachePolicyTable(): string {
  const rows = Object.entries(CACHE_POLICY).map(([entity, p]) => `| \`${entity}\` | ${duration(p.ttlMs)} | ${duration(p.staleMs)} |`);
  return ['| entity | fresh for (TTL) | then served stale on failure for |', '|---|---:|---:|', ...rows].join('\n');
}

async function countCalls(): Promise<string> {
  const person = findPersonWithMostOrders(datasetAt(CALLS_SCALE));
  const stack = await startTestStack({ scale: CALLS_SCALE });
  try {
    const counts = () => {
      const out: Partial<Record<SystemName, Record<string, number>>> = {};
      for (const [name, sim] of Object.entries(stack.simulators)) out[name.toUpperCase() as SystemName] = Object.fromEntries(sim.counts);
      return out;
    };
    const res = await ask360(stack, person.person.phone);
    if (res.body.errors || !res.body.data) throw new Error(`the call-counting query failed: ${JSON.stringify(res.body.errors)}`);
    const first = counts();
    Object.values(stack.simulators).forEach((s) => s.resetStats());
    const second = await ask360(stack, person.person.phone);
    const again = counts();
    const same = JSON.stringify(second.body.data) === JSON.stringify(res.body.data);
    const budget = callBudget(res.body.data);
    const customer = res.body.data.findCustomers[0]!;
    const bySystem = (['ERP', 'POS', 'MARKETPLACE', 'WMS', 'CARRIER'] as const).map((system) => {
      const routes = first[system] ?? {};
      const total = Object.values(routes).reduce((a, b) => a + b, 0);
      const byRoute = new Map<string, number>();
      for (const [route, n] of Object.entries(routes)) {
        const general = route
          .replace(/\/orders\/v0\/orders\/[^/]+\/orderItems/, '/orders/v0/orders/{id}/orderItems')
          .replace(
            /\/api\/track\/v1\/(reference\/)?details\/[^/]+$/,
            (_m, ref?: string) => `/api/track/v1/${ref ?? ''}details/{${ref ? 'referenceNumber' : 'inquiryNumber'}}`,
          );
        byRoute.set(general, (byRoute.get(general) ?? 0) + n);
      }
      const detail = [...byRoute].map(([route, n]) => `${n} × \`${route}\``);
      const repeat = Object.values(again[system] ?? {}).reduce((a, b) => a + b, 0);
      return `| ${system} | ${total} | ${budget[system]} | ${repeat} | ${detail.join(', ') || '—'} |`;
    });
    const shown = customer.orders.nodes;
    const perSystem = (s: string) => shown.filter((o) => o.sourceSystem === s).length;
    return [
      `Measured on the seeded dataset at scale ${CALLS_SCALE}: the customer with the most orders (${customer.orders.totalCount} orders: ${perSystem('ERP')} ERP, ${perSystem('POS')} POS, ${perSystem('MARKETPLACE')} marketplace), asked by phone, first query on a cold cache, then the same query again.`,
      '',
      '| system | calls (cold) | budget (test) | calls (again, within TTL) | by route |',
      '|---|---:|---:|---:|---|',
      ...bySystem,
      '',
      `Same answer the second time: ${same ? 'yes' : 'NO'}.`,
    ].join('\n');
  } finally {
    await stack.close();
  }
}

async function main(): Promise<void> {
  const run = await runMatrix({ parallel: 1 });
  const failed = run.cells.filter((c) => c.problems.length > 0);
  const problems = failed.flatMap((c) => [
    ...c.problems.slice(0, 6).map((p) => `- ${c.system} / ${c.fault}: ${p}`),
    ...(c.problems.length > 6 ? [`- ${c.system} / ${c.fault}: … ${c.problems.length - 6} more`] : []),
  ]);
  const settings = [
    `Run of ${new Date().toISOString().slice(0, 10)}: \`REQUEST_DEADLINE_MS=${MATRIX_SETTINGS.requestDeadlineMs}\`, \`<SYSTEM>_TIMEOUT_MS=${MATRIX_SETTINGS.systemTimeoutMs}\` (\`CARRIER_TIMEOUT_MS=${MATRIX_SETTINGS.carrierTimeoutMs}\`),`,
    `dataset scale ${MATRIX_SETTINGS.scale}, one fresh stack per cell, two queries per cell (cold, then again), ${run.reference.orders} orders in the healthy answer;`,
    `faults: ${FAULT_CASES.map((f) => `${f.label} = \`${JSON.stringify(f.settings)}\``).join('; ')}.`,
    `Latency is measured at the client; the limit is the deadline plus ${MATRIX_SETTINGS.gatewayAllowanceMs} ms for the gateway's own work.`,
  ].join('\n');
  const matrix = [
    settings,
    '',
    matrixTable(run.cells),
    ...(problems.length ? ['', '<details><summary>Every problem found</summary>', '', ...problems, '', '</details>'] : []),
  ].join('\n');
  let doc = readFileSync(DOC, 'utf8');
  doc = fill(doc, 'matrix', matrix);
  doc = fill(doc, 'calls', await countCalls());
  doc = fill(doc, 'cache-policy', cachePolicyTable());
  // Formatted as `npm run lint` checks it (prettier --check).
  writeFileSync(DOC, await format(doc, { ...(await resolveConfig(DOC)), filepath: DOC }));
  console.log(matrixTable(run.cells));
  console.log(`\n${run.cells.length} cells in ${run.ms} ms; ${failed.length} broke the contract. Written to docs/resilience.md.`);
  if (failed.length > 0) process.exitCode = 1;
}

await main();
