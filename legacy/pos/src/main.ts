import { getDataset } from '../../dataset/src/index.ts';
import { loadPosConfig } from './config.ts';
import { createPosSimulator } from './index.ts';

/** Starts the POS simulator standalone: `tsx legacy/pos/src/main.ts`. */
const config = loadPosConfig();
const sim = createPosSimulator({ dataset: getDataset(config.dataset), faults: config.faults, credentials: config.credentials });
const url = await sim.listen(config.port, config.host);
console.log(`POS simulator (Square Connect v2) listening on ${url}`);

const stop = () => {
  sim.close().then(
    () => process.exit(0),
    () => process.exit(1),
  );
};
process.once('SIGINT', stop);
process.once('SIGTERM', stop);
