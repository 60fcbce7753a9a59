import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { AUTHORIZATION_HEADER, StaffTokens } from '../../gateway/src/auth/index.ts';
import { readConfig } from '../../gateway/src/config.ts';
import { DEMO_CREDENTIALS } from '../../gateway/src/simulators.ts';
import { BENCH_ROLE_LIMITS } from '../settings.ts';
import { failStart, serveStats } from './statsServer.ts';
import { simulatorUrls, systemsEnv } from './systemsEnv.ts';

/**
 * retail360 on every core: `npm run start:cluster` (gateway/src/cluster.ts, one embedded worker
 * per core, WEB_CONCURRENCY unset) pointed at the shared simulators, so the primary starts none.
 * The workers are this process's grandchildren: the driver's process-tree CPU covers them.
 * cluster.ts writes no demo-credentials file, so the agent token is signed here with the same
 * (development) JWT settings the workers verify with; API keys are per worker without Redis.
 */
const ROOT = fileURLToPath(new URL('../../', import.meta.url));

try {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    ...systemsEnv(simulatorUrls(process.env)),
    PORT: '0',
    HOST: '127.0.0.1',
    ROLE_LIMITS: JSON.stringify(BENCH_ROLE_LIMITS),
  };
  delete env.BENCH_CPU_PROFILE;
  const child = spawn(process.execPath, ['--import', 'tsx', 'gateway/src/cluster.ts'], {
    cwd: ROOT,
    env,
    // Request logs are written as in production; read and dropped (the other peers' go to /dev/null).
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let banner = '';
  const onBanner = (chunk: Buffer) => {
    if (banner.length < 20_000) banner += chunk.toString();
  };
  child.stdout!.on('data', onBanner);
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setInterval(() => {
      const m = /GraphQL endpoint:\s+(\S+)/.exec(banner);
      if (!m) return;
      clearInterval(timer);
      resolve(m[1]!);
    }, 50);
    child.once('exit', (code) => {
      clearInterval(timer);
      reject(new Error(`cluster exited with code ${code}: ${banner.slice(-500)}`));
    });
  });
  child.stdout!.off('data', onBanner);
  child.stdout!.resume();
  const workers = /(\d+) workers/.exec(banner)?.[1] ?? '?';
  const token = await new StaffTokens(readConfig(env, [], DEMO_CREDENTIALS).auth.jwt).sign({ role: 'agent', sub: 'demo-agent' });
  serveStats(
    {
      url,
      ...(token && { credentials: { agent: { header: AUTHORIZATION_HEADER, value: `Bearer ${token}` } } }),
      notes: [`${workers} workers (node:cluster, one per core)`],
    },
    () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  );
} catch (err) {
  failStart(err);
}
