import { randomBytes } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';

/** Tokens kept per simulator; SAP keeps them per session, this keeps the newest few hundred. */
const MAX_TOKENS = 500;

/**
 * SAP Gateway's CSRF protection: a modifying request must carry an `x-csrf-token` that the
 * client fetched with a `GET` sending `x-csrf-token: Fetch`. A missing or unknown token is
 * `403` with `x-csrf-token: Required` and the plain-text body SAP sends. (Real SAP also ties
 * the token to the session cookie; this simulator ties it to nothing but its own issue list.)
 */
export class CsrfTokens {
  private readonly issued = new Set<string>();

  /** On a GET asking for one, issues a token in the response header. */
  issueIfAsked(request: FastifyRequest, reply: FastifyReply): void {
    if (String(request.headers['x-csrf-token'] ?? '').toLowerCase() !== 'fetch') return;
    const token = randomBytes(18).toString('base64');
    this.issued.add(token);
    if (this.issued.size > MAX_TOKENS) this.issued.delete(this.issued.values().next().value as string);
    reply.header('x-csrf-token', token);
  }

  /** True when the modifying request may go on; otherwise the 403 has been sent. */
  check(request: FastifyRequest, reply: FastifyReply): boolean {
    const token = request.headers['x-csrf-token'];
    if (typeof token === 'string' && this.issued.has(token)) return true;
    void reply.code(403).header('x-csrf-token', 'Required').type('text/plain; charset=utf-8').send('CSRF token validation failed');
    return false;
  }
}
