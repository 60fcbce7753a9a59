import { GraphQLError } from 'graphql';

/**
 * Who is asking, as the gateway established it. Subgraphs trust it only from the gateway:
 * in-process through the request context, over HTTP in the `x-retail360-caller` header that
 * the gateway signs (a direct, unsigned call to a subgraph is refused before it is read).
 */
export type CallerRole = 'anonymous' | 'agent' | 'store' | 'admin' | 'analyst' | 'chatbot' | 'partner';

export interface Caller {
  role: CallerRole;
  /** Stable id for logs and audit: the JWT `sub`, or `key:<keyId>`. */
  subject: string;
  /** Effective scopes (the role's, narrowed by the token's `scope` claim). */
  scopes: readonly string[];
  /** Partner keys: the one marketplace channel (AMAZON, JD) the key is bound to. */
  channel?: string;
  /** Store role: the store code (ST001…) the associate works in. */
  store?: string;
  /** API keys: the key id (never the secret). */
  keyId?: string;
}

export const ANONYMOUS: Caller = Object.freeze({ role: 'anonymous', subject: 'anonymous', scopes: Object.freeze([]) as readonly string[] });

/** Header carrying the caller from the gateway to a distributed subgraph (JSON, signed by the gateway). */
export const CALLER_HEADER = 'x-retail360-caller';

export function encodeCaller(caller: Caller): string {
  return JSON.stringify(caller);
}

const ROLES = new Set<CallerRole>(['anonymous', 'agent', 'store', 'admin', 'analyst', 'chatbot', 'partner']);

/** Anything malformed is anonymous: a caller is never guessed upward. */
export function decodeCaller(header: string | string[] | undefined): Caller {
  if (typeof header !== 'string' || header.length === 0 || header.length > 8192) return ANONYMOUS;
  try {
    const v = JSON.parse(header) as Partial<Caller>;
    if (!v || typeof v !== 'object' || !ROLES.has(v.role as CallerRole) || typeof v.subject !== 'string') return ANONYMOUS;
    const scopes = Array.isArray(v.scopes) ? v.scopes.filter((s): s is string => typeof s === 'string') : [];
    return {
      role: v.role as CallerRole,
      subject: v.subject,
      scopes,
      ...(typeof v.channel === 'string' && { channel: v.channel }),
      ...(typeof v.store === 'string' && { store: v.store }),
      ...(typeof v.keyId === 'string' && { keyId: v.keyId }),
    };
  } catch {
    return ANONYMOUS;
  }
}

/** A refusal the client sees as a null field with `extensions: { code: FORBIDDEN, field }`. */
export function forbidden(field: string, reason: string): GraphQLError {
  return new GraphQLError(`Forbidden: ${field}: ${reason}`, { extensions: { code: 'FORBIDDEN', field } });
}

/**
 * Partners see only their own marketplace's orders. Returns the refusal (to be thrown by the
 * resolver) or null when the caller may read an order of this channel.
 */
export function partnerOrderRefusal(
  caller: Caller,
  order: { channel: string; salesChannel?: string | null },
  field: string,
): GraphQLError | null {
  if (caller.role !== 'partner') return null;
  if (order.channel === 'MARKETPLACE' && caller.channel && order.salesChannel === caller.channel) return null;
  return forbidden(field, `partner key of channel ${caller.channel ?? '(none)'} may read only its own marketplace orders`);
}

/**
 * Store mutations: an associate with role `store` acts only on their own store; staff with
 * `admin` (or agents, who serve every store from the call centre) are not bound to one.
 * Call it first in every mutation resolver that acts on a store's stock, till or tasks.
 */
export function assertStoreAccess(caller: Caller, storeCode: string, field: string): void {
  if (caller.role === 'store' && caller.store !== storeCode) {
    throw forbidden(field, `store role is bound to store ${caller.store ?? '(none)'}, not ${storeCode}`);
  }
}
