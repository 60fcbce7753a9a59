import type { FastifyError, FastifyInstance } from 'fastify';
import { refusalBody } from './errors.ts';

export interface HttpGuardsOptions {
  /** The GraphQL route. */
  path: string;
  /** Largest request body, in bytes (fastify's `bodyLimit` must be set to the same). */
  bodyLimitBytes: number;
  /** Operations allowed in one batched request. */
  maxBatch: number;
}

/**
 * Guards that act on the HTTP request before Apollo Server sees it: an oversized body is a 413
 * with a GraphQL error (not fastify's own body), a batch of too many operations a 400, and any
 * other transport error a GraphQL error without internals.
 */
export function installHttpGuards(app: FastifyInstance, options: HttpGuardsOptions): void {
  app.setErrorHandler((error: FastifyError, _request, reply) => {
    const status = error.statusCode && error.statusCode >= 400 && error.statusCode < 600 ? error.statusCode : 500;
    reply.header('content-type', 'application/json');
    if (error.code === 'FST_ERR_CTP_BODY_TOO_LARGE' || status === 413) {
      return reply.code(413).send(
        refusalBody('PAYLOAD_TOO_LARGE', `Request body exceeds the limit of ${options.bodyLimitBytes} bytes.`, {
          limit: options.bodyLimitBytes,
        }),
      );
    }
    if (status === 415) return reply.code(415).send(refusalBody('UNSUPPORTED_MEDIA_TYPE', 'Send GraphQL requests as application/json.'));
    if (status < 500)
      return reply.code(status).send(refusalBody('BAD_REQUEST', 'The request could not be read (malformed body or headers).'));
    return reply.code(500).send(refusalBody('INTERNAL_SERVER_ERROR', 'Internal server error.'));
  });
  app.addHook('preHandler', async (request, reply) => {
    if (request.routeOptions.url !== options.path || !Array.isArray(request.body)) return;
    if (request.body.length > options.maxBatch) {
      return reply
        .code(400)
        .header('content-type', 'application/json')
        .send(
          refusalBody('BATCH_TOO_LARGE', `A batch may hold at most ${options.maxBatch} operations; this one has ${request.body.length}.`, {
            limit: options.maxBatch,
          }),
        );
    }
  });
}

const REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/**
 * The request id a client may supply is echoed to every legacy system as a header and into the
 * logs, so only a short token of safe characters is taken; anything else gets a fresh id.
 */
export function safeRequestId(header: string | string[] | undefined): string {
  return typeof header === 'string' && REQUEST_ID.test(header) ? header : crypto.randomUUID();
}
