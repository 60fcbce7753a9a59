import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

describe('npm run start:cluster', () => {
  it('runs one worker per WEB_CONCURRENCY on one port, simulators once in the primary, and drains on SIGTERM', async () => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'gateway/src/cluster.ts'], {
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
        WEB_CONCURRENCY: '2',
        LOG_LEVEL: 'info',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout!.on('data', (c: Buffer) => (out += c.toString()));
    child.stderr!.on('data', (c: Buffer) => (out += c.toString()));
    const exit = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    try {
      const url = await new Promise<string>((resolve, reject) => {
        const timer = setInterval(() => {
          const m = /GraphQL endpoint:\s+(\S+)/.exec(out);
          if (m) {
            clearInterval(timer);
            resolve(m[1]!);
          }
        }, 50);
        void exit.then((code) => {
          clearInterval(timer);
          reject(new Error(`cluster exited with ${code}: ${out.slice(-1000)}`));
        });
      });
      expect(out).toMatch(/2 workers/);
      expect(out).toMatch(/started once, in the primary/);
      // An anonymous introspection-free query: every worker answers on the same port.
      for (let i = 0; i < 6; i++) {
        const res = await fetch(url, {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'x-request-id': `cluster-${i}` },
          body: '{"query":"{ __typename }"}',
        });
        expect(res.status).toBeLessThan(500);
      }
      child.kill('SIGTERM');
      expect(await exit).toBe(0);
      const pids = new Set(
        out
          .split('\n')
          .filter((l) => l.startsWith('{') && l.includes('"requestId":"cluster-'))
          .map((l) => (JSON.parse(l) as { pid: number }).pid),
      );
      expect(pids.size).toBe(2);
      expect(out.match(/"msg":"worker shut down"/g)?.length).toBe(2);
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL');
    }
  }, 120_000);
});
