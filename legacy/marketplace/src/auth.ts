import { randomBytes } from 'node:crypto';

/** One selling partner's Login with Amazon (LWA) application credentials. */
export interface MarketplaceCredentials {
  /** LWA client identifier of the application. */
  clientId: string;
  clientSecret: string;
  /** Long-lived token the seller issued to the application when authorising it. */
  refreshToken: string;
  /** Merchant token of the seller; usage plans are counted per seller. */
  sellerId: string;
}

/**
 * Demo credentials, shaped like real LWA values. Set the adapter's MARKETPLACE_CLIENT_ID,
 * MARKETPLACE_CLIENT_SECRET and MARKETPLACE_REFRESH_TOKEN to these to talk to the simulator.
 */
export const MARKETPLACE_DEFAULT_CREDENTIALS: Readonly<MarketplaceCredentials> = Object.freeze({
  clientId: 'amzn1.application-oa2-client.retail360demo',
  clientSecret: 'amzn1.oa2-cs.v1.retail360-demo-secret',
  refreshToken: 'Atzr|retail360-demo-refresh-token',
  sellerId: 'A2R360DEMOSELLER',
});

/** Body and status of an LWA answer (OAuth 2 error shape, not SP-API's ErrorList). */
export interface LwaAnswer {
  status: number;
  body: Record<string, string | number>;
}

export type TokenCheck = { ok: true; sellerId: string } | { ok: false; details: string };

const DAY_MS = 86_400_000;

const lwaError = (status: number, error: string, description: string): LwaAnswer => ({
  status,
  body: { error_description: description, error },
});

/** Issues and checks LWA access tokens (`Atza|…`) the way api.amazon.com/auth/o2/token does. */
export class LwaTokenIssuer {
  private readonly tokens = new Map<string, { sellerId: string; expiresAt: number }>();

  constructor(
    private readonly credentials: Readonly<MarketplaceCredentials>,
    private readonly ttlSeconds: number,
    private readonly clock: () => number,
  ) {}

  /** `POST /auth/o2/token` with grant_type=refresh_token. */
  exchange(form: Record<string, unknown>): LwaAnswer {
    const field = (name: string) => (typeof form[name] === 'string' ? (form[name] as string) : undefined);
    const grantType = field('grant_type');
    const clientId = field('client_id');
    const clientSecret = field('client_secret');
    const refreshToken = field('refresh_token');
    if (!grantType) return lwaError(400, 'invalid_request', 'The request is missing a required parameter : grant_type');
    if (grantType !== 'refresh_token') {
      return lwaError(400, 'unsupported_grant_type', 'The authorization grant type is not supported by the authorization server');
    }
    if (clientId !== this.credentials.clientId || clientSecret !== this.credentials.clientSecret) {
      return lwaError(401, 'invalid_client', 'Client authentication failed');
    }
    if (!refreshToken) return lwaError(400, 'invalid_request', 'The request is missing a required parameter : refresh_token');
    if (refreshToken !== this.credentials.refreshToken) {
      return lwaError(400, 'invalid_grant', 'The request has an invalid grant parameter : refresh_token');
    }
    const now = this.clock();
    this.forgetExpired(now);
    const accessToken = `Atza|${randomBytes(48).toString('base64url')}`;
    this.tokens.set(accessToken, { sellerId: this.credentials.sellerId, expiresAt: now + this.ttlSeconds * 1000 });
    return {
      status: 200,
      body: { access_token: accessToken, refresh_token: refreshToken, token_type: 'bearer', expires_in: this.ttlSeconds },
    };
  }

  /** Checks an `x-amz-access-token` header value. */
  verify(token: string | undefined): TokenCheck {
    if (!token) return { ok: false, details: '' };
    const known = this.tokens.get(token);
    if (!known) return { ok: false, details: 'The access token you provided is revoked, malformed or invalid.' };
    if (this.clock() >= known.expiresAt) return { ok: false, details: 'The access token you provided has expired.' };
    return { ok: true, sellerId: known.sellerId };
  }

  /** Expired tokens are remembered for a day so callers still hear "expired", not "invalid". */
  private forgetExpired(now: number): void {
    for (const [token, entry] of this.tokens) if (entry.expiresAt + DAY_MS <= now) this.tokens.delete(token);
  }
}
