import { existsSync, readFileSync, statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { readConfig } from '../../gateway/src/config.ts';
import { DEMO_CREDENTIALS } from '../../gateway/src/simulators.ts';
import { startStack } from '../../gateway/src/stack.ts';
import { BENCH_ROLE_LIMITS } from '../settings.ts';
import { failStart, serveStats, type PeerReady } from './statsServer.ts';
import { simulatorUrls, systemsEnv } from './systemsEnv.ts';

/**
 * retail360 itself, embedded or distributed, started the way `npm start` starts it but pointed
 * at the shared simulators (a system with a URL gets no local simulator).
 */
const mode = process.argv[2] === 'distributed' ? 'distributed' : 'embedded';
const CREDENTIALS_FILE = fileURLToPath(new URL('../../.retail360/demo-credentials.json', import.meta.url));

/** The demo credentials the start wrote, if this build has auth (older builds have none). */
function demoCredentials(startedAt: number, stack: object): PeerReady['credentials'] {
  for (const key of ['credentials', 'demoCredentials']) {
    const value = (stack as Record<string, unknown>)[key];
    if (value && typeof value === 'object') return value as PeerReady['credentials'];
  }
  if (existsSync(CREDENTIALS_FILE) && statSync(CREDENTIALS_FILE).mtimeMs >= startedAt - 1000) {
    return JSON.parse(readFileSync(CREDENTIALS_FILE, 'utf8')) as PeerReady['credentials'];
  }
  return undefined;
}

try {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    ...systemsEnv(simulatorUrls(process.env)),
    PORT: '0',
    HOST: '127.0.0.1',
    SUBGRAPH_BASE_PORT: '0',
    // The per-caller rate limits stay in the path (their cost is measured) but are raised so they
    // do not answer 429 to a load generator: W1 at 50 clients exceeds the agent's 50/s on purpose.
    ROLE_LIMITS: JSON.stringify(BENCH_ROLE_LIMITS),
  };
  const startedAt = Date.now();
  const stack = await startStack(readConfig(env, mode === 'distributed' ? ['--distributed'] : [], DEMO_CREDENTIALS), env);
  const credentials = demoCredentials(startedAt, stack);
  serveStats({ url: stack.url, ...(credentials && { credentials }) }, () => stack.close());
} catch (err) {
  failStart(err);
}
