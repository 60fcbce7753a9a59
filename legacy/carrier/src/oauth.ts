import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { UPS_ERRORS, errorBody } from './errors.ts';

export interface CarrierCredentials {
  clientId: string;
  clientSecret: string;
}

export const TOKEN_PATH = '/security/v1/oauth/token';

interface IssuedToken {
  clientId: string;
  expiresAt: number;
}

function sameText(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/** `Authorization: Basic base64(id:secret)` → the pair, or undefined when absent or malformed. */
function basicCredentials(header: string | undefined): CarrierCredentials | undefined {
  const match = /^Basic\s+([A-Za-z0-9+/=]+)$/i.exec(header?.trim() ?? '');
  if (!match?.[1]) return undefined;
  const decoded = Buffer.from(match[1], 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon < 0) return undefined;
  return { clientId: decoded.slice(0, colon), clientSecret: decoded.slice(colon + 1) };
}

/**
 * UPS OAuth client credentials (OAuthClientCredentials.yaml): client id and secret in HTTP Basic,
 * `grant_type=client_credentials` form body; bearer tokens checked on every API call.
 */
export class TokenIssuer {
  private readonly tokens = new Map<string, IssuedToken>();
  /** Tokens issued so far (tests check that clients cache them). */
  issued = 0;

  constructor(
    private readonly credentials: CarrierCredentials,
    private readonly ttlSeconds: number,
  ) {}

  register(app: FastifyInstance): void {
    app.post(TOKEN_PATH, async (request, reply) => this.issue(request, reply));
  }

  /** Whether the request carries a live bearer token; answers the 401 itself when not. */
  authorize(request: FastifyRequest, reply: FastifyReply): boolean {
    if (this.isAuthorized(request)) return true;
    void reply.code(401).send(errorBody(UPS_ERRORS.INVALID_TOKEN));
    return false;
  }

  /** Whether the request carries a live bearer token (APIs with their own 401 body use this). */
  isAuthorized(request: FastifyRequest): boolean {
    const match = /^Bearer\s+(\S+)$/i.exec(request.headers.authorization?.trim() ?? '');
    const token = match?.[1] ? this.tokens.get(match[1]) : undefined;
    if (token && token.expiresAt > Date.now()) return true;
    if (token && match?.[1]) this.tokens.delete(match[1]);
    return false;
  }

  private issue(request: FastifyRequest, reply: FastifyReply) {
    const presented = basicCredentials(request.headers.authorization);
    if (!presented) return reply.code(401).send(errorBody(UPS_ERRORS.MISSING_AUTH_HEADER));
    const valid =
      sameText(presented.clientId, this.credentials.clientId) && sameText(presented.clientSecret, this.credentials.clientSecret);
    if (!valid) return reply.code(401).send(errorBody(UPS_ERRORS.INVALID_CLIENT));
    const form = request.body as Record<string, string> | undefined;
    const isForm = request.headers['content-type']?.toLowerCase().startsWith('application/x-www-form-urlencoded') ?? false;
    if (!isForm || form?.grant_type !== 'client_credentials') return reply.code(400).send(errorBody(UPS_ERRORS.INVALID_GRANT_TYPE));

    this.purgeExpired();
    const now = Date.now();
    const accessToken = randomBytes(48).toString('base64url');
    this.tokens.set(accessToken, { clientId: presented.clientId, expiresAt: now + this.ttlSeconds * 1000 });
    this.issued++;
    // Every field is a string, `expires_in` included, as UPS sends them.
    return reply.send({
      token_type: 'Bearer',
      issued_at: String(now),
      client_id: presented.clientId,
      access_token: accessToken,
      scope: '',
      expires_in: String(this.ttlSeconds),
      refresh_count: '0',
      status: 'approved',
    });
  }

  private purgeExpired(): void {
    const now = Date.now();
    for (const [token, info] of this.tokens) if (info.expiresAt <= now) this.tokens.delete(token);
  }
}
