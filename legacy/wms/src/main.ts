import { getDataset } from '../../dataset/src/index.ts';
import { loadWmsConfig } from './config.ts';
import { SERVICE_PATH, WMS_DEFAULT_CREDENTIALS, createWmsSimulator } from './index.ts';

// Standalone start: `tsx legacy/wms/src/main.ts` (PORT, HOST, WMS_FAULTS, DATASET_SCALE, DATASET_SEED).
const config = loadWmsConfig();
const dataset = getDataset({
  ...(config.scale !== undefined && { scale: config.scale }),
  ...(config.seed !== undefined && { seed: config.seed }),
});
const sim = createWmsSimulator({ dataset, faults: config.faults });
const url = await sim.listen(config.port, config.host);
console.log(
  `WMS simulator (SOAP 1.1) at ${url}${SERVICE_PATH}  WSDL: ${url}${SERVICE_PATH}?wsdl  user: ${WMS_DEFAULT_CREDENTIALS.username}`,
);

const stop = () => {
  void sim.close().then(() => process.exit(0));
};
process.once('SIGINT', stop);
process.once('SIGTERM', stop);
