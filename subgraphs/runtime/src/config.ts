import { z } from 'zod';

/**
 * Where the legacy systems are and how to sign in: the one place that reads these settings
 * (the gateway's config and each distributed subgraph server call it). A system without a URL
 * is served by its simulator in embedded mode.
 */
export interface SystemEndpoint {
  url?: string;
  timeoutMs: number;
  /** Calls in flight to the system at once from this process (`<SYSTEM>_CONCURRENCY`). */
  concurrency: number;
}

export interface SystemsConfig {
  erp: SystemEndpoint & { username: string; password: string };
  pos: SystemEndpoint & { accessToken: string };
  wms: SystemEndpoint & { username: string; password: string };
  carrier: SystemEndpoint & { clientId: string; clientSecret: string };
  marketplace: SystemEndpoint & { clientId: string; clientSecret: string; refreshToken: string };
  /** Overall budget of one GraphQL request, in ms; every upstream call fits inside it. */
  requestDeadlineMs: number;
  /** Shared state (cache, identity links, idempotency keys) when set; memory otherwise. */
  redisUrl?: string;
  /**
   * Multiplies every TTL and stale window of CACHE_POLICY (1 = the policy as written). Tests
   * shrink it to watch entries expire and be served stale within seconds.
   */
  cacheTtlScale: number;
}

/** The environment variables that point the graph at real systems, for the start banner and docs. */
export const SYSTEM_ENV_VARS = {
  ERP: ['ERP_URL', 'ERP_USERNAME', 'ERP_PASSWORD'],
  POS: ['POS_URL', 'POS_ACCESS_TOKEN'],
  WMS: ['WMS_URL', 'WMS_USERNAME', 'WMS_PASSWORD'],
  CARRIER: ['CARRIER_URL', 'CARRIER_CLIENT_ID', 'CARRIER_CLIENT_SECRET'],
  MARKETPLACE: ['MARKETPLACE_URL', 'MARKETPLACE_CLIENT_ID', 'MARKETPLACE_CLIENT_SECRET', 'MARKETPLACE_REFRESH_TOKEN'],
} as const;

const url = z.url({ protocol: /^https?$/ }).optional();
const ms = (fallback: number) => z.coerce.number().int().positive().default(fallback);
const text = z.string().min(1).optional();
/** What a legacy system is asked to take at once; the adapters' default cap. */
const concurrency = z.coerce.number().int().min(1).max(1024).default(16);

const schema = z.object({
  ERP_URL: url,
  ERP_USERNAME: text,
  ERP_PASSWORD: text,
  ERP_TIMEOUT_MS: ms(2000),
  ERP_CONCURRENCY: concurrency,
  POS_URL: url,
  POS_ACCESS_TOKEN: text,
  POS_TIMEOUT_MS: ms(2000),
  POS_CONCURRENCY: concurrency,
  WMS_URL: url,
  WMS_USERNAME: text,
  WMS_PASSWORD: text,
  WMS_TIMEOUT_MS: ms(2000),
  WMS_CONCURRENCY: concurrency,
  CARRIER_URL: url,
  CARRIER_CLIENT_ID: text,
  CARRIER_CLIENT_SECRET: text,
  CARRIER_TIMEOUT_MS: ms(2000),
  CARRIER_CONCURRENCY: concurrency,
  MARKETPLACE_URL: url,
  MARKETPLACE_CLIENT_ID: text,
  MARKETPLACE_CLIENT_SECRET: text,
  MARKETPLACE_REFRESH_TOKEN: text,
  MARKETPLACE_TIMEOUT_MS: ms(3000),
  MARKETPLACE_CONCURRENCY: concurrency,
  REQUEST_DEADLINE_MS: ms(5000),
  REDIS_URL: z.url({ protocol: /^rediss?$/ }).optional(),
  CACHE_TTL_SCALE: z.coerce.number().positive().max(100).default(1),
});

export type SystemCredentialsDefaults = {
  erp: { username: string; password: string };
  pos: { accessToken: string };
  wms: { username: string; password: string };
  carrier: { clientId: string; clientSecret: string };
  marketplace: { clientId: string; clientSecret: string; refreshToken: string };
};

/**
 * Reads and validates the systems' settings. A bad value throws a message naming the setting.
 * Credentials default to `defaults` (the simulators' demo credentials) when unset.
 */
export function readSystemsConfig(env: NodeJS.ProcessEnv, defaults: SystemCredentialsDefaults): SystemsConfig {
  const parsed = schema.safeParse(stripEmpty(env));
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `- ${i.path.join('.')}: ${i.message}`);
    throw new Error(`invalid configuration:\n${lines.join('\n')}`);
  }
  const e = parsed.data;
  return {
    erp: {
      url: e.ERP_URL,
      timeoutMs: e.ERP_TIMEOUT_MS,
      concurrency: e.ERP_CONCURRENCY,
      username: e.ERP_USERNAME ?? defaults.erp.username,
      password: e.ERP_PASSWORD ?? defaults.erp.password,
    },
    pos: {
      url: e.POS_URL,
      timeoutMs: e.POS_TIMEOUT_MS,
      concurrency: e.POS_CONCURRENCY,
      accessToken: e.POS_ACCESS_TOKEN ?? defaults.pos.accessToken,
    },
    wms: {
      url: e.WMS_URL,
      timeoutMs: e.WMS_TIMEOUT_MS,
      concurrency: e.WMS_CONCURRENCY,
      username: e.WMS_USERNAME ?? defaults.wms.username,
      password: e.WMS_PASSWORD ?? defaults.wms.password,
    },
    carrier: {
      url: e.CARRIER_URL,
      timeoutMs: e.CARRIER_TIMEOUT_MS,
      concurrency: e.CARRIER_CONCURRENCY,
      clientId: e.CARRIER_CLIENT_ID ?? defaults.carrier.clientId,
      clientSecret: e.CARRIER_CLIENT_SECRET ?? defaults.carrier.clientSecret,
    },
    marketplace: {
      url: e.MARKETPLACE_URL,
      timeoutMs: e.MARKETPLACE_TIMEOUT_MS,
      concurrency: e.MARKETPLACE_CONCURRENCY,
      clientId: e.MARKETPLACE_CLIENT_ID ?? defaults.marketplace.clientId,
      clientSecret: e.MARKETPLACE_CLIENT_SECRET ?? defaults.marketplace.clientSecret,
      refreshToken: e.MARKETPLACE_REFRESH_TOKEN ?? defaults.marketplace.refreshToken,
    },
    requestDeadlineMs: e.REQUEST_DEADLINE_MS,
    ...(e.REDIS_URL && { redisUrl: e.REDIS_URL }),
    cacheTtlScale: e.CACHE_TTL_SCALE,
  };
}

function stripEmpty(env: NodeJS.ProcessEnv): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(env)) if (v !== undefined && v !== '') out[k] = v;
  return out;
}

/** Gateway → subgraph signing settings (distributed mode); read by the gateway and by each subgraph server. */
export interface SigningConfig {
  secret: string;
  replayWindowMs: number;
}

const signingSchema = z.object({
  SUBGRAPH_SIGNING_SECRET: z.string().min(1).optional(),
  SUBGRAPH_REPLAY_WINDOW_MS: z.coerce.number().int().min(1000).max(600_000).default(60_000),
});

/**
 * `SUBGRAPH_SIGNING_SECRET` defaults to a published dev secret, so production
 * (`NODE_ENV=production`) refuses to start without a real one of at least 32 characters.
 */
export function readSigningConfig(env: NodeJS.ProcessEnv, devDefault: string): SigningConfig {
  const parsed = signingSchema.safeParse(stripEmpty(env));
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `- ${i.path.join('.')}: ${i.message}`);
    throw new Error(`invalid configuration:\n${lines.join('\n')}`);
  }
  const secret = parsed.data.SUBGRAPH_SIGNING_SECRET ?? devDefault;
  if (env.NODE_ENV === 'production' && (secret === devDefault || secret.length < 32)) {
    throw new Error(
      'invalid configuration:\n- SUBGRAPH_SIGNING_SECRET: production needs its own secret of at least 32 characters (the dev default is public)',
    );
  }
  return { secret, replayWindowMs: parsed.data.SUBGRAPH_REPLAY_WINDOW_MS };
}
