import { fork, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Simulator } from '../../legacy/kit/src/index.ts';
import { createSystems, type Systems } from '../../subgraphs/runtime/src/index.ts';
import type { GatewayConfig } from './config.ts';
import { createGateway, type Gateway } from './createGateway.ts';
import { startLocalSimulators, type SimulatorName } from './simulators.ts';
import { SUBGRAPH_FACTORIES, SUBGRAPH_NAMES } from './subgraphs.ts';
import { createStore } from './store.ts';

const SUPERGRAPH = fileURLToPath(new URL('../../schema/supergraph.graphql', import.meta.url));

export interface Stack {
  /** The gateway's GraphQL endpoint. */
  url: string;
  gateway: Gateway;
  simulators: Partial<Record<SimulatorName, Simulator>>;
  /** This process's adapters (embedded mode). */
  systems?: Systems;
  close(): Promise<void>;
}

export interface StackHooks {
  exampleQuery?: string;
}

/**
 * Starts the whole system: simulators for systems without a URL, then the subgraphs
 * (in-process, or one child process each in distributed mode), then the gateway.
 */
export async function startStack(config: GatewayConfig, env: NodeJS.ProcessEnv, hooks: StackHooks = {}): Promise<Stack> {
  const local = await startLocalSimulators(config, env);
  const supergraphSdl = readFileSync(SUPERGRAPH, 'utf8');
  const children: ChildProcess[] = [];
  let gateway: Gateway;
  let systems: Systems | undefined;
  try {
    if (config.mode === 'embedded') {
      systems = createSystems(local.systems);
      const deps = { systems, store: createStore(local.systems) };
      const subgraphs = SUBGRAPH_NAMES.map((name) => SUBGRAPH_FACTORIES[name]!(deps));
      gateway = await createGateway({
        supergraphSdl,
        subgraphs,
        systems,
        requestDeadlineMs: local.systems.requestDeadlineMs,
        exampleQuery: hooks.exampleQuery,
      });
    } else {
      const subgraphUrls: Record<string, string> = {};
      await Promise.all(
        SUBGRAPH_NAMES.map(async (name, i) => {
          const port = config.subgraphBasePort === 0 ? 0 : config.subgraphBasePort + i;
          const { child, url } = await forkSubgraph(name, port, local.systems, env);
          children.push(child);
          subgraphUrls[name] = url;
        }),
      );
      gateway = await createGateway({
        supergraphSdl,
        subgraphUrls,
        requestDeadlineMs: local.systems.requestDeadlineMs,
        exampleQuery: hooks.exampleQuery,
      });
    }
    const address = await gateway.listen(config.port, config.host);
    return {
      url: `${address.replace('0.0.0.0', '127.0.0.1')}/graphql`,
      gateway,
      simulators: local.simulators,
      ...(systems && { systems }),
      async close() {
        await gateway.close();
        await Promise.all(children.map(stopChild));
        await local.close();
      },
    };
  } catch (err) {
    await Promise.all(children.map(stopChild));
    await local.close();
    throw err;
  }
}

/** Child env: the systems' resolved URLs and credentials, so the subgraph reads them like any config. */
function childEnv(systems: ReturnType<typeof structuredClone<GatewayConfig['systems']>>, env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  return {
    ...env,
    ERP_URL: systems.erp.url,
    ERP_USERNAME: systems.erp.username,
    ERP_PASSWORD: systems.erp.password,
    POS_URL: systems.pos.url,
    POS_ACCESS_TOKEN: systems.pos.accessToken,
    WMS_URL: systems.wms.url,
    WMS_USERNAME: systems.wms.username,
    WMS_PASSWORD: systems.wms.password,
    CARRIER_URL: systems.carrier.url,
    CARRIER_CLIENT_ID: systems.carrier.clientId,
    CARRIER_CLIENT_SECRET: systems.carrier.clientSecret,
    MARKETPLACE_URL: systems.marketplace.url,
    MARKETPLACE_CLIENT_ID: systems.marketplace.clientId,
    MARKETPLACE_CLIENT_SECRET: systems.marketplace.clientSecret,
    MARKETPLACE_REFRESH_TOKEN: systems.marketplace.refreshToken,
    REQUEST_DEADLINE_MS: String(systems.requestDeadlineMs),
  };
}

async function forkSubgraph(
  name: string,
  port: number,
  systems: GatewayConfig['systems'],
  env: NodeJS.ProcessEnv,
): Promise<{ child: ChildProcess; url: string }> {
  const entry = fileURLToPath(new URL('./subgraphProcess.ts', import.meta.url));
  const child = fork(entry, [name, String(port)], {
    execArgv: ['--import', 'tsx'],
    env: childEnv(systems, env),
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`subgraph ${name} did not start within 30 s`)), 30_000);
    child.once('message', (m: { url?: string; error?: string }) => {
      clearTimeout(timer);
      if (m.url) resolve(m.url);
      else reject(new Error(`subgraph ${name} failed to start: ${m.error}`));
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`subgraph ${name} exited with code ${code}`));
    });
  });
  return { child, url };
}

async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  await new Promise<void>((resolve) => {
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
  });
}
