/**
 * The place-order saga against the ERP and WMS simulators: compensation, crash recovery and
 * idempotency (issue 6, "Saga fault tests"). A "crash" is a saga stopped for good between two
 * steps (its `afterStep` never returns); a fresh set of adapters on the same store then runs
 * the recovery routine, as a restarted subgraph does.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { AdapterError, createCallContext } from '../../adapters/core/src/index.ts';
import { ErpAdapter, ErpOrderChanges, ErpOrderWriter } from '../../adapters/erp/src/index.ts';
import { WmsAdapter } from '../../adapters/wms/src/index.ts';
import { getDataset, type Dataset } from '../../legacy/dataset/src/index.ts';
import { ERP_DEFAULT_CREDENTIALS, createErpSimulator } from '../../legacy/erp/src/index.ts';
import type { Simulator } from '../../legacy/kit/src/index.ts';
import { WMS_DEFAULT_CREDENTIALS, createWmsSimulator } from '../../legacy/wms/src/index.ts';
import {
  PLACE_ORDER_SAGA,
  placeOrderSaga,
  type PlaceOrderCommand,
  type PlaceOrderSagaDeps,
} from '../../subgraphs/orders/src/capture/placeOrderSaga.ts';
import { recoverPlaceOrders } from '../../subgraphs/orders/src/capture/recovery.ts';
import { IdempotencyError, IdempotencyStore, SagaLog } from '../../subgraphs/runtime/src/index.ts';

const FAST = { initialBackoffMs: 1, maxBackoffMs: 5, maxAttempts: 2 } as const;
const POST_ORDER = 'POST /sap/opu/odata/sap/API_SALES_ORDER_SRV/A_SalesOrder';
const ctx = createCallContext({ requestId: 'saga-test' });

let dataset: Dataset;
let erpSim: Simulator;
let wmsSim: Simulator;
let erpUrl: string;
let wmsUrl: string;
let customer: string;
let lines: { sku: string; locationCode: string }[];
let store: Map<unknown, unknown>;

/** One "process": its own adapters, on the shared store (as a restarted subgraph would be). */
function instance(): PlaceOrderSagaDeps {
  const erp = new ErpAdapter({ baseUrl: erpUrl, ...ERP_DEFAULT_CREDENTIALS, resilience: FAST, timeoutMs: 3000 });
  const wms = new WmsAdapter({ baseUrl: wmsUrl, ...WMS_DEFAULT_CREDENTIALS, resilience: FAST, timeoutMs: 3000 });
  const idempotency = IdempotencyStore.forStore(store, { namespace: 'idem:orders' });
  return {
    erp: new ErpOrderWriter(erp),
    changes: new ErpOrderChanges(erp),
    wms,
    idempotency,
    log: new SagaLog(idempotency, PLACE_ORDER_SAGA),
  };
}

async function reserved(deps: PlaceOrderSagaDeps): Promise<number[]> {
  const positions = await deps.wms.getStock(
    ctx,
    lines.map((l) => ({ sku: l.sku, locationCode: l.locationCode })),
  );
  return positions.map((p) => p[0]?.reserved ?? -1);
}

function command(quantities: number[] = [1, 2], customerExternalId = customer): PlaceOrderCommand {
  return {
    customerExternalId,
    channel: 'CALL_CENTRE',
    lines: lines.map((l, i) => ({ ...l, quantity: quantities[i] ?? 1, deliveryMethod: 'SHIP' as const })),
  };
}

const never = () => new Promise<void>(() => undefined);

beforeAll(async () => {
  dataset = getDataset({ scale: 0.05 });
  erpSim = createErpSimulator({ dataset });
  wmsSim = createWmsSimulator({ dataset });
  erpUrl = await erpSim.listen(0, '127.0.0.1');
  wmsUrl = await wmsSim.listen(0, '127.0.0.1');
  customer = dataset.erp.customers[0]!.businessPartner;
  const materials = new Set(dataset.products.map((p) => p.sku));
  const deep = dataset.wms.stock.filter((p) => materials.has(p.sku) && p.onHand - p.reserved - p.allocated - p.safetyStock >= 20);
  const first = deep[0]!;
  const second = deep.find((p) => p.sku !== first.sku)!;
  lines = [first, second].map((p) => ({ sku: p.sku, locationCode: p.locationCode }));
}, 60_000);

afterAll(async () => {
  await erpSim?.close();
  await wmsSim?.close();
});

beforeEach(() => {
  store = new Map();
  erpSim.faults.clear();
});

describe('placeOrder saga', () => {
  it('holds the stock, creates the ERP order, and replays it for the same key', async () => {
    const deps = instance();
    const before = await reserved(deps);
    const first = await placeOrderSaga(deps, ctx, 'key-happy', command([1, 2]));
    expect(first.replayed).toBe(false);
    expect(first.outcome.kind).toBe('placed');
    if (first.outcome.kind !== 'placed') return;
    expect(first.outcome.order.lines?.map((l) => [l.sku, l.quantity])).toEqual([
      [lines[0]!.sku, 1],
      [lines[1]!.sku, 2],
    ]);
    expect(await reserved(deps)).toEqual([before[0]! + 1, before[1]! + 2]);

    const posts = erpSim.counts.get(POST_ORDER) ?? 0;
    const again = await placeOrderSaga(instance(), ctx, 'key-happy', command([1, 2]));
    expect(again.replayed).toBe(true);
    expect(again.outcome).toEqual(first.outcome);
    expect(erpSim.counts.get(POST_ORDER) ?? 0).toBe(posts);
    expect(await reserved(deps)).toEqual([before[0]! + 1, before[1]! + 2]);

    await expect(placeOrderSaga(deps, ctx, 'key-happy', command([3, 3]))).rejects.toMatchObject({ code: 'IDEMPOTENCY_KEY_REUSED' });
  });

  it('answers insufficient stock typed and releases the holds already taken', async () => {
    const deps = instance();
    const before = await reserved(deps);
    const { outcome } = await placeOrderSaga(deps, ctx, 'key-short', command([1, 1_000_000]));
    expect(outcome).toMatchObject({ kind: 'insufficientStock', line: 1, sku: lines[1]!.sku, requested: 1_000_000 });
    expect(await reserved(deps)).toEqual(before);
  });

  it('ERP failing after the WMS holds leaves no orphaned hold, and the key can be retried', async () => {
    const deps = instance();
    const before = await reserved(deps);
    erpSim.faults.set({ errorRate: 1, errorStatus: 500 });
    const failed = placeOrderSaga(deps, ctx, 'key-erp-down', command([2, 1]));
    await expect(failed).rejects.toBeInstanceOf(AdapterError);
    expect(await reserved(deps)).toEqual(before);
    expect(await deps.log.open(0)).toEqual([]);

    erpSim.faults.clear();
    const retried = await placeOrderSaga(instance(), ctx, 'key-erp-down', command([2, 1]));
    expect(retried.outcome.kind).toBe('placed');
    expect(await reserved(deps)).toEqual([before[0]! + 2, before[1]! + 1]);
  });

  it('an ERP refusal is OrderRejected, with every hold released', async () => {
    const deps = instance();
    const before = await reserved(deps);
    const { outcome } = await placeOrderSaga(deps, ctx, 'key-refused', command([1, 1], '0099999999'));
    expect(outcome).toMatchObject({ kind: 'rejected' });
    expect(await reserved(deps)).toEqual(before);
  });

  it('killed after the first hold: recovery on a fresh instance releases it, and a retry places the order once', async () => {
    const crashed = instance();
    const before = await reserved(crashed);
    void placeOrderSaga(crashed, ctx, 'key-crash-1', command([3, 1]), {
      afterStep: async (s) => (s === 'reserve:1:0' ? never() : undefined),
    });
    await expect.poll(() => reserved(crashed), { timeout: 10_000 }).toEqual([before[0]! + 3, before[1]!]);

    // Still running as far as anyone can tell: a retry now is refused, not doubled.
    await expect(placeOrderSaga(instance(), ctx, 'key-crash-1', command([3, 1]))).rejects.toBeInstanceOf(IdempotencyError);

    const restarted = instance();
    const report = await recoverPlaceOrders(restarted, ctx, { idleMs: 0 });
    expect(report).toEqual({ resumed: [], compensated: ['key-crash-1'], pending: [] });
    expect(await reserved(restarted)).toEqual(before);
    expect(await recoverPlaceOrders(restarted, ctx, { idleMs: 0 })).toEqual({ resumed: [], compensated: [], pending: [] });

    const retried = await placeOrderSaga(restarted, ctx, 'key-crash-1', command([3, 1]));
    expect(retried.outcome.kind).toBe('placed');
    expect(await reserved(restarted)).toEqual([before[0]! + 3, before[1]! + 1]);
  });

  it('killed after the ERP order: recovery finishes it as placed, keeps its holds, and a retry returns that order', async () => {
    const crashed = instance();
    const before = await reserved(crashed);
    const posts = erpSim.counts.get(POST_ORDER) ?? 0;
    void placeOrderSaga(crashed, ctx, 'key-crash-2', command([1, 1]), {
      afterStep: async (s) => (s.startsWith('erpOrder:') ? never() : undefined),
    });
    await expect.poll(() => erpSim.counts.get(POST_ORDER) ?? 0, { timeout: 10_000 }).toBe(posts + 1);

    const restarted = instance();
    await expect
      .poll(async () => (await recoverPlaceOrders(restarted, ctx, { idleMs: 0 })).resumed, { timeout: 10_000 })
      .toEqual(['key-crash-2']);
    expect(await reserved(restarted)).toEqual([before[0]! + 1, before[1]! + 1]);

    const retried = await placeOrderSaga(restarted, ctx, 'key-crash-2', command([1, 1]));
    expect(retried.replayed).toBe(true);
    expect(retried.outcome.kind).toBe('placed');
    expect(erpSim.counts.get(POST_ORDER) ?? 0).toBe(posts + 1);
  });

  it('killed while the hold request was in flight: recovery finds the hold by its WMS key and releases it', async () => {
    const deps = instance();
    const before = await reserved(deps);
    // The log says a hold was asked for; the WMS made it, but the answer never got recorded.
    await deps.log.begin('key-lost', `1:${customer}`);
    const request = { sku: lines[0]!.sku, locationCode: lines[0]!.locationCode, quantity: 2, ttlMinutes: 60 };
    await deps.log.record('key-lost', 'reserve:1:0', 'started', JSON.stringify(request));
    const { holdKey, orderReference } = await import('../../subgraphs/orders/src/capture/placeOrderSaga.ts');
    await deps.wms.createReservation(ctx, {
      ...request,
      reference: orderReference('key-lost'),
      idempotencyKey: holdKey(orderReference('key-lost'), 1, 0),
    });
    expect((await reserved(deps))[0]).toBe(before[0]! + 2);

    const report = await recoverPlaceOrders(instance(), ctx, { idleMs: 0 });
    expect(report.compensated).toEqual(['key-lost']);
    expect(await reserved(deps)).toEqual(before);
  });
});
