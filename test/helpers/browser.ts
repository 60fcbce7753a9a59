import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser } from 'playwright-core';

/** Debian's chromium (`.ci/run` installs it); playwright-core never downloads a browser of its own. */
export const CHROMIUM = '/usr/bin/chromium';
/** What Chromium needs on this machine: no sandbox as root, no GPU, no calls home on a closed network. */
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];
export const ROOT = fileURLToPath(new URL('../../', import.meta.url));
/** The docs' screenshots are written by the browser tests. */
export const SCREENSHOTS = join(ROOT, 'docs');

/** Always the console of these sources, never a stale build. */
export function buildConsole(): void {
  execFileSync(
    process.execPath,
    [join(ROOT, 'node_modules/vite/bin/vite.js'), 'build', '--config', 'console/vite.config.ts', '--logLevel', 'error'],
    {
      cwd: ROOT,
      stdio: 'inherit',
    },
  );
}

/** Playwright gives the browser a new empty profile of its own. */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS });
}

/** The gateway's origin, where the console lives at /console. */
export function origin(graphqlUrl: string): string {
  return graphqlUrl.replace(/\/graphql$/, '');
}
