import type { ApolloServerPlugin, BaseContext } from '@apollo/server';
import type { GraphQLFormattedError } from 'graphql';
import { callerOf, isAdmin } from './caller.ts';

/** Extension keys a non-admin may see; everything else (stack traces, service internals) is dropped. */
const ALLOWED_EXTENSIONS = new Set([
  'code',
  'system',
  'subgraph',
  'field',
  'retryAfterMs',
  'retryAfterSeconds',
  'limit',
  'cost',
  'depth',
  'aliases',
  'directives',
  'role',
  'reason',
  'stale',
]);

const REDACTED = '[redacted]';
const PATTERNS: RegExp[] = [
  /\b[a-z][a-z0-9+.-]*:\/\/[^\s'"<>]+/gi, // URLs of any scheme
  /\b(?:\d{1,3}\.){3}\d{1,3}(?::\d+)?\b/g, // IPv4 with or without port
  /\blocalhost(?::\d+)?\b/gi,
  /\[[0-9a-f:]+\](?::\d+)?/gi, // IPv6 literals
  /\b(?:bearer|basic)\s+[A-Za-z0-9._~+/=-]+/gi,
  /\b(?:password|passwd|secret|token|api[_-]?key|client[_-]?secret|authorization)\s*[=:]\s*\S+/gi,
  /[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}/g, // email addresses
  /\+?\d[\d ()-]{7,}\d/g, // phone and card numbers
];

/** Removes what a client other than an admin must never read in an error message. */
export function scrubMessage(message: string): string {
  let out = message.split(/\r?\n\s+at\s/)[0] ?? ''; // stack trace appended to a message
  for (const p of PATTERNS) out = out.replace(p, REDACTED);
  out = out.replace(/[\r\n]+/g, ' ');
  return out.length > 300 ? `${out.slice(0, 300)}…` : out;
}

export function scrubError(error: GraphQLFormattedError): GraphQLFormattedError {
  const code = error.extensions?.code;
  const extensions: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(error.extensions ?? {})) if (ALLOWED_EXTENSIONS.has(k)) extensions[k] = v;
  const internal = code === undefined || code === 'INTERNAL_SERVER_ERROR';
  return {
    message: internal ? 'Internal server error.' : scrubMessage(error.message),
    ...(error.locations && { locations: error.locations }),
    ...(error.path && { path: error.path }),
    extensions: internal ? { ...extensions, code: 'INTERNAL_SERVER_ERROR' } : extensions,
  };
}

/**
 * The last check before an answer leaves the gateway: for every caller but admins, error
 * messages lose URLs, addresses, credentials, personal data and stack traces, and extensions
 * keep only documented keys. Runs last, after every other plugin has shaped the errors.
 */
export function errorScrubPlugin(): ApolloServerPlugin<BaseContext> {
  return {
    async requestDidStart({ contextValue }) {
      if (isAdmin(callerOf(contextValue))) return;
      return {
        async willSendResponse({ response }) {
          if (response.body.kind === 'single') {
            const result = response.body.singleResult;
            if (result.errors) result.errors = result.errors.map(scrubError);
            return;
          }
          const initial = response.body.initialResult;
          if (initial.errors) initial.errors = initial.errors.map(scrubError);
        },
      };
    },
  };
}
