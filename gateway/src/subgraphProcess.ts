import {
  createSystems,
  observeCacheLookups,
  readSystemsConfig,
  scaleCachePolicy,
  startSubgraphServer,
  DEV_SIGNING_SECRET,
  readSigningConfig,
} from '../../subgraphs/runtime/src/index.ts';
import { registry } from './observability/metrics.ts';
import { observeCircuits, recordAttempt, recordCacheLookup } from './observability/requestScope.ts';
import { readSubgraphSettings } from './config.ts';
import { readOperationsConfig } from './opsConfig.ts';
import { closeStore, createStore } from './store.ts';
import { SUBGRAPH_FACTORIES } from './subgraphs.ts';

/**
 * Entry of one distributed subgraph server: `tsx gateway/src/subgraphProcess.ts <name> <port>`.
 * Reads the systems' settings from its environment (URLs and credentials are required here).
 */
const [name = '', portArg = '0'] = process.argv.slice(2);
const EMPTY = { username: '', password: '' };
try {
  const factory = SUBGRAPH_FACTORIES[name];
  if (!factory) throw new Error(`unknown subgraph "${name}"`);
  const config = readSystemsConfig(process.env, {
    erp: EMPTY,
    pos: { accessToken: '' },
    wms: EMPTY,
    carrier: { clientId: '', clientSecret: '' },
    marketplace: { clientId: '', clientSecret: '', refreshToken: '' },
  });
  const ops = readOperationsConfig(process.env);
  // The SDK and exporter load only when tracing is on: a subgraph process starts faster without them.
  const tracing = ops.otlpEndpoint
    ? (await import('./observability/tracing.ts')).initTracing({
        serviceName: `retail360-subgraph-${name}`,
        otlpEndpoint: ops.otlpEndpoint,
      })
    : undefined;
  const systems = createSystems(config, { onAttempt: recordAttempt });
  observeCircuits(systems);
  const store = createStore(config);
  observeCacheLookups(store, recordCacheLookup);
  scaleCachePolicy(store, config.cacheTtlScale);
  const server = await startSubgraphServer(factory({ systems, store }, readSubgraphSettings(process.env)), {
    port: Number(portArg),
    host: ops.subgraphHost,
    defaultDeadlineMs: config.requestDeadlineMs,
    signing: readSigningConfig(process.env, DEV_SIGNING_SECRET),
    configure: (app) => {
      app.get('/metrics', async (_request, reply) => reply.header('content-type', registry.contentType).send(await registry.metrics()));
    },
  });
  process.send?.({ url: server.url });
  let stopping = false;
  const stop = () => {
    if (stopping) return;
    stopping = true;
    // Whatever hangs or fails while closing, the process still ends (the parent waits for it).
    setTimeout(() => process.exit(0), 5000).unref();
    void server
      .close()
      .then(() => closeStore(store))
      // Flush the last spans before exiting.
      .then(() => tracing?.shutdown())
      .catch(() => undefined)
      .finally(() => process.exit(0));
  };
  // `on`, not `once`: a library's signal-exit hook re-raises the signal when it is the last listener left.
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
  process.once('disconnect', stop);
} catch (err) {
  process.send?.({ error: (err as Error).message });
  process.exitCode = 1;
}
