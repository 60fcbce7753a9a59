import { AdapterError, parseJson, type CallContext, type SystemClient } from '../../core/src/index.ts';
import { lwaTokenForm, readLwaAnswer } from './mapping.ts';
import { LwaAnswer } from './types.ts';

export interface LwaTokenProviderOptions {
  /** Client for the Login with Amazon host. */
  client: SystemClient;
  /** Path of the token endpoint on that host. */
  path: string;
  clientId: string;
  clientSecret: string;
  refreshToken: string;
  /** Refresh this long before expiry (at most half the token's lifetime). @default 60000 */
  refreshSkewMs?: number;
}

interface Cached {
  token: string;
  refreshAt: number;
}

/**
 * Login with Amazon access tokens: fetched with the refresh token, cached until shortly before
 * they expire, and refreshed by one call however many requests need a token at that moment.
 */
export class LwaTokenProvider {
  private cached: Cached | undefined;
  private pending: Promise<string> | undefined;
  private generationCount = 0;
  /** How many tokens have been fetched; lets a caller tell whether a refresh happened since. */
  get generation(): number {
    return this.generationCount;
  }
  private fetchCount = 0;
  /** LWA calls made (for tests and metrics). */
  get fetches(): number {
    return this.fetchCount;
  }

  constructor(private readonly options: LwaTokenProviderOptions) {}

  async token(ctx: CallContext): Promise<string> {
    if (this.cached && Date.now() < this.cached.refreshAt) return this.cached.token;
    this.pending ??= this.fetch(ctx).finally(() => {
      this.pending = undefined;
    });
    return this.pending;
  }

  /** Drops the cached token unless a newer one was fetched after `generation`. */
  invalidate(generation: number): void {
    if (generation === this.generationCount) this.cached = undefined;
  }

  private async fetch(ctx: CallContext): Promise<string> {
    const { client, path, clientId, clientSecret, refreshToken } = this.options;
    this.fetchCount++;
    const response = await client.request(ctx, {
      operation: 'lwaToken',
      method: 'POST',
      path,
      body: lwaTokenForm(clientId, clientSecret, refreshToken),
      headers: { 'content-type': 'application/x-www-form-urlencoded;charset=UTF-8' },
      // Exchanging a refresh token has no side effect: safe to retry.
      idempotent: true,
      passStatuses: [400, 401],
      parse: parseJson,
      schema: LwaAnswer,
    });
    const result = readLwaAnswer(response.body);
    if (!result.ok) {
      const settings =
        result.rejected === 'client'
          ? 'MARKETPLACE_CLIENT_ID / MARKETPLACE_CLIENT_SECRET'
          : result.rejected === 'refreshToken'
            ? 'MARKETPLACE_REFRESH_TOKEN'
            : 'MARKETPLACE_CLIENT_ID / MARKETPLACE_CLIENT_SECRET / MARKETPLACE_REFRESH_TOKEN';
      throw new AdapterError({
        system: client.system,
        code: 'UPSTREAM_AUTH_FAILED',
        status: response.status,
        message: `${client.system} rejected our credentials (${result.error}): check ${settings}`,
      });
    }
    const skew = Math.min(this.options.refreshSkewMs ?? 60_000, result.expiresInMs / 2);
    this.cached = { token: result.accessToken, refreshAt: Date.now() + result.expiresInMs - skew };
    this.generationCount++;
    return result.accessToken;
  }
}
