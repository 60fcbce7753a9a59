import { z } from 'zod';

/**
 * The auth settings' shape; gateway/src/config.ts reads them with the rest of the environment
 * (the one env reader) and calls `authConfigFrom`.
 */
export interface AuthConfig {
  jwt: {
    /** JWKS endpoint of the staff identity provider. @default none */
    jwksUrl?: string;
    /** HS256 shared secret. @default DEV_JWT_SECRET outside production */
    secret?: string;
    /** PEM (SPKI) public key. @default none */
    publicKey?: string;
    /** Accepted algorithms. @default HS256 with a secret, RS256 otherwise */
    algorithms: string[];
    /** @default "retail360-dev" */
    issuer: string;
    /** @default "retail360" */
    audience: string;
  };
  /** Staff too may run only persisted operations. @default false */
  safelistStaff: boolean;
  /** Create and print demo credentials at start. @default true, never in production */
  demoCredentials: boolean;
}

/** Signs and verifies staff tokens in development only; production refuses to start with it. */
export const DEV_JWT_SECRET = 'retail360-dev-secret-change-me-before-production';

const flag = z
  .enum(['true', 'false', '1', '0'])
  .optional()
  .transform((v) => (v === undefined ? undefined : v === 'true' || v === '1'));

export const AUTH_ENV = {
  AUTH_JWKS_URL: z.url({ protocol: /^https?$/ }).optional(),
  AUTH_JWT_SECRET: z.string().min(1).optional(),
  AUTH_JWT_PUBLIC_KEY: z.string().min(1).optional(),
  AUTH_JWT_ALGORITHMS: z.string().min(1).optional(),
  AUTH_JWT_ISSUER: z.string().min(1).default('retail360-dev'),
  AUTH_JWT_AUDIENCE: z.string().min(1).default('retail360'),
  SAFELIST_STAFF: flag,
  DEMO_CREDENTIALS: flag,
};

type AuthEnv = z.output<z.ZodObject<typeof AUTH_ENV>>;

export function authConfigFrom(e: AuthEnv, production: boolean): AuthConfig {
  const configured = e.AUTH_JWKS_URL ?? e.AUTH_JWT_PUBLIC_KEY ?? e.AUTH_JWT_SECRET;
  if (production) {
    if (!configured)
      throw new Error(
        'invalid configuration:\n- AUTH_JWT_SECRET: production needs a staff token key: set AUTH_JWKS_URL, AUTH_JWT_PUBLIC_KEY or AUTH_JWT_SECRET',
      );
    if (e.AUTH_JWT_SECRET === DEV_JWT_SECRET)
      throw new Error('invalid configuration:\n- AUTH_JWT_SECRET: is the development default; production needs a secret of its own');
    if (e.AUTH_JWT_SECRET && e.AUTH_JWT_SECRET.length < 32)
      throw new Error('invalid configuration:\n- AUTH_JWT_SECRET: must be at least 32 characters');
  }
  const secret = e.AUTH_JWT_SECRET ?? (configured ? undefined : DEV_JWT_SECRET);
  const algorithms =
    e.AUTH_JWT_ALGORITHMS?.split(',')
      .map((a) => a.trim())
      .filter(Boolean) ?? (secret ? ['HS256'] : ['RS256']);
  return {
    jwt: {
      ...(e.AUTH_JWKS_URL && { jwksUrl: e.AUTH_JWKS_URL }),
      ...(secret && { secret }),
      // Env files often carry a PEM on one line with literal \n.
      ...(e.AUTH_JWT_PUBLIC_KEY && { publicKey: e.AUTH_JWT_PUBLIC_KEY.replace(/\\n/g, '\n') }),
      algorithms,
      issuer: e.AUTH_JWT_ISSUER,
      audience: e.AUTH_JWT_AUDIENCE,
    },
    safelistStaff: e.SAFELIST_STAFF ?? false,
    demoCredentials: production ? false : (e.DEMO_CREDENTIALS ?? true),
  };
}
