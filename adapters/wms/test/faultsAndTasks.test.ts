import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { AdapterError, createCallContext, type AttemptEvent } from '../../core/src/index.ts';
import type { Simulator } from '../../../legacy/kit/src/index.ts';
import { WMS_DEFAULT_CREDENTIALS, createWmsSimulator } from '../../../legacy/wms/src/index.ts';
import { wmsFixture } from '../../../legacy/wms/test/fixture.ts';
import { WmsAdapter, type WmsAdapterOptions } from '../src/index.ts';

const ctx = () => createCallContext({ requestId: 'test' });

let sim: Simulator;
let url: string;
let attempts: AttemptEvent[] = [];

function adapter(overrides: Partial<WmsAdapterOptions> = {}): WmsAdapter {
  return new WmsAdapter({
    baseUrl: url,
    ...WMS_DEFAULT_CREDENTIALS,
    resilience: { maxAttempts: 3, initialBackoffMs: 1, maxBackoffMs: 5, breakerConsecutiveFailures: 3, halfOpenAfterMs: 60_000 },
    onAttempt: (e) => attempts.push(e),
    ...overrides,
  });
}

async function failure(promise: Promise<unknown>): Promise<AdapterError> {
  const err = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(AdapterError);
  return err as AdapterError;
}

const soapCalls = () => sim.counts.get('POST /ws/WarehouseService') ?? 0;

beforeAll(async () => {
  sim = createWmsSimulator({ dataset: wmsFixture() });
  url = await sim.listen(0, '127.0.0.1');
});
afterEach(() => {
  sim.faults.clear();
  sim.resetStats();
  attempts = [];
});
afterAll(async () => {
  await sim.close();
});

describe('SOAP faults and resilience', () => {
  it('retries a read answered with a soap:Server fault (HTTP 500) and counts it as a failed attempt', async () => {
    sim.faults.set({ errorRate: 1, errorStatus: 500 });
    const err = await failure(adapter().getLocations(ctx()));
    expect(err.code).toBe('UPSTREAM_UNAVAILABLE');
    expect(err.retryable).toBe(true);
    expect(soapCalls()).toBe(3);
    expect(attempts.map((a) => a.outcome)).toEqual(['UPSTREAM_UNAVAILABLE', 'UPSTREAM_UNAVAILABLE', 'UPSTREAM_UNAVAILABLE']);
  });

  it('opens the circuit after consecutive server faults', async () => {
    const wms = adapter({ resilience: { maxAttempts: 1, breakerConsecutiveFailures: 3, halfOpenAfterMs: 60_000 } });
    sim.faults.set({ errorRate: 1, errorStatus: 500 });
    for (let i = 0; i < 3; i++) await failure(wms.getLocations(ctx()));
    expect(wms.client.circuitState()).toBe('open');
    sim.faults.clear();
    const err = await failure(wms.getLocations(ctx()));
    expect(err.code).toBe('CIRCUIT_OPEN');
  });

  it('does not retry a server fault on a write that cannot be repeated, and says so', async () => {
    sim.faults.set({ errorRate: 1, errorStatus: 500 });
    const err = await failure(
      adapter().receiveStock(ctx(), { locationCode: 'DC01', reference: 'PO-4500000001', lines: [{ sku: 'SKU-000001', quantity: 1 }] }),
    );
    expect(err.code).toBe('UPSTREAM_UNAVAILABLE');
    expect(err.retryable).toBe(false);
    expect(soapCalls()).toBe(1);
  });

  it('keeps a business (Client) fault a refusal: one attempt, no circuit count', async () => {
    const wms = adapter({ resilience: { maxAttempts: 3, breakerConsecutiveFailures: 2, halfOpenAfterMs: 60_000 } });
    for (let i = 0; i < 3; i++) {
      const err = await failure(
        wms.consumeReservation(ctx(), 'R000000001', 'SALE-1').then(() => wms.consumeReservation(ctx(), 'R000000001', 'SALE-2')),
      );
      expect(err.code).toBe('UPSTREAM_REJECTED');
      expect(err.retryable).toBe(false);
    }
    expect(wms.client.circuitState()).toBe('closed');
    expect(attempts.filter((a) => a.outcome === 'UPSTREAM_REJECTED')).toHaveLength(3);
  });
});

describe('fulfilment tasks', () => {
  it('creates a task once per idempotency key, allocating its stock, and refuses more than is there', async () => {
    const wms = adapter();
    const input = {
      kind: 'PICK' as const,
      fulfilmentType: 'PICKUP' as const,
      locationCode: 'DC01',
      orderReference: 'ORD-ERP-1',
      priority: 'EXPRESS' as const,
      lines: [{ sku: 'SKU-000001', quantity: 5 }],
      idempotencyKey: 'k-1',
    };
    const first = await wms.createTask(ctx(), input);
    const again = await wms.createTask(ctx(), input);
    expect(first.outcome).toBe('CREATED');
    expect(again).toMatchObject({ outcome: 'CREATED', replayed: true });
    if (first.outcome !== 'CREATED' || again.outcome !== 'CREATED') throw new Error('unreachable');
    expect(again.task.id).toBe(first.task.id);
    const [position] = (await wms.getStock(ctx(), [{ sku: 'SKU-000001', locationCode: 'DC01' }]))[0]!;
    expect(position!.allocated).toBe(5);
    const tooMuch = await wms.createTask(ctx(), { ...input, idempotencyKey: 'k-2', lines: [{ sku: 'SKU-000001', quantity: 10_000 }] });
    expect(tooMuch).toEqual({ outcome: 'INSUFFICIENT_STOCK', sku: 'SKU-000001', available: 275, requested: 10_000 });
  });

  it('moves a pickup through its states, refuses a wrong code and a forbidden move, and finds it by order', async () => {
    const wms = adapter();
    const created = await wms.createTask(ctx(), {
      kind: 'PICK',
      fulfilmentType: 'PICKUP',
      locationCode: 'ST001',
      orderReference: 'ORD-ERP-2',
      lines: [{ sku: 'SKU-000001', quantity: 2 }],
    });
    if (created.outcome !== 'CREATED') throw new Error('not created');
    const id = created.task.id;
    expect((await wms.updateTask(ctx(), { taskId: id, action: 'SHIP' }))?.outcome).toBe('INVALID_TRANSITION');
    expect((await wms.updateTask(ctx(), { taskId: id, action: 'ACCEPT' }))?.outcome).toBe('DONE');
    expect((await wms.updateTask(ctx(), { taskId: id, action: 'ACCEPT' }))?.outcome).toBe('UNCHANGED');
    expect((await wms.updateTask(ctx(), { taskId: id, action: 'PICK' }))?.task.lines[0]?.pickedQuantity).toBe(2);
    expect((await wms.updateTask(ctx(), { taskId: id, action: 'READY_FOR_PICKUP', pickupCode: '123456' }))?.outcome).toBe('DONE');
    expect((await wms.updateTask(ctx(), { taskId: id, action: 'HAND_OVER', pickupCode: '000000' }))?.outcome).toBe('WRONG_PICKUP_CODE');
    const handed = await wms.updateTask(ctx(), { taskId: id, action: 'HAND_OVER', pickupCode: '123456' });
    expect(handed?.task.status).toBe('HANDED_OVER');
    expect(handed?.task.events.map((e) => e.status)).toEqual(['CREATED', 'ACCEPTED', 'PICKED', 'READY_FOR_PICKUP', 'HANDED_OVER']);
    const [found] = await wms.getTasks(ctx(), { orderReferences: ['ORD-ERP-2'] });
    expect(found?.id).toBe(id);
    expect(await wms.updateTask(ctx(), { taskId: 'T999999999', action: 'ACCEPT' })).toBeNull();
  });
});
