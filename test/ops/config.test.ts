import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { readConfig } from '../../gateway/src/config.ts';
import { readOperationsConfig } from '../../gateway/src/opsConfig.ts';
import { DEMO_CREDENTIALS } from '../../gateway/src/simulators.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const read = (env: Record<string, string>) => () => readConfig(env, [], DEMO_CREDENTIALS);

describe('configuration is validated at start, naming the bad setting', () => {
  it.each([
    [{ PORT: 'eighty' }, 'PORT'],
    [{ LOG_LEVEL: 'verbose' }, 'LOG_LEVEL'],
    [{ DRAIN_TIMEOUT_MS: '-5' }, 'DRAIN_TIMEOUT_MS'],
    [{ SHUTDOWN_DELAY_MS: 'soon' }, 'SHUTDOWN_DELAY_MS'],
    [{ WEB_CONCURRENCY: '0' }, 'WEB_CONCURRENCY'],
    [{ OTEL_EXPORTER_OTLP_ENDPOINT: 'collector:4318' }, 'OTEL_EXPORTER_OTLP_ENDPOINT'],
    [{ REDIS_URL: 'http://127.0.0.1:6379' }, 'REDIS_URL'],
    [{ ERP_URL: 'not a url' }, 'ERP_URL'],
    [{ POS_CONCURRENCY: '0' }, 'POS_CONCURRENCY'],
    [{ SUBGRAPH_URLS: '{catalog: 4001}' }, 'SUBGRAPH_URLS'],
    [{ SUBGRAPH_URLS: '{"catalog":"ftp://x"}' }, 'SUBGRAPH_URLS'],
  ])('%o is refused with a message naming %s', (env, setting) => {
    expect(read(env)).toThrow(new RegExp(`invalid configuration:[\\s\\S]*- ${setting}[.:]`));
  });

  it('defaults: info logs, tracing off, 25 s drain, no readiness delay', () => {
    const { ops } = readConfig({}, [], DEMO_CREDENTIALS);
    expect(ops).toEqual({
      logLevel: 'info',
      serviceName: 'retail360-gateway',
      drainTimeoutMs: 25_000,
      shutdownDelayMs: 0,
      subgraphHost: '127.0.0.1',
    });
    expect(readOperationsConfig({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://otel:4318', WEB_CONCURRENCY: '4' })).toMatchObject({
      otlpEndpoint: 'http://otel:4318',
      workers: 4,
    });
  });

  it('each system takes 16 calls at once unless <SYSTEM>_CONCURRENCY says otherwise', () => {
    const { systems } = readConfig({ ERP_CONCURRENCY: '64' }, [], DEMO_CREDENTIALS);
    expect(systems.erp.concurrency).toBe(64);
    expect([systems.pos, systems.wms, systems.carrier, systems.marketplace].map((s) => s.concurrency)).toEqual([16, 16, 16, 16]);
  });

  it('a bad setting stops the real process with exit code 1 and the setting’s name', () => {
    const run = spawnSync(process.execPath, ['--import', 'tsx', 'gateway/src/index.ts'], {
      cwd: ROOT,
      env: { PATH: process.env.PATH, LOG_LEVEL: 'loud', PORT: '0' },
      encoding: 'utf8',
      timeout: 60_000,
    });
    expect(run.status).toBe(1);
    expect(run.stderr).toMatch(/retail360 failed to start: invalid configuration:[\s\S]*- LOG_LEVEL:/);
  }, 60_000);
});
