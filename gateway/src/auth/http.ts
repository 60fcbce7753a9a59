import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { ANONYMOUS, type Caller } from '../../../subgraphs/runtime/src/index.ts';
import { AuthenticationError, type Authenticator } from './authenticate.ts';
import { SAFELISTED_ROLES } from './roles.ts';
import { operationId, type PersistedOperations } from './safelist.ts';

export interface InstallAuthOptions {
  authenticator: Authenticator;
  safelist: PersistedOperations;
  /** Staff too may run only persisted operations. @default false */
  safelistStaff?: boolean;
  /** @default "/graphql" */
  graphqlPath?: string;
}

const callers = new WeakMap<FastifyRequest, Caller>();

/** The caller established for this HTTP request (anonymous when it sent no credential). */
export function callerOf(request: FastifyRequest): Caller {
  return callers.get(request) ?? ANONYMOUS;
}

/**
 * Authenticates every GraphQL request before Apollo sees it, and holds safelisted callers
 * (chatbots, partners; staff with SAFELIST_STAFF) to the persisted operations, by id.
 * A bad credential is a 401, an operation outside the safelist a 403.
 */
export function installAuth(app: FastifyInstance, options: InstallAuthOptions): void {
  const path = options.graphqlPath ?? '/graphql';
  app.addHook('preHandler', async (request, reply) => {
    if (request.routeOptions.url !== path) return;
    let caller: Caller;
    try {
      caller = await options.authenticator.authenticate(request.headers);
    } catch (err) {
      if (!(err instanceof AuthenticationError)) throw err;
      reply.header('www-authenticate', `Bearer error="invalid_token", error_description="${err.message.replace(/"/g, "'")}"`);
      return refuse(reply, 401, 'UNAUTHENTICATED', `Unauthenticated: ${err.message}`);
    }
    callers.set(request, caller);
    const safelisted = SAFELISTED_ROLES.has(caller.role) || (options.safelistStaff === true && caller.role !== 'anonymous');
    if (!safelisted) return;
    const problem = request.method === 'GET' ? checkGet(request, options.safelist) : checkPost(request, options.safelist);
    if (problem) return refuse(reply, 403, problem.code, problem.message);
  });
}

interface Problem {
  code: 'PERSISTED_QUERY_REQUIRED' | 'OPERATION_NOT_SAFELISTED';
  message: string;
}

const REQUIRED: Problem = {
  code: 'PERSISTED_QUERY_REQUIRED',
  message:
    'This key may run only persisted operations: send extensions.persistedQuery.sha256Hash (or "id") of an operation in schema/persisted-operations.json',
};

function checkPost(request: FastifyRequest, safelist: PersistedOperations): Problem | undefined {
  const bodies = Array.isArray(request.body) ? request.body : [request.body];
  for (const body of bodies as Record<string, unknown>[]) {
    if (!body || typeof body !== 'object') return REQUIRED;
    // A documented shorthand: `{ "id": "<sha256>" }` is the persisted query of that id.
    if (typeof body.id === 'string' && body.extensions === undefined) {
      body.extensions = { persistedQuery: { version: 1, sha256Hash: body.id } };
      delete body.id;
    }
    const problem = checkOne(body.extensions, body.query, safelist);
    if (problem) return problem;
  }
  return undefined;
}

function checkGet(request: FastifyRequest, safelist: PersistedOperations): Problem | undefined {
  const q = request.query as Record<string, unknown>;
  let extensions: unknown;
  try {
    extensions = typeof q.extensions === 'string' ? JSON.parse(q.extensions) : undefined;
  } catch {
    return REQUIRED;
  }
  return checkOne(extensions, q.query, safelist);
}

function checkOne(extensions: unknown, query: unknown, safelist: PersistedOperations): Problem | undefined {
  const hash = (extensions as { persistedQuery?: { sha256Hash?: unknown } } | undefined)?.persistedQuery?.sha256Hash;
  if (typeof hash !== 'string') return REQUIRED;
  if (!safelist.get(hash))
    return { code: 'OPERATION_NOT_SAFELISTED', message: `Operation ${hash.slice(0, 12)}… is not in the persisted-operations manifest` };
  if (typeof query === 'string' && operationId(query) !== hash)
    return { code: 'OPERATION_NOT_SAFELISTED', message: 'The query text does not match its persisted-operation id' };
  return undefined;
}

function refuse(reply: FastifyReply, status: number, code: string, message: string): FastifyReply {
  return reply
    .code(status)
    .type('application/json')
    .send(JSON.stringify({ errors: [{ message, extensions: { code } }] }));
}
