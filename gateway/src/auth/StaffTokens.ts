import { createRemoteJWKSet, errors, importSPKI, jwtVerify, SignJWT, type JWTPayload, type JWTVerifyGetKey } from 'jose';
import type { AuthConfig } from './config.ts';
import { isStaffRole, type StaffRole } from './roles.ts';

export interface StaffClaims {
  subject: string;
  role: StaffRole;
  store?: string;
  /** The token's `scope` (space-separated) or `scp` (array) claim; undefined when it has none. */
  scopes?: string[];
}

export class TokenRejected extends Error {}

export interface StaffTokenCacheOptions {
  /** Verified tokens remembered at most (least recently used leave first); 0 turns the cache off. @default 10000 */
  size?: number;
  /**
   * Longest a verification is trusted, in ms, even when the token lives longer: a key withdrawn
   * from the JWKS stops being honoured within this time. @default 300000
   */
  maxAgeMs?: number;
  /** Clock, in epoch ms. @default Date.now */
  now?: () => number;
}

type VerifyKey = Uint8Array | Awaited<ReturnType<typeof importSPKI>> | JWTVerifyGetKey;

/**
 * Staff bearer tokens (JWT), verified against the identity provider's JWKS or a configured
 * key: signature, algorithm, issuer, audience and expiry are all checked; `exp` is required.
 */
export class StaffTokens {
  private key: Promise<VerifyKey>;
  /**
   * Token string → its verified claims, until `exp` (or `maxAgeMs`): a UI sends the same token
   * with every request, and a signature check per request is CPU the answer does not need.
   * Only successes are kept; a rejected token is checked again every time.
   */
  private readonly verified = new Map<string, { claims: StaffClaims; until: number }>();
  private readonly cacheSize: number;
  private readonly maxAgeMs: number;
  private readonly now: () => number;

  constructor(
    private readonly config: AuthConfig['jwt'],
    cache: StaffTokenCacheOptions = {},
  ) {
    this.key = resolveKey(config);
    this.key.catch(() => undefined);
    this.cacheSize = Math.max(0, cache.size ?? 10_000);
    this.maxAgeMs = cache.maxAgeMs ?? 300_000;
    this.now = cache.now ?? Date.now;
  }

  async verify(token: string): Promise<StaffClaims> {
    const hit = this.verified.get(token);
    if (hit) {
      this.verified.delete(token);
      if (hit.until > this.now()) {
        this.verified.set(token, hit);
        return hit.claims;
      }
    }
    const { claims, exp } = await this.verifyNow(token);
    if (this.cacheSize > 0) {
      if (this.verified.size >= this.cacheSize) this.verified.delete(this.verified.keys().next().value!);
      // Shared by every request carrying the token: frozen so no caller can change another's view.
      if (claims.scopes) Object.freeze(claims.scopes);
      this.verified.set(token, { claims: Object.freeze(claims), until: Math.min(exp * 1000, this.now() + this.maxAgeMs) });
    }
    return claims;
  }

  private async verifyNow(token: string): Promise<{ claims: StaffClaims; exp: number }> {
    let payload: JWTPayload;
    try {
      const key = await this.key;
      ({ payload } = await jwtVerify(token, key as Uint8Array, {
        issuer: this.config.issuer,
        audience: this.config.audience,
        algorithms: this.config.algorithms,
        requiredClaims: ['exp', 'sub'],
        clockTolerance: 5,
      }));
    } catch (err) {
      throw new TokenRejected(describe(err));
    }
    const role = payload.role;
    if (typeof role !== 'string' || !isStaffRole(role)) throw new TokenRejected('token has no staff role (agent, store, admin or analyst)');
    const store = typeof payload.store === 'string' ? payload.store : undefined;
    if (role === 'store' && !store) throw new TokenRejected('a store token needs a `store` claim');
    return { claims: { subject: payload.sub!, role, ...(store && { store }), ...scopesOf(payload) }, exp: payload.exp! };
  }

  /** Signs a token with the configured HS256 secret (demo credentials, tests); undefined when none is configured. */
  async sign(
    claims: { sub: string; role: StaffRole; store?: string; scope?: string },
    expiresIn: string | number = '7d',
  ): Promise<string | undefined> {
    if (!this.config.secret) return undefined;
    return new SignJWT({ role: claims.role, ...(claims.store && { store: claims.store }), ...(claims.scope && { scope: claims.scope }) })
      .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
      .setSubject(claims.sub)
      .setIssuer(this.config.issuer)
      .setAudience(this.config.audience)
      .setIssuedAt()
      .setExpirationTime(expiresIn)
      .sign(new TextEncoder().encode(this.config.secret));
  }
}

async function resolveKey(config: AuthConfig['jwt']): Promise<VerifyKey> {
  if (config.jwksUrl) return createRemoteJWKSet(new URL(config.jwksUrl), { timeoutDuration: 3000, cooldownDuration: 30_000 });
  if (config.publicKey) return importSPKI(config.publicKey, config.algorithms[0] ?? 'RS256');
  if (config.secret) return new TextEncoder().encode(config.secret);
  throw new Error('no staff token key configured (AUTH_JWKS_URL, AUTH_JWT_PUBLIC_KEY or AUTH_JWT_SECRET)');
}

function scopesOf(payload: JWTPayload): { scopes?: string[] } {
  if (typeof payload.scope === 'string') return { scopes: payload.scope.split(/\s+/).filter(Boolean) };
  if (Array.isArray(payload.scp)) return { scopes: payload.scp.filter((s): s is string => typeof s === 'string') };
  return {};
}

/** The reason a client may see: which check failed, never the key or the token. */
function describe(err: unknown): string {
  if (err instanceof errors.JWTExpired) return 'token expired';
  if (err instanceof errors.JWTClaimValidationFailed) return `token claim "${err.claim}" rejected`;
  if (err instanceof errors.JWSSignatureVerificationFailed) return 'token signature invalid';
  if (err instanceof errors.JOSEAlgNotAllowed) return 'token algorithm not allowed';
  if (err instanceof errors.JWKSNoMatchingKey) return 'token signed by an unknown key';
  if (err instanceof errors.JWSInvalid || err instanceof errors.JWTInvalid) return 'token malformed';
  return 'token could not be verified';
}
