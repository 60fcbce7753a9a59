import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { AdapterError, createCallContext, type AttemptEvent } from '../../core/src/index.ts';
import { getDataset } from '../../../legacy/dataset/src/index.ts';
import type { Simulator } from '../../../legacy/kit/src/index.ts';
import { WMS_DEFAULT_CREDENTIALS, createWmsSimulator } from '../../../legacy/wms/src/index.ts';
import { wmsFixture } from '../../../legacy/wms/test/fixture.ts';
import { WmsAdapter, type WmsAdapterOptions } from '../src/index.ts';

const ctx = () => createCallContext({ requestId: 'test' });
const FAST = { maxAttempts: 2, initialBackoffMs: 1, maxBackoffMs: 2000 };

let sim: Simulator;
let url: string;
let attempts: AttemptEvent[];

function adapter(overrides: Partial<WmsAdapterOptions> = {}): WmsAdapter {
  return new WmsAdapter({
    baseUrl: url,
    ...WMS_DEFAULT_CREDENTIALS,
    resilience: FAST,
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
attempts = [];

const soapCalls = () => sim.counts.get('POST /ws/WarehouseService') ?? 0;

describe('getLocations', () => {
  it('maps every location to a LocationRecord', async () => {
    const locations = await adapter().getLocations(ctx());
    expect(locations.map((l) => l.code)).toEqual(['DC01', 'ST001', 'SUP01']);
    expect(locations[1]).toEqual({
      code: 'ST001',
      kind: 'STORE',
      name: 'ST001 & Co <test>',
      address: { line1: 'ST001 Road 1', city: 'Shanghai', district: 'Pudong', postcode: '200120', country: 'CN' },
      latitude: 31.2381,
      longitude: 121.5029,
      posLocationId: 'LPOS000000001',
      labourCapacityPerHour: 40,
      peakHours: [12, 18],
      leadTimeDays: 0,
      openedOn: '2019-03-01',
    });
    expect(locations[0]).toMatchObject({ kind: 'DC', labourCapacityPerHour: 600, peakHours: [9, 10, 14, 15], leadTimeDays: 1 });
    expect(locations[0]?.posLocationId).toBeUndefined();
    expect(locations[2]).toMatchObject({ kind: 'SUPPLIER', peakHours: [], leadTimeDays: 4 });
  });
});

describe('getStock', () => {
  it('answers every key from one SOAP request, aligned to the keys', async () => {
    const result = await adapter().getStock(ctx(), [
      { sku: 'SKU-000001' },
      { sku: 'SKU-000001', locationCode: 'ST001' },
      { sku: 'NOPE' },
      { sku: 'SKU-000002', locationCode: 'DC01' },
      { sku: 'SKU-000002', locationCode: 'XX999' },
      { sku: '00123' },
    ]);
    expect(soapCalls()).toBe(1);
    expect(result.map((list) => list.map((r) => `${r.sku}@${r.locationCode}`))).toEqual([
      ['SKU-000001@DC01', 'SKU-000001@ST001'],
      ['SKU-000001@ST001'],
      [],
      [],
      [],
      ['00123@DC01'],
    ]);
    expect(result[0]?.[0]).toEqual({
      sku: 'SKU-000001',
      locationCode: 'DC01',
      onHand: 300,
      reserved: 0,
      allocated: 0,
      safetyStock: 20,
      inbound: [
        { quantity: 100, eta: '2026-11-04', reference: 'PO-4500000001' },
        { quantity: 50, eta: '2026-11-09', reference: 'PO-4500000002' },
      ],
      channelReservations: [],
      businessDate: '2026-11-01',
    });
    expect(result[1]?.[0]).toEqual({
      sku: 'SKU-000001',
      locationCode: 'ST001',
      onHand: 12,
      reserved: 2,
      allocated: 1,
      safetyStock: 3,
      inbound: [],
      channelReservations: [],
      businessDate: '2026-11-01',
    });
  });

  it('makes no call for no keys', async () => {
    expect(await adapter().getStock(ctx(), [])).toEqual([]);
    expect(soapCalls()).toBe(0);
  });

  it('sends hostile SKUs as escaped text: searched literally, nothing found, nothing injected', async () => {
    const result = await adapter().getStock(ctx(), [
      { sku: '</Sku><Sku>' },
      { sku: '</Sku><Sku>SKU-000001' },
      { sku: 'SKU-000001&' },
      { sku: 'SKU-000001' },
    ]);
    expect(soapCalls()).toBe(1);
    expect(result.slice(0, 3)).toEqual([[], [], []]);
    expect(result[3]).toHaveLength(2);
  });

  it('answers keys no WMS SKU can match without sending them', async () => {
    const result = await adapter().getStock(ctx(), [{ sku: 'x'.repeat(41) }, { sku: 'bad\u0001char' }, { sku: '' }]);
    expect(result).toEqual([[], [], []]);
    expect(soapCalls()).toBe(0);
  });
});

describe('getStock at dataset scale 0.05', () => {
  const dataset = getDataset({ scale: 0.05 });
  let big: Simulator;
  let bigUrl: string;
  beforeAll(async () => {
    big = createWmsSimulator({ dataset });
    bigUrl = await big.listen(0, '127.0.0.1');
  });
  afterAll(async () => {
    await big.close();
  });

  it('splits 150 SKUs into two requests of at most 100 and matches the dataset', async () => {
    const skus = [...new Set(dataset.wms.stock.map((p) => p.sku))].slice(0, 90);
    const keys = [...skus.map((sku) => ({ sku })), ...Array.from({ length: 60 }, (_, i) => ({ sku: `UNKNOWN-${i}` }))];
    const result = await adapter({ baseUrl: bigUrl }).getStock(ctx(), keys);
    expect(big.counts.get('POST /ws/WarehouseService')).toBe(2);
    expect(result).toHaveLength(150);
    skus.forEach((sku, i) => {
      const expected = dataset.wms.stock.filter((p) => p.sku === sku);
      expect(result[i]?.length).toBe(expected.length);
      for (const p of expected) {
        expect(result[i]).toContainEqual({
          sku,
          locationCode: p.locationCode,
          onHand: p.onHand,
          reserved: p.reserved,
          allocated: p.allocated,
          safetyStock: p.safetyStock,
          inbound: p.inbound,
          channelReservations: [],
          businessDate: expect.stringMatching(/^2026-11-0[12]$/),
        });
      }
    });
    expect(result.slice(90).every((list) => list.length === 0)).toBe(true);
  });
});

describe('faults', () => {
  it('turns the auth fault into UPSTREAM_AUTH_FAILED naming the settings', async () => {
    const err = await failure(adapter({ password: 'wrong' }).getLocations(ctx()));
    expect(err.code).toBe('UPSTREAM_AUTH_FAILED');
    expect(err.status).toBe(500);
    expect(err.message).toContain('WMS_USERNAME / WMS_PASSWORD');
    expect(err.message).toContain('WMS-1001');
    expect(err.message).not.toContain('wrong');
    expect(attempts).toHaveLength(1);
  });

  it('turns a Server fault (HTTP 500) into UPSTREAM_UNAVAILABLE carrying the fault code', async () => {
    sim.faults.set({ errorRate: 1, errorStatus: 500 });
    const err = await failure(adapter().getLocations(ctx()));
    expect(err.code).toBe('UPSTREAM_UNAVAILABLE');
    expect(err.message).toContain('soap:Server WMS-9000');
    expect((err.cause as { errorCode?: string }).errorCode).toBe('WMS-9000');
  });

  it('retries an injected 503 and then gives up with UPSTREAM_UNAVAILABLE', async () => {
    sim.faults.set({ errorRate: 1, errorStatus: 503 });
    const err = await failure(adapter().getStock(ctx(), [{ sku: 'SKU-000001' }]));
    expect(err.code).toBe('UPSTREAM_UNAVAILABLE');
    expect(err.status).toBe(503);
    expect(soapCalls()).toBe(2);
  });

  it('waits out an injected 429 for Retry-After and succeeds', async () => {
    const wms = adapter();
    sim.faults.set({ rateLimitRate: 0.5, retryAfterSeconds: 1 });
    await wms.getLocations(ctx());
    const started = Date.now();
    const locations = await wms.getLocations(ctx());
    expect(locations).toHaveLength(3);
    expect(Date.now() - started).toBeGreaterThanOrEqual(900);
    expect(attempts.map((a) => a.outcome)).toEqual(['ok', 'UPSTREAM_RATE_LIMITED', 'ok']);
  });

  it('gives up with UPSTREAM_RATE_LIMITED when every attempt is throttled', async () => {
    sim.faults.set({ rateLimitRate: 1, retryAfterSeconds: 0 });
    const err = await failure(adapter().getLocations(ctx()));
    expect(err.code).toBe('UPSTREAM_RATE_LIMITED');
  });

  it('times out a hanging WMS with UPSTREAM_TIMEOUT', async () => {
    sim.faults.set({ outage: 'hang' });
    const err = await failure(adapter({ timeoutMs: 150, resilience: { maxAttempts: 1 } }).getLocations(ctx()));
    expect(err.code).toBe('UPSTREAM_TIMEOUT');
  });

  it('reports a cut-off body as UPSTREAM_BAD_RESPONSE', async () => {
    sim.faults.set({ malformedRate: 1 });
    const err = await failure(adapter().getStock(ctx(), [{ sku: 'SKU-000001' }]));
    expect(err.code).toBe('UPSTREAM_BAD_RESPONSE');
  });

  it('reports a refused connection as UPSTREAM_UNAVAILABLE', async () => {
    sim.faults.set({ outage: 'refuse' });
    const err = await failure(adapter({ resilience: { maxAttempts: 1 } }).getLocations(ctx()));
    expect(err.code).toBe('UPSTREAM_UNAVAILABLE');
  });
});
