import { ANONYMOUS, type Caller } from '../../../subgraphs/runtime/src/index.ts';
import { looksLikeApiKey, type ApiKeyStore } from './ApiKeyStore.ts';
import { ROLE_SCOPES } from './roles.ts';
import { TokenRejected, type StaffTokens } from './StaffTokens.ts';

/** HTTP headers a credential travels in. */
export const API_KEY_HEADER = 'x-api-key';
export const AUTHORIZATION_HEADER = 'authorization';

/** A credential was sent and is not good: the request is refused with 401, never downgraded to anonymous. */
export class AuthenticationError extends Error {}

export interface Authenticator {
  authenticate(headers: Record<string, string | string[] | undefined>): Promise<Caller>;
}

/**
 * Staff send `Authorization: Bearer <JWT>`; chatbots and partners send `x-api-key: <key>`
 * (or the key as the bearer token). No credential at all is the anonymous caller.
 */
export function createAuthenticator(keys: ApiKeyStore, tokens: StaffTokens): Authenticator {
  return {
    async authenticate(headers) {
      const authorization = single(headers[AUTHORIZATION_HEADER]);
      const apiKey = single(headers[API_KEY_HEADER]);
      if (authorization === undefined && apiKey === undefined) return ANONYMOUS;
      if (authorization !== undefined && apiKey !== undefined)
        throw new AuthenticationError('send one credential: Authorization or x-api-key, not both');
      let credential = apiKey;
      if (authorization !== undefined) {
        const m = /^Bearer\s+(\S+)\s*$/i.exec(authorization);
        if (!m) throw new AuthenticationError('Authorization must be "Bearer <token>"');
        credential = m[1]!;
      }
      if (looksLikeApiKey(credential!)) return fromKey(keys, credential!);
      if (apiKey !== undefined) throw new AuthenticationError('malformed API key');
      return fromToken(tokens, credential!);
    },
  };
}

async function fromKey(keys: ApiKeyStore, key: string): Promise<Caller> {
  const verdict = await keys.verify(key);
  if (!verdict.ok) throw new AuthenticationError(verdict.reason);
  const { record } = verdict;
  return {
    role: record.role,
    subject: `key:${record.keyId}`,
    scopes: ROLE_SCOPES[record.role],
    keyId: record.keyId,
    ...(record.channel && { channel: record.channel }),
  };
}

async function fromToken(tokens: StaffTokens, token: string): Promise<Caller> {
  try {
    const claims = await tokens.verify(token);
    const granted = ROLE_SCOPES[claims.role];
    // A token's scope claim can only narrow its role's scopes, never add to them.
    const scopes = claims.scopes ? granted.filter((s) => claims.scopes!.includes(s)) : granted;
    return { role: claims.role, subject: claims.subject, scopes, ...(claims.store && { store: claims.store }) };
  } catch (err) {
    if (err instanceof TokenRejected) throw new AuthenticationError(err.message);
    throw err;
  }
}

function single(value: string | string[] | undefined): string | undefined {
  if (Array.isArray(value)) return value.length === 1 ? value[0] : value.join(',');
  return value === undefined || value === '' ? undefined : value;
}
