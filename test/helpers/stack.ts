import { readConfig, type RunMode } from '../../gateway/src/config.ts';
import { DEMO_CREDENTIALS } from '../../gateway/src/simulators.ts';
import { startStack, type Stack } from '../../gateway/src/stack.ts';

export interface TestStackOptions {
  /** @default "embedded" */
  mode?: RunMode;
  /** Extra environment (faults, deadlines). @default {} */
  env?: Record<string, string>;
  /** @default 1 */
  scale?: number;
}

/** Roles with a demo credential: `stack.credentials.agent` are the headers of an agent. */
export type DemoRole = 'agent' | 'store' | 'admin' | 'analyst' | 'chatbot' | 'partner';

export interface TestStack extends Stack {
  /** Request headers carrying each role's demo credential (staff JWT or API key). */
  credentials: Record<DemoRole, Record<string, string>>;
}

/** The whole system on free local ports, as `npm start` runs it (demo credentials included). */
export async function startTestStack(options: TestStackOptions = {}): Promise<TestStack> {
  const env: NodeJS.ProcessEnv = {
    APOLLO_TELEMETRY_DISABLED: '1',
    PORT: '0',
    HOST: '127.0.0.1',
    SUBGRAPH_BASE_PORT: '0',
    ERP_SIM_PORT: '0',
    POS_SIM_PORT: '0',
    WMS_SIM_PORT: '0',
    CARRIER_SIM_PORT: '0',
    MARKETPLACE_SIM_PORT: '0',
    DATASET_SCALE: String(options.scale ?? 1),
    PATH: process.env.PATH,
    ...options.env,
  };
  const argv = options.mode === 'distributed' ? ['--distributed'] : [];
  const stack = await startStack(readConfig(env, argv, DEMO_CREDENTIALS), env);
  const credentials = Object.fromEntries(
    Object.entries(stack.demoCredentials).map(([role, c]) => [role, { [c.header]: c.value }]),
  ) as Record<DemoRole, Record<string, string>>;
  return Object.assign(stack, { credentials });
}

export interface GraphQLResult<T = Record<string, unknown>> {
  status: number;
  body: { data?: T | null; errors?: { message: string; path?: (string | number)[]; extensions?: Record<string, unknown> }[] };
  ms: number;
}

export async function gql<T = Record<string, unknown>>(
  url: string,
  query: string,
  variables: Record<string, unknown> = {},
  headers: Record<string, string> = {},
): Promise<GraphQLResult<T>> {
  const started = performance.now();
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await res.json()) as GraphQLResult<T>['body'];
  return { status: res.status, body, ms: performance.now() - started };
}
