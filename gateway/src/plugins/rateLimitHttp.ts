import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Caller, CallerRole } from '../../../subgraphs/runtime/src/index.ts';
import { rateLimitKey } from './caller.ts';
import { refusalBody } from './errors.ts';
import type { RateLimit } from './limitsTable.ts';
import type { RateDecision, RateLimiter } from './RateLimiter.ts';

export interface RateLimitHookOptions {
  path: string;
  limiter: RateLimiter;
  rates: Record<CallerRole, RateLimit>;
  /** The authenticated caller of a request (set by the auth hook, which must run first). */
  callerOf: (request: FastifyRequest) => Caller;
}

function headers(d: RateDecision): Record<string, string> {
  return { 'ratelimit-limit': String(d.limit), 'ratelimit-remaining': String(d.remaining), 'ratelimit-reset': String(d.resetSeconds) };
}

/**
 * One token per operation (a batch takes one per operation), taken after authentication and
 * before Apollo Server parses anything; keyed by API key id, token subject, or client address
 * for anonymous callers. Over the limit: HTTP 429 with `Retry-After`; every answer carries the
 * `RateLimit-Limit/-Remaining/-Reset` headers (IETF draft).
 */
export function installRateLimit(app: FastifyInstance, options: RateLimitHookOptions): void {
  app.addHook('preHandler', async (request, reply) => {
    if (request.routeOptions.url !== options.path || reply.sent) return;
    const caller = options.callerOf(request);
    const count = Array.isArray(request.body) ? Math.max(1, request.body.length) : 1;
    const decision = await options.limiter.take(rateLimitKey(caller, request.ip), options.rates[caller.role], count);
    reply.headers(headers(decision));
    if (decision.allowed) return;
    return reply
      .code(429)
      .header('retry-after', String(decision.retryAfterSeconds))
      .header('content-type', 'application/json')
      .send(
        refusalBody(
          'RATE_LIMITED',
          `Rate limit of ${decision.limit} requests for role ${caller.role} exceeded; retry in ${decision.retryAfterSeconds} s.`,
          {
            retryAfterSeconds: decision.retryAfterSeconds,
          },
        ),
      );
  });
}
