import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AdapterError, createCallContext } from '../../core/src/index.ts';
import { CARRIER_DEFAULT_CREDENTIALS, createCarrierSimulator, type CarrierSimulator } from '../../../legacy/carrier/src/index.ts';
import { SHIPMENTS, carrierFixture } from '../../../legacy/carrier/test/fixture.ts';
import { CarrierAdapter, type CarrierAddress } from '../src/index.ts';

const ctx = () => createCallContext({ requestId: 'test' });
const FROM: CarrierAddress = {
  name: 'Jiading DC',
  line1: '2000 Jiasong North Road',
  city: 'Shanghai',
  postalCode: '201801',
  countryCode: 'CN',
};
const TO: CarrierAddress = { name: 'Li Na', line1: '500 Nanjing West Road', city: 'Shanghai', postalCode: '200041', countryCode: 'CN' };

let sim: CarrierSimulator;
let carrier: CarrierAdapter;
let url: string;
const calls = (part: string) => [...sim.counts].filter(([k]) => k.includes(part)).reduce((n, [, v]) => n + v, 0);

beforeAll(async () => {
  sim = createCarrierSimulator({ dataset: carrierFixture() });
  url = await sim.listen(0, '127.0.0.1');
  carrier = new CarrierAdapter({ baseUrl: url, ...CARRIER_DEFAULT_CREDENTIALS, resilience: { maxAttempts: 2, initialBackoffMs: 1 } });
});
afterAll(async () => {
  await sim.close();
});

describe('CarrierAdapter.createShipment', () => {
  it('returns tracking number, ZPL label and charge; the same reference gives the same shipment', async () => {
    const request = { reference: 'ful_abc', serviceLevel: 'EXPRESS' as const, shipFrom: FROM, shipTo: TO, packages: [{ weightKg: 2 }] };
    const created = await carrier.createShipment(ctx(), request);
    expect(created.trackingNumber).toMatch(/^1ZR360A107\d{8}$/);
    expect(created.labelFormat).toBe('ZPL');
    expect(Buffer.from(created.labelBase64, 'base64').toString('utf8')).toContain(created.trackingNumber);
    expect(created.charge).toEqual({ amount: expect.stringMatching(/^\d+\.\d{2}$/), currency: 'CNY' });
    expect(await carrier.createShipment(ctx(), request)).toEqual(created);
    const [tracked] = await carrier.track(ctx(), [created.trackingNumber]);
    expect(tracked).toMatchObject({ status: 'PRE_TRANSIT', orderReference: 'ful_abc' });
    expect((await carrier.trackByReference(ctx(), ['ful_abc']))[0]!.map((s) => s.trackingNumber)).toEqual([created.trackingNumber]);
  });

  it('parcels "ORDER/PART" of one order: each its own shipment, all found by the order reference', async () => {
    const base = { serviceLevel: 'STANDARD' as const, shipFrom: FROM, shipTo: TO, packages: [{ weightKg: 1 }] };
    const a = await carrier.createShipment(ctx(), { ...base, reference: 'W2026-0001/ful_1' });
    const b = await carrier.createShipment(ctx(), { ...base, reference: 'W2026-0001/ful_2' });
    expect(a.trackingNumber).not.toBe(b.trackingNumber);
    const [parcels] = await carrier.trackByReference(ctx(), ['W2026-0001']);
    expect(parcels!.map((p) => p.trackingNumber).sort()).toEqual([a.trackingNumber, b.trackingNumber].sort());
  });

  it('ONE_HOUR is no UPS service; a route UPS does not serve is UPSTREAM_REJECTED', async () => {
    const base = { reference: 'ful_x', shipFrom: FROM, shipTo: TO, packages: [{ weightKg: 1 }] };
    const none = await carrier.createShipment(ctx(), { ...base, serviceLevel: 'ONE_HOUR' }).catch((e: unknown) => e);
    expect(none).toBeInstanceOf(AdapterError);
    expect((none as AdapterError).code).toBe('UPSTREAM_REJECTED');
    const abroad = await carrier
      .createShipment(ctx(), {
        ...base,
        reference: 'ful_y',
        serviceLevel: 'STANDARD',
        shipTo: { ...TO, countryCode: 'FR', city: 'Paris', postalCode: '75001' },
      })
      .catch((e: unknown) => e);
    expect((abroad as AdapterError).code).toBe('UPSTREAM_REJECTED');
    expect((abroad as AdapterError).message).toContain('121210');
  });

  it('wrong credentials: UPSTREAM_AUTH_FAILED naming the settings', async () => {
    const wrong = new CarrierAdapter({ baseUrl: url, clientId: 'x', clientSecret: 'y' });
    const err = await wrong
      .createShipment(ctx(), { reference: 'ful_z', serviceLevel: 'STANDARD', shipFrom: FROM, shipTo: TO, packages: [{ weightKg: 1 }] })
      .catch((e: unknown) => e);
    expect((err as AdapterError).code).toBe('UPSTREAM_AUTH_FAILED');
    expect((err as AdapterError).message).toContain('CARRIER_CLIENT_ID');
  });
});

describe('CarrierAdapter.intercept', () => {
  it('accepted: the parcel as tracking shows it after the change', async () => {
    const outcome = await carrier.intercept(ctx(), SHIPMENTS.FAILURE.trackingNumber.toLowerCase(), {
      kind: 'RETURN_TO_SENDER',
      reason: 'REFUSED',
    });
    expect(outcome).toMatchObject({
      outcome: 'ACCEPTED',
      shipment: { trackingNumber: SHIPMENTS.FAILURE.trackingNumber, status: 'RETURN_TO_SENDER' },
    });
  });

  it('too late, with the reason: delivered, out for delivery (redirect), voided', async () => {
    const redirect = {
      kind: 'REDIRECT' as const,
      address: { ...TO, stateCode: 'SH' },
    };
    expect(await carrier.intercept(ctx(), SHIPMENTS.DELIVERED.trackingNumber, { kind: 'HOLD_AT_LOCATION' })).toMatchObject({
      outcome: 'TOO_LATE',
      reason: 'DELIVERED',
      carrierCode: '7101',
    });
    expect(await carrier.intercept(ctx(), SHIPMENTS.OUT_FOR_DELIVERY.trackingNumber, redirect)).toMatchObject({
      outcome: 'TOO_LATE',
      reason: 'OUT_FOR_DELIVERY',
    });
    expect(await carrier.intercept(ctx(), SHIPMENTS.CANCELLED.trackingNumber, redirect)).toMatchObject({
      outcome: 'TOO_LATE',
      reason: 'CANCELLED',
    });
  });

  it('not found: unknown numbers are asked, impossible ones are not', async () => {
    sim.resetStats();
    expect(await carrier.intercept(ctx(), '1Z0000000000000000', { kind: 'HOLD_AT_LOCATION' })).toEqual({ outcome: 'NOT_FOUND' });
    expect(calls('/deliveryintercept/')).toBe(1);
    expect(await carrier.intercept(ctx(), '12345', { kind: 'HOLD_AT_LOCATION' })).toEqual({ outcome: 'NOT_FOUND' });
    expect(calls('/deliveryintercept/')).toBe(1);
  });

  it('an intercept is never retried blindly: a 503 is a failure after one attempt', async () => {
    sim.resetStats();
    sim.faults.set({ errorRate: 1, errorStatus: 503 });
    try {
      const err = await carrier
        .intercept(ctx(), SHIPMENTS.IN_TRANSIT.trackingNumber, { kind: 'HOLD_AT_LOCATION' })
        .catch((e: unknown) => e);
      expect((err as AdapterError).code).toBe('UPSTREAM_UNAVAILABLE');
    } finally {
      sim.faults.clear();
    }
    expect(calls('/deliveryintercept/')).toBe(1);
  });
});

describe('CarrierAdapter.trackByReference', () => {
  it('one call per distinct reference; [] where UPS knows none', async () => {
    sim.resetStats();
    const refs = [SHIPMENTS.DELIVERED.orderId, 'NOPE123', SHIPMENTS.DELIVERED.orderId];
    const found = await carrier.trackByReference(ctx(), refs);
    expect(found.map((list) => list.map((s) => s.trackingNumber))).toEqual([
      [SHIPMENTS.DELIVERED.trackingNumber],
      [],
      [SHIPMENTS.DELIVERED.trackingNumber],
    ]);
    expect(found[0]![0]!.status).toBe('DELIVERED');
    expect(calls('/track/v1/reference/')).toBe(2);
  });

  it('a failing carrier fails the batch without being asked for the remaining references', async () => {
    const two = new CarrierAdapter({ baseUrl: url, ...CARRIER_DEFAULT_CREDENTIALS, trackConcurrency: 2, resilience: { maxAttempts: 1 } });
    await two.track(ctx(), [SHIPMENTS.DELIVERED.trackingNumber]); // token first
    sim.resetStats();
    sim.faults.set({ errorRate: 1, errorStatus: 503 });
    try {
      const refs = Array.from({ length: 10 }, (_, i) => `REF${i}`);
      const err = await two.trackByReference(ctx(), refs).catch((e: unknown) => e);
      expect((err as AdapterError).code).toBe('UPSTREAM_UNAVAILABLE');
    } finally {
      sim.faults.clear();
    }
    expect(calls('/track/v1/reference/')).toBeLessThanOrEqual(2);
  });
});
