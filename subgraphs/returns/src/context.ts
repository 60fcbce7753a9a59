import { ErpCustomerReturns, ErpOrderWriter } from '../../../adapters/erp/src/index.ts';
import type { StockRecord } from '../../../adapters/wms/src/index.ts';
import {
  IdempotencyStore,
  SagaLog,
  baseContext,
  entityCache,
  type RequestInfo,
  type SubgraphContext,
  type SubgraphDeps,
} from '../../runtime/src/index.ts';
import { DEFAULT_RETURN_POLICY, type ReturnPolicyConfig } from './domain/policy.ts';

/** Options of the returns subgraph. */
export interface ReturnsOptions {
  /** Return policy rules (window, final-sale categories). @default DEFAULT_RETURN_POLICY */
  policy?: Partial<ReturnPolicyConfig>;
  /** The clock the return window is measured with. @default Date.now */
  now?: () => number;
  /** How long an exchange's replacement stays held in the WMS, in minutes. @default 10080 (a week) */
  holdMinutes?: number;
}

/** What the resolvers share process-wide: the ERP's returns, one order writer, the saga log. */
export interface ReturnsServices {
  returns: ErpCustomerReturns;
  orders: ErpOrderWriter;
  idempotency: IdempotencyStore;
  log: SagaLog;
  policy: ReturnPolicyConfig;
  now: () => number;
  holdMinutes: number;
  /**
   * Drops the cached stock of these SKUs (the inventory subgraph's entity cache, shared through
   * the store): ATP read after a restock or a hold asks the WMS again.
   */
  invalidateStock(skus: readonly string[]): Promise<void>;
}

export interface ReturnsContext extends SubgraphContext {
  services: ReturnsServices;
}

export const RETURN_SAGA = 'returns';

export function createReturnsServices(deps: SubgraphDeps, options: ReturnsOptions = {}): ReturnsServices {
  const idempotency = IdempotencyStore.forStore(deps.store, { namespace: 'idem:returns' });
  const stock = entityCache<StockRecord[]>(deps.store, 'WMS', 'stock');
  return {
    returns: new ErpCustomerReturns(deps.systems.erp),
    orders: new ErpOrderWriter(deps.systems.erp),
    idempotency,
    log: new SagaLog(idempotency, RETURN_SAGA),
    policy: { ...DEFAULT_RETURN_POLICY, ...options.policy },
    now: options.now ?? Date.now,
    holdMinutes: options.holdMinutes ?? 10_080,
    async invalidateStock(skus) {
      await Promise.all([...new Set(skus)].map((sku) => stock.delete(sku)));
    },
  };
}

export function createContextFactory(deps: SubgraphDeps, options: ReturnsOptions = {}): (request: RequestInfo) => ReturnsContext {
  const services = createReturnsServices(deps, options);
  return (request) => ({ ...baseContext('returns', deps, request), services });
}
