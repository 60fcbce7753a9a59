import { getDataset, type Dataset } from '../../legacy/dataset/src/index.ts';
import { faultsFromEnv, type Simulator } from '../../legacy/kit/src/index.ts';
import { CARRIER_DEFAULT_CREDENTIALS, createCarrierSimulator } from '../../legacy/carrier/src/index.ts';
import { ERP_DEFAULT_CREDENTIALS, createErpSimulator } from '../../legacy/erp/src/index.ts';
import { MARKETPLACE_DEFAULT_CREDENTIALS, createMarketplaceSimulator } from '../../legacy/marketplace/src/index.ts';
import { POS_DEFAULT_CREDENTIALS, createPosSimulator } from '../../legacy/pos/src/index.ts';
import { WMS_DEFAULT_CREDENTIALS, createWmsSimulator } from '../../legacy/wms/src/index.ts';
import type { SystemCredentialsDefaults, SystemsConfig } from '../../subgraphs/runtime/src/index.ts';
import type { GatewayConfig } from './config.ts';

/**
 * The only module that imports the simulators: the embedded default starts any system that
 * has no URL configured on a local port, with the seeded dataset.
 */
export type SimulatorName = 'erp' | 'pos' | 'wms' | 'carrier' | 'marketplace';

export const DEMO_CREDENTIALS: SystemCredentialsDefaults = {
  erp: { username: ERP_DEFAULT_CREDENTIALS.username, password: ERP_DEFAULT_CREDENTIALS.password },
  pos: { accessToken: POS_DEFAULT_CREDENTIALS.accessToken },
  wms: { username: WMS_DEFAULT_CREDENTIALS.username, password: WMS_DEFAULT_CREDENTIALS.password },
  carrier: { clientId: CARRIER_DEFAULT_CREDENTIALS.clientId, clientSecret: CARRIER_DEFAULT_CREDENTIALS.clientSecret },
  marketplace: {
    clientId: MARKETPLACE_DEFAULT_CREDENTIALS.clientId,
    clientSecret: MARKETPLACE_DEFAULT_CREDENTIALS.clientSecret,
    refreshToken: MARKETPLACE_DEFAULT_CREDENTIALS.refreshToken,
  },
};

const FACTORIES: Record<SimulatorName, (dataset: Dataset, env: NodeJS.ProcessEnv) => Simulator> = {
  erp: (dataset, env) => createErpSimulator({ dataset, faults: faultsFromEnv('erp', env) }),
  pos: (dataset, env) => createPosSimulator({ dataset, faults: faultsFromEnv('pos', env) }),
  wms: (dataset, env) => createWmsSimulator({ dataset, faults: faultsFromEnv('wms', env) }),
  carrier: (dataset, env) => createCarrierSimulator({ dataset, faults: faultsFromEnv('carrier', env) }),
  marketplace: (dataset, env) => createMarketplaceSimulator({ dataset, faults: faultsFromEnv('marketplace', env) }),
};

export interface LocalSimulators {
  dataset: Dataset;
  simulators: Partial<Record<SimulatorName, Simulator>>;
  /** The systems config with the simulators' URLs filled in. */
  systems: SystemsConfig;
  close(): Promise<void>;
}

export async function startLocalSimulators(config: GatewayConfig, env: NodeJS.ProcessEnv): Promise<LocalSimulators> {
  const dataset = getDataset({ seed: config.dataset.seed, scale: config.dataset.scale });
  const simulators: Partial<Record<SimulatorName, Simulator>> = {};
  const systems: SystemsConfig = structuredClone(config.systems);
  for (const name of Object.keys(FACTORIES) as SimulatorName[]) {
    if (systems[name].url) continue;
    const sim = FACTORIES[name](dataset, env);
    const host = '127.0.0.1';
    systems[name].url = await sim.listen(config.simulatorPorts[name], host);
    simulators[name] = sim;
  }
  return {
    dataset,
    simulators,
    systems,
    async close() {
      await Promise.all(Object.values(simulators).map((s) => s.close()));
    },
  };
}
