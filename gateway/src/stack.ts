import { fork, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Simulator } from '../../legacy/kit/src/index.ts';
import type { CacheStore } from '../../adapters/core/src/index.ts';
import { createSystems, observeCacheLookups, scaleCachePolicy, type Systems } from '../../subgraphs/runtime/src/index.ts';
import { createDemoCredentials, createGatewayAuth, type DemoCredentials, type GatewayAuth } from './auth/index.ts';
import type { GatewayConfig } from './config.ts';
import { createGateway, type Gateway } from './createGateway.ts';
import { startLocalSimulators, type SimulatorName } from './simulators.ts';
import { SUBGRAPH_FACTORIES, SUBGRAPH_NAMES } from './subgraphs.ts';
import { Lifecycle } from './lifecycle.ts';
import { createLogger, type Logger } from './observability/logger.ts';
import { observeCircuits, recordAttempt, recordCacheLookup } from './observability/requestScope.ts';
import { closeStore, createStore } from './store.ts';

const SUPERGRAPH = fileURLToPath(new URL('../../schema/supergraph.graphql', import.meta.url));

export interface Stack {
  /** The gateway's GraphQL endpoint. */
  url: string;
  gateway: Gateway;
  simulators: Partial<Record<SimulatorName, Simulator>>;
  /** This process's adapters (embedded mode). */
  systems?: Systems;
  /** API keys, staff tokens, safelist and field policy of this gateway. */
  auth: GatewayAuth;
  /** One credential per role (`{ header, value }`); empty in production. */
  demoCredentials: DemoCredentials;
  /** Shared state (cache, links, rate limits, keys): Redis when REDIS_URL is set. */
  store: CacheStore;
  logger: Logger;
  lifecycle: Lifecycle;
  /** SIGTERM: `/ready` 503, stop accepting, let in-flight requests finish, then `close`. Resolves whether all finished in time. */
  shutdown(): Promise<boolean>;
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
  const store = createStore(local.systems);
  observeCacheLookups(store, recordCacheLookup);
  scaleCachePolicy(store, local.systems.cacheTtlScale);
  const logger = createLogger({ level: config.ops.logLevel, service: config.ops.serviceName });
  const lifecycle = new Lifecycle({ drainTimeoutMs: config.ops.drainTimeoutMs, shutdownDelayMs: config.ops.shutdownDelayMs });
  const observability = { store, logger, lifecycle };
  // API keys get a store of their own: see ApiKeyStore (keyv namespaces on a shared adapter).
  const authStore = createStore(local.systems);
  const auth = createGatewayAuth(config.auth, authStore, supergraphSdl);
  try {
    const demoCredentials = config.auth.demoCredentials ? await createDemoCredentials(auth.keys, auth.tokens) : {};
    const ideHeaders = demoCredentials.agent ? { [demoCredentials.agent.header]: demoCredentials.agent.value } : undefined;
    if (config.mode === 'embedded') {
      systems = createSystems(local.systems, { onAttempt: recordAttempt });
      observeCircuits(systems);
      const deps = { systems, store };
      const subgraphs = SUBGRAPH_NAMES.map((name) => SUBGRAPH_FACTORIES[name]!(deps, config.subgraphs));
      gateway = await createGateway({
        supergraphSdl,
        subgraphs,
        systems,
        requestDeadlineMs: local.systems.requestDeadlineMs,
        exampleQuery: hooks.exampleQuery,
        auth,
        ideHeaders,
        ...observability,
        security: config.security,
        signing: config.signing,
      });
    } else {
      // Subgraphs given by URL (their own Deployments) are called there; the rest are forked here.
      const subgraphUrls: Record<string, string> = { ...config.ops.subgraphUrls };
      await Promise.all(
        SUBGRAPH_NAMES.map(async (name, i) => {
          if (subgraphUrls[name]) return;
          const port = config.subgraphBasePort === 0 ? 0 : config.subgraphBasePort + i;
          const signingEnv = {
            SUBGRAPH_SIGNING_SECRET: config.signing.secret,
            SUBGRAPH_REPLAY_WINDOW_MS: String(config.signing.replayWindowMs),
          };
          const { child, url } = await forkSubgraph(name, port, local.systems, { ...env, ...signingEnv });
          children.push(child);
          subgraphUrls[name] = url;
        }),
      );
      gateway = await createGateway({
        supergraphSdl,
        subgraphUrls,
        requestDeadlineMs: local.systems.requestDeadlineMs,
        exampleQuery: hooks.exampleQuery,
        auth,
        ideHeaders,
        ...observability,
        security: config.security,
        signing: config.signing,
      });
    }
    const address = await gateway.listen(config.port, config.host);
    const close = async () => {
      await gateway.close();
      await Promise.all(children.map(stopChild));
      await local.close();
      await closeStore(store);
      await closeStore(authStore);
    };
    return {
      url: `${address.replace('0.0.0.0', '127.0.0.1')}/graphql`,
      gateway,
      simulators: local.simulators,
      ...(systems && { systems }),
      auth,
      demoCredentials,
      store,
      logger,
      lifecycle,
      async shutdown() {
        const drained = await lifecycle.drain(gateway.app.server);
        await close();
        return drained;
      },
      close,
    };
  } catch (err) {
    await Promise.all(children.map(stopChild));
    await local.close();
    await closeStore(store);
    await closeStore(authStore);
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
    const timer = setTimeout(() => reject(new Error(`subgraph ${name} did not start within 120 s`)), 120_000);
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
    // A child that does not end after SIGTERM is killed: closing the stack never hangs.
    const force = setTimeout(() => child.kill('SIGKILL'), 10_000);
    child.once('exit', () => {
      clearTimeout(force);
      resolve();
    });
    child.kill('SIGTERM');
  });
}
