import { getDataset } from '../../dataset/src/index.ts';
import { loadCarrierConfig } from './config.ts';
import { CARRIER_DEFAULT_CREDENTIALS, createCarrierSimulator } from './index.ts';

// Standalone start: `tsx legacy/carrier/src/main.ts` (PORT, HOST, CARRIER_FAULTS, DATASET_SCALE, DATASET_SEED).
const config = loadCarrierConfig();
const dataset = getDataset({
  ...(config.scale !== undefined && { scale: config.scale }),
  ...(config.seed !== undefined && { seed: config.seed }),
});
const sim = createCarrierSimulator({ dataset, faults: config.faults });
const url = await sim.listen(config.port, config.host);
console.log(
  `Carrier simulator (UPS-style REST) at ${url}  token: POST ${url}/security/v1/oauth/token  client: ${CARRIER_DEFAULT_CREDENTIALS.clientId}`,
);

const stop = () => {
  void sim.close().then(() => process.exit(0));
};
process.once('SIGINT', stop);
process.once('SIGTERM', stop);
