import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import type { ErrorRenderer } from '../../kit/src/index.ts';
import type { SquareError } from './wire.ts';

/**
 * Square answers every failure with `{"errors":[{category, code, detail, field?}]}`; the HTTP
 * status picks the category and a generic code when the handler did not name one.
 */
const BY_STATUS: Record<number, Pick<SquareError, 'category' | 'code'>> = {
  400: { category: 'INVALID_REQUEST_ERROR', code: 'BAD_REQUEST' },
  401: { category: 'AUTHENTICATION_ERROR', code: 'UNAUTHORIZED' },
  403: { category: 'AUTHENTICATION_ERROR', code: 'FORBIDDEN' },
  404: { category: 'INVALID_REQUEST_ERROR', code: 'NOT_FOUND' },
  413: { category: 'INVALID_REQUEST_ERROR', code: 'REQUEST_ENTITY_TOO_LARGE' },
  429: { category: 'RATE_LIMIT_ERROR', code: 'RATE_LIMITED' },
  500: { category: 'API_ERROR', code: 'INTERNAL_SERVER_ERROR' },
  502: { category: 'API_ERROR', code: 'BAD_GATEWAY' },
  503: { category: 'API_ERROR', code: 'SERVICE_UNAVAILABLE' },
  504: { category: 'API_ERROR', code: 'GATEWAY_TIMEOUT' },
};

export function squareErrorFor(status: number, detail: string): SquareError {
  const known = BY_STATUS[status] ?? (status >= 500 ? BY_STATUS[500] : BY_STATUS[400]);
  return { ...(known as Pick<SquareError, 'category' | 'code'>), detail };
}

/** The kit's renderer: injected faults, unknown routes and thrown errors in Square's shape. */
export const renderSquareError: ErrorRenderer = (status, message) => ({
  contentType: 'application/json',
  body: JSON.stringify({ errors: [squareErrorFor(status, message)] }),
});

/** Thrown by handlers and validators; the POS scope's error handler renders it as is. */
export class SquareRequestError extends Error {
  constructor(
    readonly status: number,
    readonly errors: SquareError[],
  ) {
    super(errors[0]?.detail ?? `Square error ${status}`);
    this.name = 'SquareRequestError';
  }
}

export function invalidRequest(code: string, detail: string, field?: string): SquareRequestError {
  return new SquareRequestError(400, [{ category: 'INVALID_REQUEST_ERROR', code, detail, ...(field && { field }) }]);
}

export function notFound(detail: string): SquareRequestError {
  return new SquareRequestError(404, [{ category: 'INVALID_REQUEST_ERROR', code: 'NOT_FOUND', detail }]);
}

export function unauthorized(detail: string): SquareRequestError {
  return new SquareRequestError(401, [{ category: 'AUTHENTICATION_ERROR', code: 'UNAUTHORIZED', detail }]);
}

/**
 * Error handler for the POS routes. Body-parser failures get Square's request-error codes
 * (the kit's generic handler only knows a status and a message).
 */
export function handleSquareError(error: FastifyError | SquareRequestError, _request: FastifyRequest, reply: FastifyReply) {
  if (error instanceof SquareRequestError) {
    return reply.code(error.status).type('application/json').send({ errors: error.errors });
  }
  const fastifyCode = (error as FastifyError).code;
  if (fastifyCode === 'FST_ERR_CTP_INVALID_MEDIA_TYPE') {
    return send(reply, 400, {
      category: 'INVALID_REQUEST_ERROR',
      code: 'INVALID_CONTENT_TYPE',
      detail: 'Request bodies must be application/json.',
    });
  }
  if (fastifyCode === 'FST_ERR_CTP_BODY_TOO_LARGE') {
    return send(reply, 413, squareErrorFor(413, 'The request body is too large.'));
  }
  const status = (error as FastifyError).statusCode ?? 500;
  if (status === 400) {
    // Invalid JSON, empty JSON body, prototype-poisoning keys: all "not a JSON object we accept".
    return send(reply, 400, {
      category: 'INVALID_REQUEST_ERROR',
      code: 'EXPECTED_JSON_BODY',
      detail: 'The request body is not valid JSON.',
    });
  }
  return send(
    reply,
    status >= 400 ? status : 500,
    squareErrorFor(status >= 400 ? status : 500, status >= 500 || status < 400 ? 'Internal error' : error.message),
  );
}

function send(reply: FastifyReply, status: number, error: SquareError) {
  return reply
    .code(status)
    .type('application/json')
    .send({ errors: [error] });
}
