import { GraphQLError, responsePathAsArray, type GraphQLResolveInfo } from 'graphql';
import { AdapterError } from '../../../adapters/core/src/index.ts';

/**
 * An upstream failure as the client sees it: a message that names the system, and
 * `extensions: { code, system, subgraph }`. Never a URL, a credential or a stack trace.
 */
export function upstreamError(error: AdapterError, subgraph: string, path?: readonly (string | number)[]): GraphQLError {
  return new GraphQLError(`${error.system} unavailable: ${error.message}`, {
    ...(path && { path }),
    extensions: {
      code: error.code,
      system: error.system,
      subgraph,
      ...(error.retryAfterMs !== undefined && { retryAfterMs: error.retryAfterMs }),
    },
  });
}

/**
 * Errors that do not fail a field: a list field (orders, customers) answers with what the
 * systems that are up returned, and records here what is missing. They are appended to the
 * subgraph's response `errors`, with the field's path.
 */
export class PartialFailures {
  readonly errors: GraphQLError[] = [];
  private readonly seen = new Set<string>();

  constructor(private readonly subgraph: string) {}

  report(error: AdapterError, info: GraphQLResolveInfo): void {
    const path = responsePathAsArray(info.path);
    const key = `${path.join('.')}|${error.system}`;
    if (this.seen.has(key)) return;
    this.seen.add(key);
    this.errors.push(upstreamError(error, this.subgraph, path));
  }
}

type AnyResolver = (parent: unknown, args: unknown, ctx: unknown, info: GraphQLResolveInfo) => unknown;

/**
 * Wraps every resolver so that an AdapterError thrown anywhere becomes the client-facing
 * GraphQL error above. Anything else is an internal error whose details stay in the logs.
 */
export function withUpstreamErrors<T extends object>(resolvers: T, subgraph: string): T {
  const wrapped: Record<string, unknown> = {};
  for (const [typeName, fields] of Object.entries(resolvers)) {
    if (!fields || typeof fields !== 'object') {
      wrapped[typeName] = fields;
      continue;
    }
    const out: Record<string, unknown> = {};
    for (const [field, fn] of Object.entries(fields as Record<string, unknown>)) {
      out[field] = typeof fn === 'function' ? wrapOne(fn as AnyResolver, subgraph) : fn;
    }
    wrapped[typeName] = out;
  }
  return wrapped as T;
}

function wrapOne(fn: AnyResolver, subgraph: string): AnyResolver {
  return async (parent, args, ctx, info) => {
    try {
      return await fn(parent, args, ctx, info);
    } catch (err) {
      if (err instanceof AdapterError) throw upstreamError(err, subgraph);
      throw err;
    }
  };
}

/** A client mistake (bad argument), reported as BAD_USER_INPUT. */
export function badUserInput(message: string): GraphQLError {
  return new GraphQLError(message, { extensions: { code: 'BAD_USER_INPUT' } });
}
