import { faultsFromEnv, type FaultSettings } from '../../kit/src/index.ts';

export interface WmsConfig {
  port: number;
  host: string;
  faults: Partial<FaultSettings>;
  /** Dataset scale (`DATASET_SCALE`), as every simulator reads it. */
  scale: number | undefined;
  seed: number | undefined;
}

export const WMS_DEFAULT_PORT = 5003;

function numberFrom(name: string, raw: string | undefined): number | undefined {
  if (raw === undefined || raw === '') return undefined;
  const value = Number(raw);
  if (!Number.isFinite(value)) throw new Error(`${name} must be a number, got "${raw}"`);
  return value;
}

/** The only place the WMS simulator reads the environment. */
export function loadWmsConfig(env: NodeJS.ProcessEnv = process.env): WmsConfig {
  return {
    port: numberFrom('PORT', env.PORT) ?? WMS_DEFAULT_PORT,
    host: env.HOST ?? '127.0.0.1',
    faults: faultsFromEnv('wms', env),
    scale: numberFrom('DATASET_SCALE', env.DATASET_SCALE),
    seed: numberFrom('DATASET_SEED', env.DATASET_SEED),
  };
}
