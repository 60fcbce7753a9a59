import { createCallContext, type CallContext, type OrderRecord } from '../../../../adapters/core/src/index.ts';
import { ErpOrderChanges, ErpOrderWriter } from '../../../../adapters/erp/src/index.ts';
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
  /** Fraud score (0–100, see capture/audit.ts) from which an order is held for review. @default 60 */
  fraudThreshold?: number;
}

/** What the write resolvers share process-wide: one ERP writer (its CSRF token), the saga log. */
export interface OrderCapture {
  saga: PlaceOrderSagaDeps;
  /** Changes to placed ERP orders (holds, lines, address, payments). */
  changes: ErpOrderChanges;
  /** Idempotency of the order-change mutations (cancel, modify, payments, hold rejection). */
  idempotency: IdempotencyStore;
  fraudThreshold: number;
  sagaOptions: PlaceOrderSagaOptions;
  /** Settles sagas a crash left open (see recoverPlaceOrders). */
  recover(idleMs?: number): Promise<RecoveryReport>;
  /** Every WMS site (cached like the inventory subgraph's, 10 min). */
  sites(call: CallContext): Promise<LocationRecord[]>;
  /** Drops what a placed order made stale: the SKUs' stock and the customer's ERP order list. */
  invalidate(skus: readonly string[], customerExternalId: string): Promise<void>;
  /** Drops what a changed order made stale: also the order itself. */
  invalidateOrder(externalId: string, skus: readonly string[], customerExternalId: string | undefined): Promise<void>;
}

export function createOrderCapture(deps: SubgraphDeps, options: OrderCaptureOptions = {}): OrderCapture {
  const idempotency = IdempotencyStore.forStore(deps.store, { namespace: 'idem:orders' });
  const changes = new ErpOrderChanges(deps.systems.erp);
  const saga: PlaceOrderSagaDeps = {
    wms: deps.systems.wms,
    erp: new ErpOrderWriter(deps.systems.erp),
    changes,
    idempotency,
    log: new SagaLog(idempotency, PLACE_ORDER_SAGA),
  };
  const stock = entityCache<StockRecord[]>(deps.store, 'WMS', 'stock');
  const erpByCustomer = entityCache<OrderRecord[]>(deps.store, 'ERP', 'ordersByCustomer');
  const locations = entityCache<LocationRecord[]>(deps.store, 'WMS', 'locations');
  const erpById = entityCache<OrderRecord | null>(deps.store, 'ERP', 'orderById');
  const idleMs = options.recoveryIdleMs ?? 60_000;
  const capture: OrderCapture = {
    saga,
    changes,
    idempotency,
    fraudThreshold: options.fraudThreshold ?? 60,
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
    async invalidateOrder(externalId, skus, customerExternalId) {
      await Promise.all([erpById.delete(externalId), ...[...new Set(skus)].map((sku) => stock.delete(sku))]);
      if (customerExternalId) await erpByCustomer.delete(customerExternalId);
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
