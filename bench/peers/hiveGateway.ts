import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createGatewayRuntime } from '@graphql-hive/gateway';
import { subgraphHeaders } from './signedFetch.ts';
import { failStart, serveStats } from './statsServer.ts';
import { startSubgraphServers } from './subgraphServers.ts';
import { simulatorUrls } from './systemsEnv.ts';

/**
 * Peer: Hive Gateway's programmatic runtime with its default settings over the same supergraph
 * and retail360's distributed subgraph servers. The one plugin adds the request signature
 * those servers demand; logging is limited to errors so the console stays readable.
 */
try {
  const subgraphs = await startSubgraphServers(simulatorUrls(process.env));
  const gateway = createGatewayRuntime({
    supergraph: subgraphs.supergraphSdl,
    logging: 'error',
    plugins: () => [
      {
        onFetch({ options, setOptions }) {
          const body = typeof options.body === 'string' ? options.body : '';
          setOptions({ ...options, headers: { ...(options.headers as Record<string, string>), ...subgraphHeaders(body) } });
        },
      },
    ],
  });
  const server = createServer(gateway);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  serveStats({ url: `http://127.0.0.1:${port}/graphql` }, async () => {
    await new Promise<void>((resolve) => server.close(() => resolve()));
    await gateway.dispose();
    await subgraphs.close();
  });
} catch (err) {
  failStart(err);
}
