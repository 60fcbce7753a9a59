import { readFileSync } from 'node:fs';
import { cpus, freemem, totalmem, release, platform } from 'node:os';
import { loadAverage } from './procStats.ts';

const PACKAGES = [
  '@apollo/gateway',
  '@apollo/server',
  '@graphql-hive/gateway',
  '@graphql-hive/gateway-runtime',
  'graphql',
  'fastify',
  'undici',
  'autocannon',
  'tsx',
];

function installedVersion(pkg: string): string {
  try {
    const json = JSON.parse(readFileSync(new URL(`../../node_modules/${pkg}/package.json`, import.meta.url), 'utf8')) as {
      version: string;
    };
    return json.version;
  } catch {
    return 'not installed';
  }
}

/** What the numbers depend on: the machine, how busy it was, and the versions measured. */
export function machineInfo() {
  const c = cpus();
  return {
    cpus: c.length,
    cpuModel: c[0]?.model ?? 'unknown',
    platform: `${platform()} ${release()}`,
    memoryGb: Number((totalmem() / 2 ** 30).toFixed(1)),
    freeMemoryGb: Number((freemem() / 2 ** 30).toFixed(1)),
    loadAverage: loadAverage(),
    node: process.version,
    packages: Object.fromEntries(PACKAGES.map((p) => [p, installedVersion(p)])),
  };
}
