import DataLoader from 'dataloader';
import type { OrderLineRecord, OrderRecord } from '../../../adapters/core/src/index.ts';
import type { OrderDetailsRecord } from '../../../adapters/erp/src/index.ts';
import {
  baseContext,
  cachedLoader,
  entityCache,
  perRequest,
  type RequestInfo,
  type SubgraphContext,
  type SubgraphDeps,
} from '../../runtime/src/index.ts';
import type { OrderCapture } from './capture/services.ts';

/** Per-request loaders: one batched upstream call per system for all the keys a request needs. */
export interface OrderLoaders {
  erpByCustomer: DataLoader<string, OrderRecord[]>;
  posByCustomer: DataLoader<string, OrderRecord[]>;
  marketplaceByBuyer: DataLoader<string, OrderRecord[]>;
  erpById: DataLoader<string, OrderRecord | null>;
  posById: DataLoader<string, OrderRecord | null>;
  marketplaceById: DataLoader<string, OrderRecord | null>;
  marketplaceLines: DataLoader<string, OrderLineRecord[]>;
  /** ERP order holds, payments, ship-to and per-line detail; never cached (changes show at once). */
  erpDetails: DataLoader<string, OrderDetailsRecord | null>;
}

export interface OrdersContext extends SubgraphContext {
  loaders: OrderLoaders;
  /** Order writes: the place-order saga and what it invalidates. */
  capture: OrderCapture;
}

/** Process-wide caches (TTL and stale window per entity in CACHE_POLICY). */
function createCaches(deps: SubgraphDeps) {
  const { store } = deps;
  return {
    erpByCustomer: entityCache<OrderRecord[]>(store, 'ERP', 'ordersByCustomer'),
    posByCustomer: entityCache<OrderRecord[]>(store, 'POS', 'ordersByCustomer'),
    marketplaceByBuyer: entityCache<OrderRecord[]>(store, 'MARKETPLACE', 'ordersByCustomer'),
    erpById: entityCache<OrderRecord | null>(store, 'ERP', 'orderById'),
    posById: entityCache<OrderRecord | null>(store, 'POS', 'orderById'),
    marketplaceById: entityCache<OrderRecord | null>(store, 'MARKETPLACE', 'orderById'),
    marketplaceLines: entityCache<OrderLineRecord[]>(store, 'MARKETPLACE', 'orderLines'),
  };
}

function createLoaders(ctx: SubgraphContext, caches: ReturnType<typeof createCaches>): OrderLoaders {
  const { erp, pos, marketplace } = ctx.systems;
  const c = ctx.call;
  return {
    erpByCustomer: cachedLoader(ctx, caches.erpByCustomer, (ids) => erp.ordersForCustomers(c, ids), 40),
    posByCustomer: cachedLoader(ctx, caches.posByCustomer, (ids) => pos.ordersForCustomers(c, ids), 10),
    marketplaceByBuyer: cachedLoader(ctx, caches.marketplaceByBuyer, (emails) => marketplace.ordersForBuyers(c, emails), 20),
    erpById: cachedLoader(ctx, caches.erpById, (ids) => erp.getOrders(c, ids), 40),
    posById: cachedLoader(ctx, caches.posById, (ids) => pos.getOrders(c, ids), 100),
    marketplaceById: cachedLoader(ctx, caches.marketplaceById, (ids) => marketplace.getOrders(c, ids), 50),
    marketplaceLines: cachedLoader(ctx, caches.marketplaceLines, (ids) => marketplace.orderLines(c, ids), 50),
    erpDetails: new DataLoader((ids) => erp.getOrderDetails(c, ids), { maxBatchSize: 40 }),
  };
}

export function createContextFactory(deps: SubgraphDeps, capture: OrderCapture): (request: RequestInfo) => OrdersContext {
  const caches = createCaches(deps);
  return (request) => {
    const base = baseContext('orders', deps, request);
    return { ...base, capture, loaders: perRequest(base, 'orders:loaders', () => createLoaders(base, caches)) };
  };
}
