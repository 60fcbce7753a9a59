import { getDataset } from '../../dataset/src/index.ts';
import { loadMarketplaceConfig } from './config.ts';
import { createMarketplaceSimulator } from './index.ts';

/** Starts the marketplace simulator standalone: `tsx legacy/marketplace/src/main.ts`. */
const config = loadMarketplaceConfig();
const sim = createMarketplaceSimulator({
  dataset: getDataset(config.dataset),
  faults: config.faults,
  credentials: config.credentials,
  rateLimits: config.rateLimits,
});
const url = await sim.listen(config.port, config.host);
console.log(`Marketplace simulator (Amazon SP-API Orders v0) listening on ${url}`);

const stop = () => {
  sim.close().then(
    () => process.exit(0),
    () => process.exit(1),
  );
};
process.once('SIGINT', stop);
process.once('SIGTERM', stop);
