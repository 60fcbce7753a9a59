import { ApolloGateway, RemoteGraphQLDataSource } from '@apollo/gateway';
import { ApolloServer } from '@apollo/server';
import { startStandaloneServer } from '@apollo/server/standalone';
import { subgraphHeaders } from './signedFetch.ts';
import { failStart, serveStats } from './statsServer.ts';
import { startSubgraphServers } from './subgraphServers.ts';
import { simulatorUrls } from './systemsEnv.ts';

/**
 * Peer: a plain @apollo/gateway + @apollo/server as their docs set them up, with the default
 * RemoteGraphQLDataSource (make-fetch-happen) over retail360's distributed subgraph servers.
 * Additions: the request signature those servers demand, and loading the SECURITY-purpose
 * links as metadata (this gateway rejects them otherwise).
 */
try {
  const subgraphs = await startSubgraphServers(simulatorUrls(process.env));
  const gateway = new ApolloGateway({
    // @apollo/gateway refuses links `for: SECURITY` (@authenticated, @requiresScopes) it cannot
    // enforce; as retail360's own gateway does, load them as plain metadata.
    supergraphSdl: subgraphs.supergraphSdl.replace(/,\s*for:\s*SECURITY\s*\)/g, ')'),
    buildService({ url }) {
      const source = new RemoteGraphQLDataSource({ url });
      const fetcher = source.fetcher;
      source.fetcher = (input, init) =>
        fetcher(input, {
          ...init,
          headers: { ...(init?.headers as Record<string, string>), ...subgraphHeaders(String(init?.body ?? '')) },
        });
      return source;
    },
  });
  const server = new ApolloServer({ gateway });
  const { url } = await startStandaloneServer(server, { listen: { port: 0, host: '127.0.0.1' } });
  serveStats({ url: url.replace(/\/$/, '') + '/' }, async () => {
    await server.stop();
    await subgraphs.close();
  });
} catch (err) {
  failStart(err);
}
