import type DataLoader from 'dataloader';
import type { StorePriceRecord } from '../../../adapters/pos/src/index.ts';
import type { LocationRecord, StockRecord } from '../../../adapters/wms/src/index.ts';
import {
  IdempotencyStore,
  baseContext,
  cachedLoader,
  entityCache,
  perRequest,
  type RequestInfo,
  type SubgraphContext,
  type SubgraphDeps,
} from '../../runtime/src/index.ts';
import type { ChannelPolicy } from './atp.ts';

export interface InventoryOptions {
  /**
   * Units of each location's shared ATP kept back from a channel that sells on a delayed
   * stock feed, so a sale there cannot outrun the feed. @default DEFAULT_CHANNEL_BUFFERS
   */
  channelBuffers?: Record<string, number>;
}

/** Marketplaces read stock through a feed refreshed every few minutes: two units of headroom each. */
export const DEFAULT_CHANNEL_BUFFERS: Readonly<Record<string, number>> = Object.freeze({ AMAZON: 2, JD: 2 });

export interface InventoryLoaders {
  /** Every location the WMS knows (one GetLocations, cached). */
  locations(): Promise<LocationRecord[]>;
  /** SKU → its positions at every location (one GetStockPositions per 100 SKUs). */
  stock: DataLoader<string, StockRecord[]>;
  /** SKU → till prices (one POS catalog search per 250 SKUs). */
  prices: DataLoader<string, StorePriceRecord | null>;
}

export interface InventoryContext extends SubgraphContext {
  loaders: InventoryLoaders;
  policy: ChannelPolicy;
  idempotency: IdempotencyStore;
  /** Drops cached stock of these SKUs, process-wide and in this request: the next read asks the WMS. */
  invalidateStock(skus: readonly string[]): Promise<void>;
}

const ALL = 'all';

export function createContextFactory(deps: SubgraphDeps, options: InventoryOptions = {}): (request: RequestInfo) => InventoryContext {
  const caches = {
    locations: entityCache<LocationRecord[]>(deps.store, 'WMS', 'locations'),
    stock: entityCache<StockRecord[]>(deps.store, 'WMS', 'stock'),
    prices: entityCache<StorePriceRecord | null>(deps.store, 'POS', 'storePrices'),
  };
  const policy: ChannelPolicy = { buffers: { ...(options.channelBuffers ?? DEFAULT_CHANNEL_BUFFERS) } };
  const idempotency = IdempotencyStore.forStore(deps.store, { namespace: 'idem:inventory' });
  return (request) => {
    const base = baseContext('inventory', deps, request);
    const { wms, pos } = base.systems;
    const loaders = perRequest(base, 'inventory:loaders', (): InventoryLoaders => {
      const locations = cachedLoader(base, caches.locations, (keys) => Promise.all(keys.map(() => wms.getLocations(base.call))), 1);
      return {
        locations: () => locations.load(ALL),
        stock: cachedLoader(
          base,
          caches.stock,
          (skus) =>
            wms.getStock(
              base.call,
              skus.map((sku) => ({ sku })),
            ),
          100,
        ),
        prices: cachedLoader(base, caches.prices, (skus) => pos.storePrices(base.call, skus), 250),
      };
    });
    return {
      ...base,
      loaders,
      policy,
      idempotency,
      async invalidateStock(skus) {
        for (const sku of new Set(skus)) {
          loaders.stock.clear(sku);
          await caches.stock.delete(sku);
        }
      },
    };
  };
}
