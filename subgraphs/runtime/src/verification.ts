import type { FastifyInstance, FastifyRequest } from 'fastify';
import { CALLER_HEADER } from './caller.ts';
import { SIGNATURE_HEADER, SignatureVerifier, TIMESTAMP_HEADER, type SigningOptions, type VerifyFailure } from './signing.ts';

const RAW_BODY = Symbol('rawBody');
type WithRawBody = FastifyRequest & { [RAW_BODY]?: string };

const MESSAGES: Record<VerifyFailure, string> = {
  unsigned: 'subgraphs accept only requests signed by the gateway',
  'bad-signature': 'request signature does not match',
  stale: 'request timestamp is outside the replay window',
  replayed: 'request signature was already used',
};

/**
 * Makes a subgraph server refuse every GraphQL request the gateway did not sign, with 401,
 * before Apollo parses or executes it. JSON bodies are kept as received, since the signature
 * covers the exact bytes.
 */
export function requireGatewaySignature(app: FastifyInstance, path: string, options: SigningOptions = {}): SignatureVerifier {
  const verifier = new SignatureVerifier(options);
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (request, body, done) => {
    (request as WithRawBody)[RAW_BODY] = body as string;
    try {
      done(null, (body as string).length === 0 ? {} : JSON.parse(body as string));
    } catch (err) {
      (err as Error & { statusCode?: number }).statusCode = 400;
      done(err as Error, undefined);
    }
  });
  app.addHook('preHandler', async (request, reply) => {
    if (request.routeOptions.url !== path) return;
    const header = (name: string) => {
      const v = request.headers[name];
      return Array.isArray(v) ? v.join(', ') : v;
    };
    const failure = verifier.verify({
      timestamp: header(TIMESTAMP_HEADER),
      signature: header(SIGNATURE_HEADER),
      caller: header(CALLER_HEADER) ?? '',
      body: request.method === 'POST' ? ((request as WithRawBody)[RAW_BODY] ?? '') : '',
    });
    if (failure === null) return;
    return reply
      .code(401)
      .header('content-type', 'application/json')
      .send(JSON.stringify({ errors: [{ message: MESSAGES[failure], extensions: { code: 'UNAUTHENTICATED', reason: failure } }] }));
  });
  return verifier;
}
