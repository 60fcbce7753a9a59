/** The only place the standalone ERP simulator reads its environment. */
import type { DatasetOptions } from '../../dataset/src/index.ts';
import { faultsFromEnv, type FaultSettings } from '../../kit/src/index.ts';
import type { ErpCredentials } from './auth.ts';

export interface ErpConfig {
  port: number;
  host: string;
  faults: Partial<FaultSettings>;
  /** Absent: ERP_DEFAULT_CREDENTIALS. */
  credentials?: ErpCredentials;
  dataset: DatasetOptions;
}

export const ERP_DEFAULT_PORT = 5001;

function numberFrom(env: NodeJS.ProcessEnv, name: string): number | undefined {
  const raw = env[name];
  if (raw === undefined || raw === '') return undefined;
  const value = Number(raw);
  if (!Number.isFinite(value)) throw new Error(`${name} must be a number, got "${raw}"`);
  return value;
}

/**
 * PORT (default 5001), HOST (default 127.0.0.1), ERP_FAULTS (JSON fault settings),
 * ERP_USERNAME + ERP_PASSWORD (the logon to accept), DATASET_SEED, DATASET_SCALE.
 */
export function loadErpConfig(env: NodeJS.ProcessEnv = process.env): ErpConfig {
  const username = env.ERP_USERNAME;
  const password = env.ERP_PASSWORD;
  if ((username === undefined) !== (password === undefined)) {
    throw new Error('set both ERP_USERNAME and ERP_PASSWORD, or neither');
  }
  const seed = numberFrom(env, 'DATASET_SEED');
  const scale = numberFrom(env, 'DATASET_SCALE');
  return {
    port: numberFrom(env, 'PORT') ?? ERP_DEFAULT_PORT,
    host: env.HOST || '127.0.0.1',
    faults: faultsFromEnv('erp', env),
    ...(username !== undefined && password !== undefined && { credentials: { username, password } }),
    dataset: { ...(seed !== undefined && { seed }), ...(scale !== undefined && { scale }) },
  };
}
