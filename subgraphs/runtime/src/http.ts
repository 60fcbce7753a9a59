import { HeaderMap, type ApolloServer, type BaseContext } from '@apollo/server';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';

/**
 * Serves an Apollo Server on a fastify route through Apollo's integration API
 * (`executeHTTPGraphQLRequest`), so the gateway and the distributed subgraphs share one
 * HTTP stack with their health, readiness and IDE routes beside it.
 */
export function mountGraphQL<C extends BaseContext>(
  app: FastifyInstance,
  path: string,
  server: ApolloServer<C>,
  context: (request: FastifyRequest, reply: FastifyReply) => Promise<C>,
): void {
  const handler = async (request: FastifyRequest, reply: FastifyReply) => {
    const headers = new HeaderMap();
    for (const [key, value] of Object.entries(request.headers)) {
      if (value !== undefined) headers.set(key, Array.isArray(value) ? value.join(', ') : value);
    }
    const result = await server.executeHTTPGraphQLRequest({
      httpGraphQLRequest: {
        method: request.method.toUpperCase(),
        headers,
        search: request.url.includes('?') ? request.url.slice(request.url.indexOf('?')) : '',
        body: request.body,
      },
      context: () => context(request, reply),
    });
    for (const [key, value] of result.headers) reply.header(key, value);
    reply.code(result.status ?? 200);
    if (result.body.kind === 'complete') return reply.send(result.body.string);
    const chunks: string[] = [];
    for await (const chunk of result.body.asyncIterator) chunks.push(chunk);
    return reply.send(chunks.join(''));
  };
  app.route({ method: ['GET', 'POST'], url: path, handler });
}
