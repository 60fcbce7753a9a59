import { fork, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { SUBGRAPH_NAMES } from '../../gateway/src/subgraphs.ts';
import { systemsEnv, type SimulatorUrls } from './systemsEnv.ts';

const ENTRY = fileURLToPath(new URL('../../gateway/src/subgraphProcess.ts', import.meta.url));
const SUPERGRAPH = fileURLToPath(new URL('../../schema/supergraph.graphql', import.meta.url));

export interface SubgraphServers {
  urls: Record<string, string>;
  /** The committed supergraph with its routing URLs pointed at these servers. */
  supergraphSdl: string;
  close(): Promise<void>;
}

/**
 * The distributed subgraph servers (the same entry `npm run start:distributed` forks), fresh for
 * each peer so no peer inherits another's warm caches. They are children of the peer process,
 * so the driver counts their CPU and memory with the peer's.
 */
export async function startSubgraphServers(sims: SimulatorUrls): Promise<SubgraphServers> {
  const children: ChildProcess[] = [];
  const urls: Record<string, string> = {};
  const env = { ...process.env, ...systemsEnv(sims) };
  await Promise.all(
    SUBGRAPH_NAMES.map(async (name) => {
      const child = fork(ENTRY, [name, '0'], { execArgv: ['--import', 'tsx'], env, stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
      children.push(child);
      urls[name] = await new Promise<string>((resolve, reject) => {
        child.once('message', (m: { url?: string; error?: string }) =>
          m.url ? resolve(m.url) : reject(new Error(`subgraph ${name}: ${m.error}`)),
        );
        child.once('exit', (code) => reject(new Error(`subgraph ${name} exited with code ${code}`)));
      });
    }),
  );
  let supergraphSdl = readFileSync(SUPERGRAPH, 'utf8');
  for (const [name, url] of Object.entries(urls)) {
    supergraphSdl = supergraphSdl.replace(new RegExp(`(@join__graph\\(name: "${name}", url: ")[^"]*(")`), `$1${url}$2`);
  }
  return {
    urls,
    supergraphSdl,
    async close() {
      await Promise.all(
        children.map(
          (c) =>
            new Promise<void>((resolve) => {
              if (c.exitCode !== null) return resolve();
              c.once('exit', () => resolve());
              c.kill('SIGTERM');
            }),
        ),
      );
    },
  };
}
