import { faultsFromEnv, type FaultSettings } from '../../kit/src/index.ts';
import { POS_DEFAULT_CREDENTIALS, type PosCredentials } from './index.ts';

/** The POS simulator's start-up settings: the only place it reads the environment. */
export interface PosConfig {
  port: number;
  host: string;
  faults: Partial<FaultSettings>;
  credentials: PosCredentials;
  dataset: { seed?: number; scale?: number };
}

export const POS_DEFAULT_PORT = 5002;

/**
 * `PORT` (default 5002), `HOST` (default 127.0.0.1), `POS_FAULTS` (JSON fault settings),
 * `POS_ACCESS_TOKEN` (default the demo token), `DATASET_SEED` and `DATASET_SCALE`.
 */
export function loadPosConfig(env: NodeJS.ProcessEnv = process.env): PosConfig {
  return {
    port: integer(env.PORT, 'PORT') ?? POS_DEFAULT_PORT,
    host: env.HOST?.trim() || '127.0.0.1',
    faults: faultsFromEnv('pos', env),
    credentials: { accessToken: env.POS_ACCESS_TOKEN?.trim() || POS_DEFAULT_CREDENTIALS.accessToken },
    dataset: {
      ...(env.DATASET_SEED !== undefined && { seed: integer(env.DATASET_SEED, 'DATASET_SEED') }),
      ...(env.DATASET_SCALE !== undefined && { scale: positive(env.DATASET_SCALE, 'DATASET_SCALE') }),
    },
  };
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
