import { createCallContext, type AttemptEvent, type CallContext } from '../../core/src/index.ts';
import type { Simulator } from '../../../legacy/kit/src/index.ts';
import {
  MARKETPLACE_DEFAULT_CREDENTIALS,
  MARKETPLACE_IDS,
  createMarketplaceSimulator,
  type MarketplaceSimulatorOptions,
} from '../../../legacy/marketplace/src/index.ts';
import { fixtureDataset } from '../../../legacy/marketplace/test/fixtures.ts';
import { MarketplaceAdapter, type MarketplaceAdapterOptions } from '../src/index.ts';

export interface Harness {
  sim: Simulator;
  url: string;
  adapter: MarketplaceAdapter;
  events: AttemptEvent[];
  ctx: CallContext;
  /** Upstream calls served per operation path, e.g. calls('GET /orders/v0/orders'). */
  calls(key: string): number;
  faults(settings: Record<string, unknown>): Promise<void>;
  close(): Promise<void>;
}

/** Quotas generous enough that functional tests never meet them; quota tests set their own. */
export const ROOMY = {
  getOrders: { ratePerSecond: 1000, burst: 1000 },
  getOrderItems: { ratePerSecond: 1000, burst: 1000 },
} as const;

export async function harness(
  sim: Partial<MarketplaceSimulatorOptions> = {},
  adapter: Partial<MarketplaceAdapterOptions> = {},
  beforeListen?: (sim: Simulator) => void,
): Promise<Harness> {
  const simulator = createMarketplaceSimulator({ dataset: fixtureDataset(), rateLimits: ROOMY, ...sim });
  beforeListen?.(simulator);
  const url = await simulator.listen(0, '127.0.0.1');
  const events: AttemptEvent[] = [];
  const c = MARKETPLACE_DEFAULT_CREDENTIALS;
  const instance = new MarketplaceAdapter({
    baseUrl: url,
    clientId: c.clientId,
    clientSecret: c.clientSecret,
    refreshToken: c.refreshToken,
    marketplaceIds: MARKETPLACE_IDS,
    resilience: { initialBackoffMs: 5, maxBackoffMs: 2000 },
    onAttempt: (e) => events.push(e),
    ...adapter,
  });
  return {
    sim: simulator,
    url,
    adapter: instance,
    events,
    ctx: createCallContext(),
    calls: (key) => simulator.counts.get(key) ?? 0,
    async faults(settings) {
      const res = await fetch(`${url}/__faults`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(settings),
      });
      if (!res.ok) throw new Error(`faults refused: ${await res.text()}`);
    },
    close: () => simulator.close(),
  };
}
