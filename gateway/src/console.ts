import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { extname, join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance } from 'fastify';
import { DEV_JWT_SECRET, type GatewayAuth } from './auth/index.ts';

/** Where `npm run build:console` writes the call-centre console (Vite build of console/). */
export const CONSOLE_DIST = fileURLToPath(new URL('../../console/dist/', import.meta.url));

export interface ConsoleOptions {
  auth: GatewayAuth;
  /** The built console. @default CONSOLE_DIST */
  distDir?: string;
  /** URL prefix. @default "/console" */
  path?: string;
  /** Lifetime of a demo sign-in token. @default "8h" (one shift) */
  demoTokenTtl?: string;
}

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.json': 'application/json',
};

/** The staff the demo sign-in may sign in as: the same subjects as the printed demo credentials. */
const DEMO_STAFF = {
  agent: { sub: 'demo-agent', role: 'agent' },
  store: { sub: 'demo-store-associate', role: 'store', store: 'ST001' },
  analyst: { sub: 'demo-analyst', role: 'analyst' },
} as const;

/**
 * Whether this gateway may hand out demo staff tokens: only while it signs with the published
 * development secret and creates demo credentials — never in production, which refuses both.
 * Anyone holding that secret can mint tokens anyway; a real identity provider means no demo sign-in.
 */
export function demoSignInEnabled(auth: GatewayAuth): boolean {
  return auth.config.demoCredentials && auth.config.jwt.secret === DEV_JWT_SECRET;
}

/**
 * Serves the built console under `/console` (hashed assets cached for good, `index.html` never,
 * unknown paths answered with the app so its routes survive a reload), and the console's
 * sign-in API: `GET /console/api/session` says how staff sign in here; `POST
 * /console/api/demo-sign-in {role}` issues a demo staff JWT when `demoSignInEnabled`.
 */
export function mountConsole(app: FastifyInstance, options: ConsoleOptions): void {
  const base = options.path ?? '/console';
  const files = loadBuild(options.distDir ?? CONSOLE_DIST);
  const demo = demoSignInEnabled(options.auth);

  app.get(`${base}/api/session`, async () => ({
    demoSignIn: demo,
    demoRoles: demo ? Object.keys(DEMO_STAFF) : [],
    tokenSignIn: true,
  }));
  app.post<{ Body: { role?: unknown } }>(`${base}/api/demo-sign-in`, async (request, reply) => {
    if (!demo) return reply.code(404).send({ error: 'demo sign-in is off: sign in with a token from your identity provider' });
    const role = typeof request.body?.role === 'string' ? request.body.role : 'agent';
    const staff = DEMO_STAFF[role as keyof typeof DEMO_STAFF];
    if (!staff) return reply.code(400).send({ error: `role must be one of ${Object.keys(DEMO_STAFF).join(', ')}` });
    const token = await options.auth.tokens.sign(staff, options.demoTokenTtl ?? '8h');
    if (!token) return reply.code(404).send({ error: 'demo sign-in is off' });
    return reply.header('cache-control', 'no-store').send({ token, subject: staff.sub, role: staff.role });
  });

  app.get(base, async (_request, reply) => reply.redirect(`${base}/`));
  app.get(`${base}/*`, async (request, reply) => {
    const wanted = decodeURIComponent((request.params as { '*': string })['*'] ?? '');
    const file = files.get(wanted) ?? files.get('index.html');
    if (!file) {
      return reply
        .code(503)
        .type('text/plain; charset=utf-8')
        .send('The console is not built: run `npm run build:console` (npm install and npm start build it too).');
    }
    const hashed = wanted.startsWith('assets/') && files.has(wanted);
    return reply
      .type(file.type)
      .header('cache-control', hashed ? 'public, max-age=31536000, immutable' : 'no-cache')
      .header('x-content-type-options', 'nosniff')
      .send(file.body);
  });
}

interface StaticFile {
  type: string;
  body: Buffer;
}

/** The build is small (one page, a few hashed assets): read once, served from memory. */
function loadBuild(dir: string): Map<string, StaticFile> {
  const files = new Map<string, StaticFile>();
  if (!existsSync(join(dir, 'index.html'))) return files;
  const walk = (at: string) => {
    for (const name of readdirSync(at)) {
      const full = join(at, name);
      if (statSync(full).isDirectory()) walk(full);
      else
        files.set(relative(dir, full).split(sep).join('/'), {
          type: TYPES[extname(name)] ?? 'application/octet-stream',
          body: readFileSync(full),
        });
    }
  };
  walk(dir);
  return files;
}
