import { createCallContext, type CallContext, type OrderRecord } from '../../../../adapters/core/src/index.ts';
import { ErpOrderWriter } from '../../../../adapters/erp/src/index.ts';
import type { LocationRecord, StockRecord } from '../../../../adapters/wms/src/index.ts';
import { IdempotencyStore, SagaLog, entityCache, type SubgraphDeps } from '../../../runtime/src/index.ts';
import { PLACE_ORDER_SAGA, type PlaceOrderSagaDeps, type PlaceOrderSagaOptions } from './placeOrderSaga.ts';
import { recoverPlaceOrders, type RecoveryReport } from './recovery.ts';

export interface OrderCaptureOptions {
  /** How often open sagas are looked for after start, in ms (0: only at start). @default 60000 */
  recoveryIntervalMs?: number;
  /** Only sagas idle this long are recovered, in ms (≥ the idempotency lock time). @default 60000 */
  recoveryIdleMs?: number;
  /** Options of every place-order saga (hold time; step observer). @default PlaceOrderSagaOptions defaults */
  saga?: PlaceOrderSagaOptions;
}

/** What the write resolvers share process-wide: one ERP writer (its CSRF token), the saga log. */
export interface OrderCapture {
  saga: PlaceOrderSagaDeps;
  sagaOptions: PlaceOrderSagaOptions;
  /** Settles sagas a crash left open (see recoverPlaceOrders). */
  recover(idleMs?: number): Promise<RecoveryReport>;
  /** Every WMS site (cached like the inventory subgraph's, 10 min). */
  sites(call: CallContext): Promise<LocationRecord[]>;
  /** Drops what a placed order made stale: the SKUs' stock and the customer's ERP order list. */
  invalidate(skus: readonly string[], customerExternalId: string): Promise<void>;
}

export function createOrderCapture(deps: SubgraphDeps, options: OrderCaptureOptions = {}): OrderCapture {
  const idempotency = IdempotencyStore.forStore(deps.store, { namespace: 'idem:orders' });
  const saga: PlaceOrderSagaDeps = {
    wms: deps.systems.wms,
    erp: new ErpOrderWriter(deps.systems.erp),
    idempotency,
    log: new SagaLog(idempotency, PLACE_ORDER_SAGA),
  };
  const stock = entityCache<StockRecord[]>(deps.store, 'WMS', 'stock');
  const erpByCustomer = entityCache<OrderRecord[]>(deps.store, 'ERP', 'ordersByCustomer');
  const locations = entityCache<LocationRecord[]>(deps.store, 'WMS', 'locations');
  const idleMs = options.recoveryIdleMs ?? 60_000;
  const capture: OrderCapture = {
    saga,
    sagaOptions: options.saga ?? {},
    async sites(call) {
      const cached = await locations.getOrLoad('all', () => deps.systems.wms.getLocations(call));
      return cached.value;
    },
    recover: (idle = idleMs) => recoverPlaceOrders(saga, createCallContext({ requestId: 'saga-recovery' }), { idleMs: idle }),
    async invalidate(skus, customerExternalId) {
      await Promise.all([...new Set(skus)].map((sku) => stock.delete(sku)));
      await erpByCustomer.delete(customerExternalId);
    },
  };
  return capture;
}

/**
 * Runs recovery now and then every `intervalMs` (a crash shortly before a restart leaves a
 * saga that is not idle long enough yet at start). Failures wait for the next run; the timer
 * never keeps the process alive.
 */
export function scheduleRecovery(capture: OrderCapture, intervalMs = 60_000): void {
  const run = () => void capture.recover().catch(() => undefined);
  run();
  if (intervalMs > 0) setInterval(run, intervalMs).unref();
}
