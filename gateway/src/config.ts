import { z } from 'zod';
import { AUTH_ENV, authConfigFrom, type AuthConfig } from './auth/config.ts';
import { OPS_ENV, opsConfigFrom, type OperationsConfig } from './opsConfig.ts';
import {
  DEV_SIGNING_SECRET,
  readSigningConfig,
  readSystemsConfig,
  type SigningConfig,
  type SystemCredentialsDefaults,
  type SystemsConfig,
} from '../../subgraphs/runtime/src/index.ts';
import { readSecurityConfig, type SecurityConfig } from './plugins/securityConfig.ts';

export type RunMode = 'embedded' | 'distributed';

export interface GatewayConfig {
  mode: RunMode;
  /** @default 4000 */
  port: number;
  /** @default "0.0.0.0" */
  host: string;
  production: boolean;
  systems: SystemsConfig;
  /** First port of the distributed subgraph servers (catalog, customers, orders…). @default 4001 */
  subgraphBasePort: number;
  /** Simulator ports when they are started locally. */
  simulatorPorts: { erp: number; pos: number; wms: number; carrier: number; marketplace: number };
  /** Dataset seed and scale for the simulators. */
  dataset: { seed: number; scale: number };
  /** Limits, per-role budgets and rate limits, audit destination (gateway/src/plugins). */
  security: SecurityConfig;
  /** Secret and replay window of gateway → subgraph signatures (distributed mode). */
  signing: SigningConfig;
  /** Staff tokens, safelist, demo credentials (gateway/src/auth). */
  auth: AuthConfig;
  /** Logs, tracing, graceful shutdown, cluster workers (opsConfig.ts). */
  ops: OperationsConfig;
  /** Settings handed to the subgraphs (analytics store path). */
  subgraphs: SubgraphSettings;
}

/** What the subgraph factories take besides their dependencies (gateway/src/subgraphs.ts). */
export interface SubgraphSettings {
  /** DuckDB file of the analytics subgraph (`ANALYTICS_DB`; `:memory:` or `md:<db>` too). @default ".retail360/analytics.duckdb" */
  analyticsDb?: string;
  /** How often the fulfilment release loop looks for new orders, in ms; 0 turns it off (`FULFILMENT_RELEASE_INTERVAL_MS`). @default 30000 */
  fulfilmentReleaseIntervalMs?: number;
  /** Age an order reaches before the loop sources it, in ms (`FULFILMENT_RELEASE_MIN_AGE_MS`). @default 60000 */
  fulfilmentReleaseMinAgeMs?: number;
  /** Store rejections after which an order goes ON_HOLD (`FULFILMENT_MAX_REJECTIONS`). @default 3 */
  fulfilmentMaxRejections?: number;
}

const subgraphSettingsSchema = z.object({
  ANALYTICS_DB: z.string().trim().min(1).optional(),
  FULFILMENT_RELEASE_INTERVAL_MS: z.coerce.number().int().min(0).optional(),
  FULFILMENT_RELEASE_MIN_AGE_MS: z.coerce.number().int().min(0).optional(),
  FULFILMENT_MAX_REJECTIONS: z.coerce.number().int().min(1).max(20).optional(),
});

/** The subgraphs' settings, read here for the gateway and for each distributed subgraph process. */
export function readSubgraphSettings(env: NodeJS.ProcessEnv): SubgraphSettings {
  const blank = (v: string | undefined) => (v === undefined || v.trim() === '' ? undefined : v);
  const parsed = subgraphSettingsSchema.safeParse({
    ANALYTICS_DB: blank(env.ANALYTICS_DB),
    FULFILMENT_RELEASE_INTERVAL_MS: blank(env.FULFILMENT_RELEASE_INTERVAL_MS),
    FULFILMENT_RELEASE_MIN_AGE_MS: blank(env.FULFILMENT_RELEASE_MIN_AGE_MS),
    FULFILMENT_MAX_REJECTIONS: blank(env.FULFILMENT_MAX_REJECTIONS),
  });
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
    throw new Error(`invalid subgraph settings: ${issues}`);
  }
  const e = parsed.data;
  return {
    ...(e.ANALYTICS_DB !== undefined && { analyticsDb: e.ANALYTICS_DB }),
    ...(e.FULFILMENT_RELEASE_INTERVAL_MS !== undefined && { fulfilmentReleaseIntervalMs: e.FULFILMENT_RELEASE_INTERVAL_MS }),
    ...(e.FULFILMENT_RELEASE_MIN_AGE_MS !== undefined && { fulfilmentReleaseMinAgeMs: e.FULFILMENT_RELEASE_MIN_AGE_MS }),
    ...(e.FULFILMENT_MAX_REJECTIONS !== undefined && { fulfilmentMaxRejections: e.FULFILMENT_MAX_REJECTIONS }),
  };
}

const port = (fallback: number) => z.coerce.number().int().min(0).max(65535).default(fallback);

const schema = z.object({
  PORT: port(4000),
  HOST: z.string().min(1).default('0.0.0.0'),
  NODE_ENV: z.string().optional(),
  RETAIL360_MODE: z.enum(['embedded', 'distributed']).optional(),
  SUBGRAPH_BASE_PORT: port(4001),
  ERP_SIM_PORT: port(5001),
  POS_SIM_PORT: port(5002),
  WMS_SIM_PORT: port(5003),
  CARRIER_SIM_PORT: port(5004),
  MARKETPLACE_SIM_PORT: port(5005),
  DATASET_SEED: z.coerce.number().int().default(42),
  DATASET_SCALE: z.coerce.number().positive().max(20).default(1),
  ...AUTH_ENV,
  ...OPS_ENV,
});

/**
 * The only place the gateway reads its environment. Every bad setting is named in the error,
 * so a typo fails the start instead of a request.
 */
export function readConfig(env: NodeJS.ProcessEnv, argv: readonly string[], credentialDefaults: SystemCredentialsDefaults): GatewayConfig {
  const parsed = schema.safeParse(Object.fromEntries(Object.entries(env).filter(([, v]) => v !== '')));
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `- ${i.path.join('.')}: ${i.message}`);
    throw new Error(`invalid configuration:\n${lines.join('\n')}`);
  }
  const e = parsed.data;
  const mode: RunMode = argv.includes('--distributed') ? 'distributed' : (e.RETAIL360_MODE ?? 'embedded');
  return {
    mode,
    port: e.PORT,
    host: e.HOST,
    production: e.NODE_ENV === 'production',
    systems: readSystemsConfig(env, credentialDefaults),
    subgraphBasePort: e.SUBGRAPH_BASE_PORT,
    simulatorPorts: {
      erp: e.ERP_SIM_PORT,
      pos: e.POS_SIM_PORT,
      wms: e.WMS_SIM_PORT,
      carrier: e.CARRIER_SIM_PORT,
      marketplace: e.MARKETPLACE_SIM_PORT,
    },
    dataset: { seed: e.DATASET_SEED, scale: e.DATASET_SCALE },
    security: readSecurityConfig(env, mode),
    signing: readSigningConfig(env, DEV_SIGNING_SECRET),
    auth: authConfigFrom(e, e.NODE_ENV === 'production'),
    ops: opsConfigFrom(e),
    subgraphs: readSubgraphSettings(env),
  };
}
