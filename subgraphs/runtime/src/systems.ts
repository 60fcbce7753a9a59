import type { AttemptEvent, CircuitStateName, SystemName } from '../../../adapters/core/src/index.ts';
import { CarrierAdapter } from '../../../adapters/carrier/src/index.ts';
import { ErpAdapter } from '../../../adapters/erp/src/index.ts';
import { MarketplaceAdapter } from '../../../adapters/marketplace/src/index.ts';
import { PosAdapter } from '../../../adapters/pos/src/index.ts';
import { WmsAdapter } from '../../../adapters/wms/src/index.ts';
import type { SystemsConfig } from './config.ts';

/** One adapter per legacy system, shared by every subgraph in the process. */
export interface Systems {
  erp: ErpAdapter;
  pos: PosAdapter;
  wms: WmsAdapter;
  carrier: CarrierAdapter;
  marketplace: MarketplaceAdapter;
}

export interface CreateSystemsOptions {
  /** Observes every upstream attempt (metrics, call counting). @default none */
  onAttempt?: (event: AttemptEvent) => void;
}

/** Requires every system's URL: embedded start fills in the simulators' before calling this. */
export function createSystems(config: SystemsConfig, options: CreateSystemsOptions = {}): Systems {
  const need = (name: string, url: string | undefined): string => {
    if (!url) throw new Error(`${name}_URL is not set`);
    return url;
  };
  const common = { onAttempt: options.onAttempt };
  return {
    erp: new ErpAdapter({
      ...common,
      baseUrl: need('ERP', config.erp.url),
      username: config.erp.username,
      password: config.erp.password,
      timeoutMs: config.erp.timeoutMs,
      resilience: { concurrency: config.erp.concurrency },
    }),
    pos: new PosAdapter({
      ...common,
      baseUrl: need('POS', config.pos.url),
      accessToken: config.pos.accessToken,
      timeoutMs: config.pos.timeoutMs,
      resilience: { concurrency: config.pos.concurrency },
    }),
    wms: new WmsAdapter({
      ...common,
      baseUrl: need('WMS', config.wms.url),
      username: config.wms.username,
      password: config.wms.password,
      timeoutMs: config.wms.timeoutMs,
      resilience: { concurrency: config.wms.concurrency },
    }),
    carrier: new CarrierAdapter({
      ...common,
      baseUrl: need('CARRIER', config.carrier.url),
      clientId: config.carrier.clientId,
      clientSecret: config.carrier.clientSecret,
      timeoutMs: config.carrier.timeoutMs,
      resilience: { concurrency: config.carrier.concurrency },
    }),
    marketplace: new MarketplaceAdapter({
      ...common,
      baseUrl: need('MARKETPLACE', config.marketplace.url),
      clientId: config.marketplace.clientId,
      clientSecret: config.marketplace.clientSecret,
      refreshToken: config.marketplace.refreshToken,
      timeoutMs: config.marketplace.timeoutMs,
      resilience: { concurrency: config.marketplace.concurrency },
    }),
  };
}

/** Per-system state for `/ready`. */
export function systemsHealth(systems: Systems): Record<SystemName, { circuit: CircuitStateName }> {
  return {
    ERP: systems.erp.client.health(),
    POS: systems.pos.client.health(),
    WMS: systems.wms.client.health(),
    CARRIER: systems.carrier.client.health(),
    MARKETPLACE: systems.marketplace.client.health(),
  };
}
