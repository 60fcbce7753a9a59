import { ApolloGateway } from '@apollo/gateway';
import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import Fastify, { type FastifyInstance } from 'fastify';
import type { CacheStore } from '../../adapters/core/src/index.ts';
import {
  DEV_SIGNING_SECRET,
  mountGraphQL,
  StaleReads,
  systemsHealth,
  type SigningConfig,
  type SubgraphDefinition,
  type Systems,
} from '../../subgraphs/runtime/src/index.ts';
import { callerOf, installAuth, supergraphForPlanner, withFieldAuthorization, type GatewayAuth } from './auth/index.ts';
import type { GatewayContext } from './context.ts';
import { EmbeddedDataSource } from './EmbeddedDataSource.ts';
import { mountConsole } from './console.ts';
import { mountIde } from './ide.ts';
import type { Lifecycle } from './lifecycle.ts';
import { instrumentHttp, observabilityPlugin } from './observability/instrument.ts';
import { createLogger, type Logger } from './observability/logger.ts';
import { safeRequestId } from './plugins/httpGuards.ts';
import { createSecurity } from './plugins/security.ts';
import { readSecurityConfig, type SecurityConfig } from './plugins/securityConfig.ts';
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
  /** Who may call and see what (gateway/src/auth): required, there is no unauthenticated gateway. */
  auth: GatewayAuth;
  /** Request headers the IDE starts with (the demo agent's credential in development). @default none */
  ideHeaders?: Record<string, string>;
  /** Limits, rate limits, audit destination (gateway/src/plugins). @default the defaults of `readSecurityConfig` */
  security?: SecurityConfig;
  /** keyv store for rate-limit buckets (Redis when REDIS_URL is set). @default in memory */
  store?: CacheStore;
  /** Secret that signs every subgraph request (distributed mode). @default the dev secret */
  signing?: SigningConfig;
  /** Request log lines (JSON). @default silent */
  logger?: Logger;
  /** Graceful shutdown: counts in-flight requests, `/ready` 503 while draining. @default none */
  lifecycle?: Lifecycle;
}

export interface Gateway {
  app: FastifyInstance;
  listen(port: number, host?: string): Promise<string>;
  close(): Promise<void>;
}

export async function createGateway(options: CreateGatewayOptions): Promise<Gateway> {
  const embedded = new Map((options.subgraphs ?? []).map((s) => [s.name, s]));
  const security = createSecurity({
    config: options.security ?? readSecurityConfig({}, 'embedded'),
    supergraphSdl: options.supergraphSdl,
    ...(options.store && { store: options.store }),
  });
  const signingSecret = options.signing?.secret ?? DEV_SIGNING_SECRET;
  const gateway = new ApolloGateway({
    // Its security directives are enforced by withFieldAuthorization below.
    supergraphSdl: supergraphForPlanner(options.supergraphSdl),
    buildService({ name, url }) {
      const local = embedded.get(name);
      if (local) return new EmbeddedDataSource(local);
      return new RemoteDataSource({ url: options.subgraphUrls?.[name] ?? url, signingSecret });
    },
  });
  const server = new ApolloServer<GatewayContext>({
    gateway: withFieldAuthorization(gateway, options.auth.policy),
    persistedQueries: { cache: options.auth.safelist.apqCache() },
    includeStacktraceInErrorResponses: false,
    ...security.apollo,
    csrfPrevention: true,
    plugins: [
      observabilityPlugin(),
      ...security.plugins.first,
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
      ...security.plugins.last,
    ],
  });
  await server.start();

  const app = Fastify({ logger: false, forceCloseConnections: true, bodyLimit: security.bodyLimitBytes });
  // First, so requests refused by later hooks (limits, auth) are still counted and logged.
  options.lifecycle?.attach(app);
  instrumentHttp(app, { logger: options.logger ?? createLogger({ level: 'silent' }) });
  security.install(app, '/graphql');
  const deadlineMs = options.requestDeadlineMs ?? 5000;
  installAuth(app, {
    authenticator: options.auth.authenticator,
    safelist: options.auth.safelist,
    safelistStaff: options.auth.config.safelistStaff,
  });
  security.installRateLimit(app, '/graphql', callerOf);
  mountGraphQL(app, '/graphql', server, async (request) => ({
    call: {
      requestId: safeRequestId(request.headers['x-request-id']),
      deadline: Date.now() + deadlineMs,
    },
    memo: new Map(),
    stale: new StaleReads(),
    caller: callerOf(request),
    clientIp: request.ip,
  }));
  app.get('/health', async () => ({ status: 'ok' }));
  app.get('/ready', async (_request, reply) => {
    const systems = options.systems ? systemsHealth(options.systems) : {};
    return reply.send({ ready: true, systems });
  });
  mountConsole(app, { auth: options.auth });
  mountIde(app, {
    graphqlPath: '/graphql',
    defaultQuery: options.exampleQuery ?? '{ __typename }',
    ...(options.ideHeaders && { headersHint: JSON.stringify(options.ideHeaders, null, 2) }),
  });

  return {
    app,
    listen: (port, host = '0.0.0.0') => app.listen({ port, host }),
    async close() {
      await app.close();
      await server.stop();
      security.close();
    },
  };
}
