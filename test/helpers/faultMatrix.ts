import type { AdapterErrorCode, SystemName } from '../../adapters/core/src/index.ts';
import type { FaultSettings } from '../../legacy/kit/src/index.ts';
import {
  NOBODY_PHONE,
  PEOPLE_SYSTEMS,
  QUERY_SYSTEMS,
  ask360,
  compareToHealthy,
  contributionsOf,
  datasetAt,
  lostSomething,
  pickSpanningPerson,
  type Contributions,
  type Customer360Answer,
  type Expectation,
} from './customer360.ts';
import { gql, startTestStack, type GraphQLResult, type TestStack } from './stack.ts';

/**
 * The fault matrix: the customer-360 query with each system in turn failing in each way, on a
 * fresh stack per cell (cold caches, closed circuits: nothing from another cell hides the fault).
 * Used by test/e2e/faultMatrix.test.ts and by `npm run resilience:matrix`, which writes the
 * results into docs/resilience.md.
 */

export interface FaultCase {
  name: 'down' | 'hang' | 'rate-limited' | 'flaky-5xx' | 'malformed';
  /** As the docs table shows it. */
  label: string;
  settings: Partial<FaultSettings>;
  /** Codes an error may carry in this cell. */
  codes: readonly AdapterErrorCode[];
  expectation: Expectation;
}

export const FAULT_CASES: readonly FaultCase[] = [
  {
    name: 'down',
    label: 'down (connection refused)',
    settings: { outage: 'refuse' },
    codes: ['UPSTREAM_UNAVAILABLE', 'CIRCUIT_OPEN'],
    expectation: 'missing',
  },
  {
    name: 'hang',
    label: 'hangs past its timeout',
    settings: { outage: 'hang' },
    codes: ['UPSTREAM_TIMEOUT', 'CIRCUIT_OPEN'],
    expectation: 'missing',
  },
  {
    name: 'rate-limited',
    label: '429, Retry-After: 1 (every call)',
    settings: { rateLimitRate: 1, retryAfterSeconds: 1 },
    codes: ['UPSTREAM_RATE_LIMITED'],
    expectation: 'missing',
  },
  {
    name: 'flaky-5xx',
    label: '50 % 503',
    settings: { errorRate: 0.5, errorStatus: 503 },
    codes: ['UPSTREAM_UNAVAILABLE', 'CIRCUIT_OPEN'],
    expectation: 'missing-or-equal',
  },
  {
    name: 'malformed',
    label: 'malformed body',
    settings: { malformedRate: 1 },
    codes: ['UPSTREAM_BAD_RESPONSE', 'CIRCUIT_OPEN'],
    expectation: 'missing',
  },
];

/** Settings of every matrix stack: a short deadline and per-attempt timeouts keep the run fast. */
/**
 * The deadline is the production default (REQUEST_DEADLINE_MS); per-attempt timeouts are short so
 * a hanging system costs the run little. The deadline leaves room for a loaded CI machine: a
 * cell that breaks it has a failing system eating the other systems' time, not a slow runner.
 */
export const MATRIX_SETTINGS = {
  scale: 0.1,
  requestDeadlineMs: 5000,
  systemTimeoutMs: 250,
  /**
   * The carrier is asked once per order (a dozen calls in flight) while the WMS simulator, in the
   * same process, renders its stock answer: the shared event loop, not the carrier, then eats a
   * 250 ms attempt. Its production default is 2000 ms; the matrix gives it 1000 ms.
   */
  carrierTimeoutMs: 1000,
  /** The gateway's own work around the upstream calls (parsing, planning, merging, HTTP). */
  gatewayAllowanceMs: 250,
} as const;

export const matrixEnv = (): Record<string, string> => ({
  REQUEST_DEADLINE_MS: String(MATRIX_SETTINGS.requestDeadlineMs),
  ...Object.fromEntries(['ERP', 'POS', 'WMS', 'MARKETPLACE'].map((s) => [`${s}_TIMEOUT_MS`, String(MATRIX_SETTINGS.systemTimeoutMs)])),
  CARRIER_TIMEOUT_MS: String(MATRIX_SETTINGS.carrierTimeoutMs),
});

/** Each cell asks twice: a cold first query, then one that meets whatever the first left (open circuit). */
const QUERIES_PER_CELL = 2;

export interface CellResult {
  system: SystemName;
  fault: FaultCase['name'];
  /** recovered: the full healthy answer; degraded: the system's part missing, with errors. */
  outcome: 'recovered' | 'degraded';
  codes: string[];
  maxMs: number;
  /** What broke the contract; empty when the cell passed. */
  problems: string[];
}

export interface MatrixReference {
  phone: string;
  answer: Customer360Answer;
  contributions: Contributions;
  orders: number;
}

const simulatorOf = (system: SystemName) => system.toLowerCase() as 'erp' | 'pos' | 'wms' | 'carrier' | 'marketplace';

/**
 * A stack for one cell, warmed by one query for nobody: the gateway has planned the query and the
 * adapters hold connections and tokens (as in production), but nothing of the matrix customer is
 * cached and every circuit is closed.
 */
const WARM_CARRIER = 'query WarmCarrier { shipment(trackingNumber: "1Z0000000000000000") { status } }';

async function warmStack(): Promise<TestStack> {
  const stack = await startTestStack({ scale: MATRIX_SETTINGS.scale, env: matrixEnv() });
  const warm = await ask360(stack, NOBODY_PHONE);
  // Nobody has no orders, so the carrier is warmed apart: a parcel nobody sent (token, connection).
  const carrier = await gql<{ shipment: null }>(stack.url, WARM_CARRIER, {}, stack.credentials.agent);
  if (warm.body.errors || warm.body.data?.findCustomers.length !== 0 || carrier.body.errors) {
    await stack.close();
    throw new Error(`the warm-up query failed: ${JSON.stringify(warm.body.errors ?? carrier.body.errors ?? warm.body.data)}`);
  }
  return stack;
}

/** The healthy answer for the matrix person, from a stack with no faults. */
export async function healthyReference(): Promise<MatrixReference> {
  const person = pickSpanningPerson(datasetAt(MATRIX_SETTINGS.scale));
  const stack = await warmStack();
  try {
    const res = await ask360(stack, person.person.phone);
    const answer = res.body.data;
    if (res.body.errors || !answer || answer.findCustomers.length !== 1) {
      throw new Error(`the healthy customer-360 answer is not clean: ${JSON.stringify(res.body.errors ?? answer)}`);
    }
    const systems = new Set(answer.findCustomers[0]!.identities.map((i) => i.system));
    if (PEOPLE_SYSTEMS.some((s) => !systems.has(s)))
      throw new Error(`the matrix person is not found in every system: ${[...systems].join(', ')}`);
    const lines = answer.findCustomers[0]!.orders.nodes.flatMap((n) => n.lines ?? []);
    if (!lines.some((l) => l.product?.networkAvailability)) throw new Error('the healthy answer shows no stock (WMS) for any product');
    if (!answer.findCustomers[0]!.orders.nodes.some((n) => (n.shipments?.length ?? 0) > 0)) {
      throw new Error('the healthy answer shows no parcel (carrier) for any order');
    }
    return {
      phone: person.person.phone,
      answer,
      contributions: await contributionsOf(stack.systems!, answer),
      orders: answer.findCustomers[0]!.orders.totalCount,
    };
  } finally {
    await stack.close();
  }
}

/** What is wrong with one answer given while `system` fails with `fault`. */
function judge(which: string, res: GraphQLResult<Customer360Answer>, system: SystemName, fault: FaultCase, ref: MatrixReference): string[] {
  const problems: string[] = [];
  if (res.status !== 200) problems.push(`HTTP ${res.status}`);
  problems.push(...compareToHealthy(ref.answer, res.body.data, system, fault.expectation, ref.contributions));
  const errors = res.body.errors ?? [];
  for (const e of errors) {
    const code = String(e.extensions?.code);
    if (e.extensions?.system !== system) problems.push(`error names ${String(e.extensions?.system)} (${code}): ${e.message}`);
    else if (!fault.codes.includes(code as AdapterErrorCode)) problems.push(`unexpected code ${code}: ${e.message}`);
    if (!e.extensions?.subgraph) problems.push(`error without extensions.subgraph: ${e.message}`);
    if (!e.message.includes(system)) problems.push(`message does not name ${system}: ${e.message}`);
  }
  const missing = lostSomething(ref.answer, res.body.data, system);
  if (missing && errors.length === 0) problems.push(`${system}'s part is missing without an error`);
  if (!missing && errors.length > 0) problems.push('errors though nothing is missing');
  const { requestDeadlineMs: deadline, gatewayAllowanceMs: allowance } = MATRIX_SETTINGS;
  if (res.ms > deadline + allowance)
    problems.push(`took ${Math.round(res.ms)} ms, over the ${deadline} ms deadline (+${allowance} ms allowance)`);
  return problems.map((p) => `${which}: ${p}`);
}

export async function runCell(system: SystemName, fault: FaultCase, ref: MatrixReference): Promise<CellResult> {
  const stack = await warmStack();
  const problems: string[] = [];
  const codes = new Set<string>();
  let maxMs = 0;
  let lost = false;
  try {
    stack.simulators[simulatorOf(system)]!.faults.set(fault.settings);
    for (let i = 0; i < QUERIES_PER_CELL; i++) {
      const res = await ask360(stack, ref.phone);
      maxMs = Math.max(maxMs, res.ms);
      for (const e of res.body.errors ?? []) codes.add(String(e.extensions?.code));
      lost ||= lostSomething(ref.answer, res.body.data, system);
      problems.push(...judge(i === 0 ? 'first query' : 'second query', res, system, fault, ref));
    }
  } finally {
    await stack.close();
  }
  return {
    system,
    fault: fault.name,
    outcome: lost ? 'degraded' : 'recovered',
    codes: [...codes].sort(),
    maxMs: Math.round(maxMs),
    problems: tally(problems),
  };
}

/** Each distinct problem once, with how often it occurred (one per product line adds up). */
function tally(problems: readonly string[]): string[] {
  const counts = new Map<string, number>();
  for (const p of problems) counts.set(p, (counts.get(p) ?? 0) + 1);
  return [...counts].map(([p, n]) => (n > 1 ? `${p} (×${n})` : p));
}

export interface MatrixRun {
  reference: MatrixReference;
  cells: CellResult[];
  ms: number;
}

/** Every system of the query × every fault; `parallel` cells at a time (each on its own stack). */
export async function runMatrix(options: { systems?: readonly SystemName[]; parallel?: number } = {}): Promise<MatrixRun> {
  const started = performance.now();
  const reference = await healthyReference();
  const jobs = (options.systems ?? QUERY_SYSTEMS).flatMap((system) => FAULT_CASES.map((fault) => () => runCell(system, fault, reference)));
  const cells: CellResult[] = new Array(jobs.length);
  let next = 0;
  const worker = async () => {
    while (next < jobs.length) {
      const i = next++;
      cells[i] = await jobs[i]!();
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, options.parallel ?? 3) }, worker));
  return { reference, cells, ms: Math.round(performance.now() - started) };
}

/** The matrix as a Markdown table (docs/resilience.md). */
export function matrixTable(cells: readonly CellResult[]): string {
  const label = (name: FaultCase['name']) => FAULT_CASES.find((f) => f.name === name)!.label;
  const rows = cells.map((c) => {
    const outcome =
      c.problems.length > 0 ? `**FAILED**: ${c.problems[0]}${c.problems.length > 1 ? ` (+${c.problems.length - 1} more)` : ''}` : c.outcome;
    return `| ${c.system} | ${label(c.fault)} | ${outcome} | ${c.codes.join(', ') || '—'} | ${c.maxMs} |`;
  });
  return ['| system | fault | outcome | codes seen | max latency (ms) |', '|---|---|---|---|---:|', ...rows].join('\n');
}
