import { generateDataset, type Dataset } from '../../legacy/dataset/src/index.ts';
import type { Simulator } from '../../legacy/kit/src/index.ts';
import { ERP_DEFAULT_CREDENTIALS, createErpSimulator } from '../../legacy/erp/src/index.ts';
import { MARKETPLACE_DEFAULT_CREDENTIALS, createMarketplaceSimulator } from '../../legacy/marketplace/src/index.ts';
import { POS_DEFAULT_CREDENTIALS, createPosSimulator } from '../../legacy/pos/src/index.ts';
import { WMS_DEFAULT_CREDENTIALS, createWmsSimulator } from '../../legacy/wms/src/index.ts';
import { ErpAdapter } from '../../adapters/erp/src/index.ts';
import { MarketplaceAdapter } from '../../adapters/marketplace/src/index.ts';
import { PosAdapter } from '../../adapters/pos/src/index.ts';
import { WmsAdapter } from '../../adapters/wms/src/index.ts';
import type { AnalyticsSources } from '../src/index.ts';

export interface Systems {
  dataset: Dataset;
  sims: { erp: Simulator; pos: Simulator; wms: Simulator; marketplace: Simulator };
  sources: AnalyticsSources;
  close(): Promise<void>;
}

/** The four systems analytics reads, simulated on 127.0.0.1 port 0, and adapters on them. */
export async function startSystems(dataset: Dataset): Promise<Systems> {
  const sims = {
    erp: createErpSimulator({ dataset }),
    pos: createPosSimulator({ dataset }),
    wms: createWmsSimulator({ dataset }),
    marketplace: createMarketplaceSimulator({ dataset }),
  };
  const host = '127.0.0.1';
  const [erp, pos, wms, marketplace] = await Promise.all([
    sims.erp.listen(0, host),
    sims.pos.listen(0, host),
    sims.wms.listen(0, host),
    sims.marketplace.listen(0, host),
  ]);
  // Short retries so a system that is down fails fast in tests instead of backing off for long.
  const resilience = { maxAttempts: 2, initialBackoffMs: 50 };
  const sources: AnalyticsSources = {
    erp: new ErpAdapter({ baseUrl: erp, ...ERP_DEFAULT_CREDENTIALS, timeoutMs: 20_000, resilience }),
    pos: new PosAdapter({ baseUrl: pos, accessToken: POS_DEFAULT_CREDENTIALS.accessToken, timeoutMs: 20_000, resilience }),
    wms: new WmsAdapter({ baseUrl: wms, ...WMS_DEFAULT_CREDENTIALS, timeoutMs: 20_000, resilience }),
    marketplace: new MarketplaceAdapter({ baseUrl: marketplace, ...MARKETPLACE_DEFAULT_CREDENTIALS, timeoutMs: 20_000, resilience }),
  };
  return {
    dataset,
    sims,
    sources,
    async close() {
      await Promise.all(Object.values(sims).map((s) => s.close()));
    },
  };
}

/** The same, on a private copy of the seeded dataset at this scale. */
export function startSeededSystems(scale: number): Promise<Systems> {
  return startSystems(generateDataset({ scale }));
}
