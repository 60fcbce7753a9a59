import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { getDataset } from '../../legacy/dataset/src/index.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const PRODUCT = 'query Product($sku: ID!) { product(sku: $sku) { sku name } }';

interface Started {
  child: ChildProcess;
  url: string;
  headers: Record<string, string>;
  stdout: () => string;
  exit: Promise<number | null>;
}

/**
 * `tsx gateway/src/index.ts` as `npm start` runs it, on free ports. Its demo agent credential is
 * taken from its start banner (the test helper's credentials belong to in-process stacks).
 */
async function startGatewayProcess(env: Record<string, string>): Promise<Started> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'gateway/src/index.ts'], {
    cwd: ROOT,
    env: {
      PATH: process.env.PATH,
      APOLLO_TELEMETRY_DISABLED: '1',
      PORT: '0',
      HOST: '127.0.0.1',
      ERP_SIM_PORT: '0',
      POS_SIM_PORT: '0',
      WMS_SIM_PORT: '0',
      CARRIER_SIM_PORT: '0',
      MARKETPLACE_SIM_PORT: '0',
      DATASET_SCALE: '0.05',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  child.stdout!.on('data', (c: Buffer) => (out += c.toString()));
  child.stderr!.on('data', (c: Buffer) => (err += c.toString()));
  const exit = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setInterval(() => {
      const m = /GraphQL endpoint:\s+(\S+)/.exec(out);
      if (m && /-H '(authorization|x-api-key): [^']+' \\/i.test(out)) {
        clearInterval(timer);
        resolve(m[1]!);
      }
    }, 50);
    void exit.then((code) => {
      clearInterval(timer);
      reject(new Error(`gateway exited with ${code} before starting: ${err.slice(-1000)}`));
    });
  });
  const [, name, value] = [...out.matchAll(/-H '([^:]+): ([^']+)'/g)].find((m) => m[1] !== 'content-type')!;
  return { child, url, headers: { [name!]: value! }, stdout: () => out, exit };
}

describe('SIGTERM on a real gateway process', () => {
  let started: Started | undefined;

  afterAll(() => {
    if (started && started.child.exitCode === null) started.child.kill('SIGKILL');
  });

  it('drains: /ready turns 503, in-flight requests complete, new ones are refused, exit code 0', async () => {
    started = await startGatewayProcess({
      // Every ERP answer takes 4 s, so a request is surely in flight when the listener closes.
      ERP_FAULTS: JSON.stringify({ latencyMs: 4000 }),
      ERP_TIMEOUT_MS: '8000',
      REQUEST_DEADLINE_MS: '10000',
      SHUTDOWN_DELAY_MS: '1500',
      DRAIN_TIMEOUT_MS: '15000',
      LOG_LEVEL: 'info',
    });
    const { url, headers, child } = started;
    const sku = getDataset({ scale: 0.05 }).products[5]!.sku;
    const ready = url.replace(/\/graphql$/, '/ready');
    expect((await fetch(ready)).status).toBe(200);

    const inflight = fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-request-id': 'sigterm-inflight', ...headers },
      body: JSON.stringify({ query: PRODUCT, variables: { sku } }),
    });
    await new Promise((r) => setTimeout(r, 500));
    child.kill('SIGTERM');

    // Inside SHUTDOWN_DELAY_MS: readiness turns false, so the load balancer stops sending.
    const readiness = async () => {
      const r = await fetch(ready, { headers: { connection: 'close' } });
      return { status: r.status, body: (await r.json()) as unknown };
    };
    let seen = await readiness();
    for (let i = 0; i < 20 && seen.status === 200; i++) {
      await new Promise((r) => setTimeout(r, 50));
      seen = await readiness();
    }
    expect(seen).toMatchObject({ status: 503, body: { ready: false } });

    // Past the delay the listener is closed: a new connection is refused (polled: the machine may be slow).
    const attempt = () =>
      fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', connection: 'close', ...headers },
        body: '{"query":"{ __typename }"}',
      }).then(
        (r) => r.status,
        (e: Error) => (e.cause as { code?: string } | undefined)?.code ?? e.message,
      );
    let refused: number | string = await attempt();
    for (let i = 0; i < 60 && refused !== 'ECONNREFUSED'; i++) {
      await new Promise((r) => setTimeout(r, 100));
      refused = await attempt();
    }
    expect(refused).toBe('ECONNREFUSED');
    expect(child.exitCode).toBeNull(); // still draining the in-flight request

    const res = await inflight;
    expect(res.status).toBe(200);
    const body = (await res.json()) as { data?: { product?: { sku: string } }; errors?: unknown };
    expect(body.errors).toBeUndefined();
    expect(body.data?.product?.sku).toBe(sku);

    expect(await started.exit).toBe(0);

    // The request's log line: ids, names, role, per-system timings; no variables, no data.
    const line = started
      .stdout()
      .split('\n')
      .filter((l) => l.startsWith('{'))
      .map((l) => JSON.parse(l) as Record<string, unknown>)
      .find((l) => l.requestId === 'sigterm-inflight');
    expect(line).toMatchObject({ level: 'info', operation: 'Product', role: 'agent', outcome: 'ok', status: 200 });
    expect((line!.systems as Record<string, { calls: number; ms: number }>).ERP!.calls).toBeGreaterThan(0);
    expect((line!.systems as Record<string, { calls: number; ms: number }>).ERP!.ms).toBeGreaterThanOrEqual(3900);
    expect(JSON.stringify(line)).not.toContain(sku);
  }, 90_000);
});
