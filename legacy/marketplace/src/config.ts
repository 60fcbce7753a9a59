import { faultsFromEnv, type FaultSettings } from '../../kit/src/index.ts';
import { MARKETPLACE_DEFAULT_CREDENTIALS, type MarketplaceCredentials } from './auth.ts';
import {
  MARKETPLACE_DEMO_RATE_LIMITS,
  MARKETPLACE_OPERATIONS,
  MARKETPLACE_PUBLISHED_RATE_LIMITS,
  scaleRateLimits,
  type RateLimits,
} from './rateLimits.ts';

/** The marketplace simulator's start-up settings: the only place it reads the environment. */
export interface MarketplaceConfig {
  port: number;
  host: string;
  faults: Partial<FaultSettings>;
  credentials: MarketplaceCredentials;
  rateLimits: RateLimits;
  dataset: { seed?: number; scale?: number };
}

export const MARKETPLACE_DEFAULT_PORT = 5005;

/**
 * `PORT` (default 5005), `HOST` (default 127.0.0.1), `MARKETPLACE_FAULTS` (JSON fault settings),
 * `MARKETPLACE_RATE_LIMITS` (`demo` — the default —, `published`, a refill multiplier of the
 * published plans such as `10`, or JSON `{"getOrders":{"ratePerSecond":1,"burst":20},…}`),
 * `MARKETPLACE_CLIENT_ID` / `MARKETPLACE_CLIENT_SECRET` / `MARKETPLACE_REFRESH_TOKEN` (default the
 * demo credentials), `DATASET_SEED` and `DATASET_SCALE`.
 */
export function loadMarketplaceConfig(env: NodeJS.ProcessEnv = process.env): MarketplaceConfig {
  const d = MARKETPLACE_DEFAULT_CREDENTIALS;
  return {
    port: integer(env.PORT, 'PORT') ?? MARKETPLACE_DEFAULT_PORT,
    host: env.HOST?.trim() || '127.0.0.1',
    faults: faultsFromEnv('marketplace', env),
    credentials: {
      clientId: env.MARKETPLACE_CLIENT_ID?.trim() || d.clientId,
      clientSecret: env.MARKETPLACE_CLIENT_SECRET?.trim() || d.clientSecret,
      refreshToken: env.MARKETPLACE_REFRESH_TOKEN?.trim() || d.refreshToken,
      sellerId: d.sellerId,
    },
    rateLimits: rateLimits(env.MARKETPLACE_RATE_LIMITS),
    dataset: {
      ...(env.DATASET_SEED !== undefined && { seed: integer(env.DATASET_SEED, 'DATASET_SEED') }),
      ...(env.DATASET_SCALE !== undefined && { scale: positive(env.DATASET_SCALE, 'DATASET_SCALE') }),
    },
  };
}

function rateLimits(raw: string | undefined): RateLimits {
  const value = raw?.trim();
  if (!value || value === 'demo') return { ...MARKETPLACE_DEMO_RATE_LIMITS };
  if (value === 'published') return { ...MARKETPLACE_PUBLISHED_RATE_LIMITS };
  if (/^\d+(\.\d+)?$/.test(value)) return scaleRateLimits(MARKETPLACE_PUBLISHED_RATE_LIMITS, positive(value, 'MARKETPLACE_RATE_LIMITS'));
  let parsed: unknown;
  try {
    parsed = JSON.parse(value);
  } catch {
    throw new Error('MARKETPLACE_RATE_LIMITS must be "demo", "published", a multiplier or a JSON object');
  }
  const out = { ...MARKETPLACE_DEMO_RATE_LIMITS } as RateLimits;
  for (const [op, limit] of Object.entries(parsed as Record<string, unknown>)) {
    const known = MARKETPLACE_OPERATIONS.find((o) => o === op);
    const l = limit as { ratePerSecond?: unknown; burst?: unknown } | null;
    if (!known || !l || typeof l.ratePerSecond !== 'number' || typeof l.burst !== 'number' || l.ratePerSecond <= 0 || l.burst < 1) {
      throw new Error(`MARKETPLACE_RATE_LIMITS: "${op}" needs a known operation with ratePerSecond > 0 and burst >= 1`);
    }
    out[known] = { ratePerSecond: l.ratePerSecond, burst: l.burst };
  }
  return out;
}

function integer(raw: string | undefined, name: string): number | undefined {
  if (raw === undefined || raw.trim() === '') return undefined;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 0) throw new Error(`${name} must be a non-negative integer, got "${raw}"`);
  return n;
}

function positive(raw: string, name: string): number {
  const n = Number(raw);
  if (!Number.isFinite(n) || n <= 0) throw new Error(`${name} must be a positive number, got "${raw}"`);
  return n;
}
