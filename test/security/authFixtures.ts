import { SignJWT } from 'jose';
import { DEV_JWT_SECRET, PersistedOperations } from '../../gateway/src/auth/index.ts';
import type { GraphQLResult } from '../helpers/stack.ts';

/** Helpers shared by the access-control probes (not a test file). */
export const manifest = PersistedOperations.load();

export function persistedId(name: string): string {
  const op = manifest.byName(name);
  if (!op) throw new Error(`no persisted operation ${name}`);
  return op.id;
}

/** POSTs any JSON body (persisted-query requests have no `query`). */
export async function post<T = Record<string, unknown>>(
  url: string,
  body: unknown,
  headers: Record<string, string> = {},
): Promise<GraphQLResult<T>> {
  const started = performance.now();
  const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });
  return { status: res.status, body: (await res.json()) as GraphQLResult<T>['body'], ms: performance.now() - started };
}

/** Runs a manifest operation by id, as Apollo clients send it. */
export function runPersisted<T = Record<string, unknown>>(
  url: string,
  name: string,
  variables: Record<string, unknown>,
  headers: Record<string, string>,
) {
  return post<T>(url, { variables, extensions: { persistedQuery: { version: 1, sha256Hash: persistedId(name) } } }, headers);
}

export interface TokenOptions {
  role?: string;
  sub?: string;
  store?: string;
  scope?: string;
  issuer?: string;
  audience?: string;
  secret?: string;
  /** Seconds from now; negative for an expired token. @default 600 */
  expiresIn?: number;
}

/** A staff token as the identity provider would issue it (the dev secret unless told otherwise). */
export async function staffToken(o: TokenOptions = {}): Promise<Record<string, string>> {
  const now = Math.floor(Date.now() / 1000);
  const jwt = await new SignJWT({
    role: o.role ?? 'agent',
    ...(o.store && { store: o.store }),
    ...(o.scope !== undefined && { scope: o.scope }),
  })
    .setProtectedHeader({ alg: 'HS256' })
    .setSubject(o.sub ?? 'probe-user')
    .setIssuer(o.issuer ?? 'retail360-dev')
    .setAudience(o.audience ?? 'retail360')
    .setIssuedAt(now - 60)
    .setExpirationTime(now + (o.expiresIn ?? 600))
    .sign(new TextEncoder().encode(o.secret ?? DEV_JWT_SECRET));
  return { authorization: `Bearer ${jwt}` };
}

export function codes(res: GraphQLResult): string[] {
  return (res.body.errors ?? []).map((e) => String(e.extensions?.code));
}
