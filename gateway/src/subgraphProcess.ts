import { createSystems, readSystemsConfig, startSubgraphServer } from '../../subgraphs/runtime/src/index.ts';
import { createStore } from './store.ts';
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
  const systems = createSystems(config);
  const server = await startSubgraphServer(factory({ systems, store: createStore(config) }), {
    port: Number(portArg),
    defaultDeadlineMs: config.requestDeadlineMs,
  });
  process.send?.({ url: server.url });
  const stop = () => void server.close().then(() => process.exit(0));
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
  process.once('disconnect', stop);
} catch (err) {
  process.send?.({ error: (err as Error).message });
  process.exitCode = 1;
}
