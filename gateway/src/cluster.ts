import cluster, { type Worker } from 'node:cluster';
import { availableParallelism } from 'node:os';
import { SYSTEM_ENV_VARS } from '../../subgraphs/runtime/src/index.ts';
import { readConfig, type GatewayConfig } from './config.ts';
import { initTracing } from './observability/tracing.ts';
import { DEMO_CREDENTIALS, startLocalSimulators, type LocalSimulators } from './simulators.ts';
import { startStack } from './stack.ts';

process.env.APOLLO_TELEMETRY_DISABLED ??= '1';

/**
 * `npm run start:cluster`: one gateway worker per core (WEB_CONCURRENCY overrides), all on one
 * port (node:cluster hands connections round-robin). Each worker runs the embedded subgraphs;
 * the legacy systems are shared: their URLs are required in production, and otherwise the
 * primary starts the simulators ONCE and hands their URLs to the workers. Workers share
 * caches, rate limits and idempotency keys only through Redis (REDIS_URL), as replicas do.
 */
type WorkerMessage = { url: string } | { error: string };

async function primary(): Promise<void> {
  const config = readConfig(process.env, process.argv.slice(2), DEMO_CREDENTIALS);
  let simulators: LocalSimulators | undefined;
  const missing = (Object.keys(config.systems) as (keyof GatewayConfig['systems'])[]).filter(
    (k) => typeof config.systems[k] === 'object' && !(config.systems[k] as { url?: string }).url,
  );
  if (missing.length > 0 && config.production) {
    throw new Error(`cluster mode in production needs every system URL: set ${missing.map((k) => `${k.toUpperCase()}_URL`).join(', ')}`);
  }
  if (missing.length > 0) simulators = await startLocalSimulators(config, process.env);
  const systems = simulators?.systems ?? config.systems;
  const workerEnv: Record<string, string> = {
    ERP_URL: systems.erp.url!,
    POS_URL: systems.pos.url!,
    WMS_URL: systems.wms.url!,
    CARRIER_URL: systems.carrier.url!,
    MARKETPLACE_URL: systems.marketplace.url!,
  };
  const count = config.ops.workers ?? availableParallelism();
  let stopping = false;
  const fork = (): Promise<string> => {
    const worker = cluster.fork(workerEnv);
    return new Promise((resolve, reject) => {
      worker.once('message', (m: WorkerMessage) => ('url' in m ? resolve(m.url) : reject(new Error(m.error))));
      worker.once('exit', (code) => reject(new Error(`worker exited with code ${code} before starting`)));
    });
  };
  const urls = await Promise.all(Array.from({ length: count }, fork));
  // A crashed worker is replaced; one that exits during shutdown is not.
  cluster.on('exit', (worker: Worker, code) => {
    if (stopping || worker.exitedAfterDisconnect) return;
    console.error(`worker ${worker.process.pid} exited with code ${code}; starting another`);
    void fork().catch((err: Error) => console.error(`replacement worker failed: ${err.message}`));
  });
  console.log(
    [
      '',
      `retail360 gateway cluster is up: ${count} workers (pid ${process.pid} is the primary).`,
      `  GraphQL endpoint:  ${urls[0]}`,
      simulators
        ? `  Simulated systems: ${Object.keys(simulators.simulators).join(', ')} (started once, in the primary)`
        : '  All systems are real.',
      '  Point the graph at real systems with:',
      ...Object.entries(SYSTEM_ENV_VARS).map(([system, vars]) => `    ${system.padEnd(12)} ${vars.join(' ')}`),
      '',
    ].join('\n'),
  );
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`${signal} received, draining ${count} workers`);
    const workers = Object.values(cluster.workers ?? {}).filter((w): w is Worker => w !== undefined);
    await Promise.all(
      workers.map(
        (w) =>
          new Promise<void>((resolve) => {
            if (w.isDead()) return resolve();
            w.once('exit', () => resolve());
            w.process.kill('SIGTERM');
          }),
      ),
    );
    await simulators?.close();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));
}

async function worker(): Promise<void> {
  const config = readConfig(process.env, process.argv.slice(2), DEMO_CREDENTIALS);
  const tracing = initTracing({ serviceName: config.ops.serviceName, otlpEndpoint: config.ops.otlpEndpoint });
  const stack = await startStack(config, process.env);
  process.send?.({ url: stack.url } satisfies WorkerMessage);
  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    const drained = await stack.shutdown();
    stack.logger.info({ drained }, 'worker shut down');
    await tracing?.shutdown();
    process.exit(0);
  };
  // The primary relays SIGTERM; a terminal's Ctrl-C reaches every worker as SIGINT.
  process.on('SIGTERM', () => void stop());
  process.on('SIGINT', () => void stop());
}

(cluster.isPrimary ? primary() : worker()).catch((err: Error) => {
  if (cluster.isPrimary) console.error(`retail360 cluster failed to start: ${err.message}`);
  else process.send?.({ error: err.message } satisfies WorkerMessage);
  process.exit(1);
});
