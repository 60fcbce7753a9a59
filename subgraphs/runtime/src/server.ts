import { ApolloServer } from '@apollo/server';
import Fastify, { type FastifyInstance } from 'fastify';
import type { CallContext } from '../../../adapters/core/src/index.ts';
import { StaleReads } from './staleReads.ts';
import { CALLER_HEADER, decodeCaller } from './caller.ts';
import type { SubgraphContext, SubgraphDefinition } from './context.ts';
import { mountGraphQL } from './http.ts';
import { traceRequests } from './tracing.ts';
import type { SigningOptions } from './signing.ts';
import { requireGatewaySignature } from './verification.ts';

export interface SubgraphServerOptions {
  /** Adds routes or hooks before the GraphQL route (the process's `/metrics`). @default none */
  configure?: (app: FastifyInstance) => void;
  /** @default 0 (any free port) */
  port?: number;
  /** @default "127.0.0.1" */
  host?: string;
  /** Budget when the gateway sends none, in ms. @default 5000 */
  defaultDeadlineMs?: number;
  /** Gateway signature check; every GraphQL request must carry one. @default the dev secret, 60 s window */
  signing?: SigningOptions;
}

/** Header with the request's remaining budget in ms (relative, so clock skew does not matter). */
export const DEADLINE_HEADER = 'x-retail360-budget-ms';

/**
 * One subgraph on its own HTTP server (distributed mode). Upstream failures that only cost
 * part of a list are appended to the response errors, as in embedded mode.
 */
export async function startSubgraphServer<C extends SubgraphContext>(
  def: SubgraphDefinition<C>,
  options: SubgraphServerOptions = {},
): Promise<{ url: string; close(): Promise<void> }> {
  const server = new ApolloServer<C>({
    schema: def.schema,
    includeStacktraceInErrorResponses: false,
    csrfPrevention: true,
    plugins: [
      {
        async requestDidStart() {
          return {
            async willSendResponse({ contextValue, response }) {
              if (response.body.kind !== 'single') return;
              const result = response.body.singleResult;
              if (contextValue.partial.errors.length > 0) {
                result.errors = [...(result.errors ?? []), ...contextValue.partial.errors.map((e) => e.toJSON())];
              }
              if (contextValue.stale.size > 0) result.extensions = { ...result.extensions, stale: contextValue.stale.toJSON() };
            },
          };
        },
      },
    ],
  });
  await server.start();
  const app = Fastify({ logger: false, forceCloseConnections: true });
  traceRequests(app);
  options.configure?.(app);
  requireGatewaySignature(app, '/graphql', options.signing);
  app.get('/health', async () => ({ status: 'ok' }));
  mountGraphQL(app, '/graphql', server, async (request) => {
    const budget = Number(request.headers[DEADLINE_HEADER]);
    const call: CallContext = {
      requestId: String(request.headers['x-request-id'] ?? crypto.randomUUID()),
      deadline: Date.now() + (Number.isFinite(budget) && budget > 0 ? budget : (options.defaultDeadlineMs ?? 5000)),
    };
    return def.createContext({ call, memo: new Map(), stale: new StaleReads(), caller: decodeCaller(request.headers[CALLER_HEADER]) });
  });
  const address = await app.listen({ port: options.port ?? 0, host: options.host ?? '127.0.0.1' });
  return {
    url: `${address}/graphql`,
    async close() {
      await app.close();
      await server.stop();
    },
  };
}
