import DataLoader from 'dataloader';
import type { OrderLineRecord, OrderRecord } from '../../../adapters/core/src/index.ts';
import { baseContext, perRequest, type RequestInfo, type SubgraphContext, type SubgraphDeps } from '../../runtime/src/index.ts';

/** Per-request loaders: one batched upstream call per system for all the keys a request needs. */
export interface OrderLoaders {
  erpByCustomer: DataLoader<string, OrderRecord[]>;
  posByCustomer: DataLoader<string, OrderRecord[]>;
  marketplaceByBuyer: DataLoader<string, OrderRecord[]>;
  erpById: DataLoader<string, OrderRecord | null>;
  posById: DataLoader<string, OrderRecord | null>;
  marketplaceById: DataLoader<string, OrderRecord | null>;
  marketplaceLines: DataLoader<string, OrderLineRecord[]>;
}

export interface OrdersContext extends SubgraphContext {
  loaders: OrderLoaders;
}

/** A batch call's failure rejects each key with it, instead of breaking the loader. */
function loader<V>(batch: (keys: readonly string[]) => Promise<V[]>, maxBatchSize: number): DataLoader<string, V> {
  return new DataLoader<string, V>((keys) => batch(keys).catch((e: Error) => keys.map(() => e)), { maxBatchSize });
}

function createLoaders(ctx: SubgraphContext): OrderLoaders {
  const { erp, pos, marketplace } = ctx.systems;
  const c = ctx.call;
  return {
    erpByCustomer: loader((ids) => erp.ordersForCustomers(c, ids), 40),
    posByCustomer: loader((ids) => pos.ordersForCustomers(c, ids), 10),
    marketplaceByBuyer: loader((emails) => marketplace.ordersForBuyers(c, emails), 20),
    erpById: loader((ids) => erp.getOrders(c, ids), 40),
    posById: loader((ids) => pos.getOrders(c, ids), 100),
    marketplaceById: loader((ids) => marketplace.getOrders(c, ids), 50),
    marketplaceLines: loader((ids) => marketplace.orderLines(c, ids), 50),
  };
}

export function createContextFactory(deps: SubgraphDeps): (request: RequestInfo) => OrdersContext {
  return (request) => {
    const base = baseContext('orders', deps, request);
    return { ...base, loaders: perRequest(base, 'orders:loaders', () => createLoaders(base)) };
  };
}
