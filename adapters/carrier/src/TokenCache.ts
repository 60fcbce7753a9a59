import type { CallContext } from '../../core/src/index.ts';

export interface IssuedToken {
  token: string;
  expiresInSeconds: number;
}

/**
 * One OAuth access token shared by every call, fetched again shortly before it expires. Callers
 * that find it stale while a fetch is under way wait for that fetch: one refresh at a time.
 */
export class TokenCache {
  private current: { token: string; refreshAt: number } | undefined;
  private inflight: Promise<string> | undefined;

  constructor(
    private readonly fetchToken: (ctx: CallContext) => Promise<IssuedToken>,
    private readonly clock: () => number,
  ) {}

  async get(ctx: CallContext): Promise<string> {
    if (this.current && this.clock() < this.current.refreshAt) return this.current.token;
    this.inflight ??= this.refresh(ctx).finally(() => {
      this.inflight = undefined;
    });
    return this.inflight;
  }

  /** Drops `token` if it is still the cached one (the server refused it before its expiry). */
  invalidate(token: string): void {
    if (this.current?.token === token) this.current = undefined;
  }

  private async refresh(ctx: CallContext): Promise<string> {
    const issuedAt = this.clock();
    const { token, expiresInSeconds } = await this.fetchToken(ctx);
    // Refresh a little early (a tenth of the lifetime, at most a minute) so no call carries a
    // token that expires in flight.
    const margin = Math.min(60_000, expiresInSeconds * 100);
    this.current = { token, refreshAt: issuedAt + expiresInSeconds * 1000 - margin };
    return token;
  }
}
