import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * `NextToken` values: the query and position, sealed with an HMAC so a caller cannot edit them
 * and a token from another simulator instance (or a restart) is refused, as stale SP-API tokens are.
 */
export class PageTokens {
  private readonly secret = randomBytes(32);

  seal(value: unknown): string {
    const body = Buffer.from(JSON.stringify(value), 'utf8').toString('base64url');
    return `${body}.${this.sign(body)}`;
  }

  /** The sealed value, or undefined when the token was not issued by this instance. */
  open(token: string): unknown {
    const dot = token.lastIndexOf('.');
    if (dot <= 0) return undefined;
    const body = token.slice(0, dot);
    const given = Buffer.from(token.slice(dot + 1), 'base64url');
    const expected = Buffer.from(this.sign(body), 'base64url');
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) return undefined;
    try {
      return JSON.parse(Buffer.from(body, 'base64url').toString('utf8'));
    } catch {
      return undefined;
    }
  }

  private sign(body: string): string {
    return createHmac('sha256', this.secret).update(body).digest().subarray(0, 18).toString('base64url');
  }
}
