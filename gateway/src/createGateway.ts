import { ApolloGateway } from '@apollo/gateway';
import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import Fastify, { type FastifyInstance } from 'fastify';
import { mountGraphQL, StaleReads, systemsHealth, type SubgraphDefinition, type Systems } from '../../subgraphs/runtime/src/index.ts';
import type { GatewayContext } from './context.ts';
import { EmbeddedDataSource } from './EmbeddedDataSource.ts';
import { mountIde } from './ide.ts';
import { RemoteDataSource } from './RemoteDataSource.ts';

export interface CreateGatewayOptions {
  supergraphSdl: string;
  /** Embedded: every subgraph in-process. Distributed: leave empty and the supergraph's URLs are used. */
  subgraphs?: readonly SubgraphDefinition[];
  /** Overrides the supergraph's routing URLs, by subgraph name (distributed mode). @default the supergraph's */
  subgraphUrls?: Record<string, string>;
  /** Adapters of this process, for `/ready`. @default none (readiness only says the gateway is up) */
  systems?: Systems;
  /** Overall budget of one request, in ms. @default 5000 */
  requestDeadlineMs?: number;
  /** Query shown in the IDE when it opens. @default a placeholder */
  exampleQuery?: string;
}

export interface Gateway {
  app: FastifyInstance;
  listen(port: number, host?: string): Promise<string>;
  close(): Promise<void>;
}

export async function createGateway(options: CreateGatewayOptions): Promise<Gateway> {
  const embedded = new Map((options.subgraphs ?? []).map((s) => [s.name, s]));
  const gateway = new ApolloGateway({
    supergraphSdl: options.supergraphSdl,
    buildService({ name, url }) {
      const local = embedded.get(name);
      if (local) return new EmbeddedDataSource(local);
      return new RemoteDataSource({ url: options.subgraphUrls?.[name] ?? url });
    },
  });
  const server = new ApolloServer<GatewayContext>({
    gateway,
    includeStacktraceInErrorResponses: false,
    csrfPrevention: true,
    plugins: [
      ApolloServerPluginLandingPageDisabled(),
      {
        async requestDidStart() {
          return {
            async willSendResponse({ contextValue, response }) {
              if (response.body.kind !== 'single' || contextValue.stale.size === 0) return;
              const result = response.body.singleResult;
              result.extensions = { ...result.extensions, stale: contextValue.stale.toJSON() };
            },
          };
        },
      },
    ],
  });
  await server.start();

  const app = Fastify({ logger: false, forceCloseConnections: true, bodyLimit: 1024 * 1024 });
  const deadlineMs = options.requestDeadlineMs ?? 5000;
  mountGraphQL(app, '/graphql', server, async (request) => ({
    call: {
      requestId: String(request.headers['x-request-id'] ?? request.id ?? crypto.randomUUID()),
      deadline: Date.now() + deadlineMs,
    },
    memo: new Map(),
    stale: new StaleReads(),
  }));
  app.get('/health', async () => ({ status: 'ok' }));
  app.get('/ready', async (_request, reply) => {
    const systems = options.systems ? systemsHealth(options.systems) : {};
    return reply.send({ ready: true, systems });
  });
  mountIde(app, { graphqlPath: '/graphql', defaultQuery: options.exampleQuery ?? '{ __typename }' });

  return {
    app,
    listen: (port, host = '0.0.0.0') => app.listen({ port, host }),
    async close() {
      await app.close();
      await server.stop();
    },
  };
}
