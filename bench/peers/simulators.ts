import { getDataset } from '../../legacy/dataset/src/index.ts';
import type { Simulator } from '../../legacy/kit/src/index.ts';
import { createCarrierSimulator } from '../../legacy/carrier/src/index.ts';
import { createErpSimulator } from '../../legacy/erp/src/index.ts';
import { createMarketplaceSimulator, MARKETPLACE_PUBLISHED_RATE_LIMITS, scaleRateLimits } from '../../legacy/marketplace/src/index.ts';
import { createPosSimulator } from '../../legacy/pos/src/index.ts';
import { createWmsSimulator } from '../../legacy/wms/src/index.ts';
import { BENCH_MARKETPLACE_RATE_FACTOR } from '../settings.ts';
import { failStart, serveStats } from './statsServer.ts';

/**
 * The five legacy simulators in one process of their own, shared by every peer of a run, so a
 * peer's CPU is never mixed with the simulators'. Latencies are set at run time through each
 * simulator's `/__faults`; calls are counted through `/__stats`.
 */
const [seed = '42', scale = '1'] = process.argv.slice(2);
try {
  const dataset = getDataset({ seed: Number(seed), scale: Number(scale) });
  const sims: Record<string, Simulator> = {
    erp: createErpSimulator({ dataset }),
    pos: createPosSimulator({ dataset }),
    wms: createWmsSimulator({ dataset }),
    carrier: createCarrierSimulator({ dataset }),
    // The seller's usage plan raised (see BENCH_MARKETPLACE_RATE_FACTOR): at the published getOrders
    // rate every peer is capped at a few W1 requests per second by the quota, not by its own work.
    marketplace: createMarketplaceSimulator({
      dataset,
      rateLimits: scaleRateLimits(MARKETPLACE_PUBLISHED_RATE_LIMITS, BENCH_MARKETPLACE_RATE_FACTOR),
    }),
  };
  const urls: Record<string, string> = {};
  for (const [name, sim] of Object.entries(sims)) urls[name] = await sim.listen(0, '127.0.0.1');
  serveStats({ url: JSON.stringify(urls) }, async () => {
    await Promise.all(Object.values(sims).map((s) => s.close()));
  });
} catch (err) {
  failStart(err);
}
