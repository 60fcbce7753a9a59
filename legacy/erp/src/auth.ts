import { createHash, timingSafeEqual } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';

export interface ErpCredentials {
  username: string;
  password: string;
}

/** The realm SAP's ICF sends with its Basic challenge. */
export const BASIC_REALM = 'SAP NetWeaver Application Server';

/** SAP answers a failed logon from the ICF layer, before OData, with an HTML page. */
const LOGON_FAILED_PAGE = `<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>Logon Error Message</title></head>
<body><h1>Logon failed</h1>
<p>You could not be logged on: the user name or password is incorrect, or no credentials were sent.</p>
<p>Server: SAP NetWeaver Application Server</p></body></html>
`;

function digest(value: string): Buffer {
  return createHash('sha256').update(value).digest();
}

function parseBasic(header: string | undefined): ErpCredentials | undefined {
  const m = header ? /^Basic\s+([A-Za-z0-9+/=]+)\s*$/i.exec(header) : null;
  if (!m) return undefined;
  const decoded = Buffer.from(m[1] as string, 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon < 0) return undefined;
  return { username: decoded.slice(0, colon), password: decoded.slice(colon + 1) };
}

/** An onRequest hook that rejects requests without the configured Basic credentials. */
export function basicAuth(expected: ErpCredentials) {
  const user = digest(expected.username.toUpperCase());
  const password = digest(expected.password);
  // A client sends the same header on every call: once it passed, the same text passes again.
  let accepted: string | undefined;
  return async (request: FastifyRequest, reply: FastifyReply) => {
    const header = request.headers.authorization;
    if (header !== undefined && header === accepted) return undefined;
    const given = parseBasic(header);
    // SAP user names are case-insensitive; passwords are not.
    const userOk = timingSafeEqual(digest(given?.username.toUpperCase() ?? ''), user);
    const passwordOk = timingSafeEqual(digest(given?.password ?? ''), password);
    if (given && userOk && passwordOk) {
      accepted = header;
      return undefined;
    }
    return reply
      .code(401)
      .header('www-authenticate', `Basic realm="${BASIC_REALM}"`)
      .type('text/html; charset=utf-8')
      .send(LOGON_FAILED_PAGE);
  };
}
