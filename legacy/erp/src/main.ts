/** Starts the ERP simulator standalone: `tsx legacy/erp/src/main.ts`. */
import { getDataset } from '../../dataset/src/index.ts';
import { loadErpConfig } from './config.ts';
import { ERP_DEFAULT_CREDENTIALS, createErpSimulator } from './index.ts';

const config = loadErpConfig();
const simulator = createErpSimulator({
  dataset: getDataset(config.dataset),
  faults: config.faults,
  ...(config.credentials && { credentials: config.credentials }),
});
const url = await simulator.listen(config.port, config.host);
const user = (config.credentials ?? ERP_DEFAULT_CREDENTIALS).username;
console.log(`ERP simulator (SAP OData V2) on ${url}/sap/opu/odata/sap/ — Basic auth user ${user}`);

const stop = () => {
  simulator.close().then(
    () => process.exit(0),
    () => process.exit(1),
  );
};
process.once('SIGINT', stop);
process.once('SIGTERM', stop);
