import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { AdapterError, createCallContext, type AttemptEvent } from '../../core/src/index.ts';
import { getDataset, type TrackingStatus } from '../../../legacy/dataset/src/index.ts';
import { CARRIER_DEFAULT_CREDENTIALS, createCarrierSimulator, type CarrierSimulator } from '../../../legacy/carrier/src/index.ts';
import { SHIPMENTS, carrierFixture } from '../../../legacy/carrier/test/fixture.ts';
import { CarrierAdapter, type CarrierAdapterOptions } from '../src/index.ts';

const ctx = () => createCallContext({ requestId: 'test' });
const FAST = { maxAttempts: 2, initialBackoffMs: 1, maxBackoffMs: 2000 };
const TOKEN = 'POST /security/v1/oauth/token';

let sim: CarrierSimulator;
let url: string;
let attempts: AttemptEvent[] = [];

function adapter(overrides: Partial<CarrierAdapterOptions> = {}): CarrierAdapter {
  return new CarrierAdapter({
    baseUrl: url,
    ...CARRIER_DEFAULT_CREDENTIALS,
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

const trackCalls = () => [...sim.counts].filter(([k]) => k.startsWith('GET /api/track/v1/details/')).reduce((n, [, v]) => n + v, 0);

beforeAll(async () => {
  sim = createCarrierSimulator({ dataset: carrierFixture() });
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

const truncateToSecond = (iso: string) => new Date(Math.floor(Date.parse(iso) / 1000) * 1000).toISOString();

describe('track', () => {
  it('round-trips every tracking status through UPS codes and back', async () => {
    const statuses = Object.keys(SHIPMENTS) as TrackingStatus[];
    const records = await adapter().track(
      ctx(),
      statuses.map((st) => SHIPMENTS[st].trackingNumber),
    );
    statuses.forEach((status, i) => {
      const shipment = SHIPMENTS[status];
      const record = records[i]!;
      expect(record.status, status).toBe(status);
      expect(record.carrier).toBe('UPS');
      expect(record.trackingNumber).toBe(shipment.trackingNumber);
      expect(record.orderReference).toBe(shipment.orderId);
      expect(record.events.map((e) => e.status)).toEqual(shipment.events.map((e) => e.status));
      expect(record.events.map((e) => e.at)).toEqual(shipment.events.map((e) => truncateToSecond(e.at)));
      expect(record.events.map((e) => e.description)).toEqual(shipment.events.map((e) => e.description));
      expect(record.events.map((e) => e.location)).toEqual(shipment.events.map((e) => `${e.city}, CN`));
      expect(record.estimatedDelivery).toBe(shipment.estimatedDelivery);
    });
  });

  it('keeps the untouched UPS status beside the canonical one', async () => {
    const [delivered, pickup] = await adapter().track(ctx(), [
      SHIPMENTS.DELIVERED.trackingNumber,
      SHIPMENTS.AVAILABLE_FOR_PICKUP.trackingNumber,
    ]);
    expect(delivered).toMatchObject({ status: 'DELIVERED', sourceStatus: 'D/011' });
    // UPS files Access Point parcels under type D: only the status code tells them apart.
    expect(pickup).toMatchObject({ status: 'AVAILABLE_FOR_PICKUP', sourceStatus: 'D/161' });
  });

  it('answers unknown numbers with null and aligns results to the keys, asking once per distinct number', async () => {
    const n = SHIPMENTS.IN_TRANSIT.trackingNumber;
    const result = await adapter().track(ctx(), [n, '1Z9999999999999999', ` ${n.toLowerCase()} `, n]);
    expect(result.map((r) => r?.status ?? null)).toEqual(['IN_TRANSIT', null, 'IN_TRANSIT', 'IN_TRANSIT']);
    expect(trackCalls()).toBe(2);
  });

  it('never sends numbers UPS could not resolve (path injection, wrong length)', async () => {
    const result = await adapter().track(ctx(), ['../../security/v1/oauth/token', '1Z?x=1#', '1Z12', 'A'.repeat(35), '']);
    expect(result).toEqual([null, null, null, null, null]);
    expect(sim.totalCalls()).toBe(0);
  });

  it('runs at most trackConcurrency calls at once', async () => {
    const gated = createCarrierSimulator({ dataset: carrierFixture() });
    let inFlight = 0;
    let peak = 0;
    gated.app.addHook('onRequest', async (request) => {
      if (!request.url.startsWith('/api/track/')) return;
      peak = Math.max(peak, ++inFlight);
      await sleep(30);
    });
    gated.app.addHook('onResponse', async (request) => {
      if (request.url.startsWith('/api/track/')) inFlight--;
    });
    const gatedUrl = await gated.listen(0, '127.0.0.1');
    try {
      const numbers = Object.values(SHIPMENTS).map((s) => s.trackingNumber);
      const records = await adapter({ baseUrl: gatedUrl, trackConcurrency: 3 }).track(ctx(), numbers);
      expect(records.every((r) => r !== null)).toBe(true);
      expect(peak).toBe(3);
    } finally {
      await gated.close();
    }
  });
});

describe('OAuth token', () => {
  it('fetches one token for 10 track calls', async () => {
    const carrier = adapter();
    for (let i = 0; i < 10; i++) await carrier.track(ctx(), [SHIPMENTS.DELIVERED.trackingNumber]);
    expect(sim.counts.get(TOKEN)).toBe(1);
    expect(trackCalls()).toBe(10);
  });

  it('shares one refresh between concurrent callers', async () => {
    const carrier = adapter();
    await Promise.all(Array.from({ length: 10 }, () => carrier.track(ctx(), [SHIPMENTS.IN_TRANSIT.trackingNumber])));
    expect(sim.counts.get(TOKEN)).toBe(1);
  });

  it('refreshes the token before it expires', async () => {
    let now = Date.now();
    const carrier = adapter({ clock: () => now });
    await carrier.track(ctx(), [SHIPMENTS.DELIVERED.trackingNumber]);
    now += 14_399_000 - 61_000;
    await carrier.track(ctx(), [SHIPMENTS.DELIVERED.trackingNumber]);
    expect(sim.counts.get(TOKEN)).toBe(1);
    now += 2_000;
    await carrier.track(ctx(), [SHIPMENTS.DELIVERED.trackingNumber]);
    expect(sim.counts.get(TOKEN)).toBe(2);
  });

  it('fetches a new token when UPS drops the cached one early', async () => {
    const short = createCarrierSimulator({ dataset: carrierFixture(), tokenTtlSeconds: 1 });
    const shortUrl = await short.listen(0, '127.0.0.1');
    try {
      const frozen = Date.now();
      // The adapter's clock stands still: it believes the token is fresh; UPS no longer does.
      const carrier = adapter({ baseUrl: shortUrl, clock: () => frozen - 1_000_000 });
      await carrier.track(ctx(), [SHIPMENTS.DELIVERED.trackingNumber]);
      await sleep(1100);
      const [again] = await carrier.track(ctx(), [SHIPMENTS.DELIVERED.trackingNumber]);
      expect(again?.status).toBe('DELIVERED');
      expect(short.tokensIssued()).toBe(2);
    } finally {
      await short.close();
    }
  });

  it('reports refused client credentials as UPSTREAM_AUTH_FAILED naming the settings', async () => {
    const err = await failure(adapter({ clientSecret: 'wrong' }).track(ctx(), [SHIPMENTS.DELIVERED.trackingNumber]));
    expect(err.code).toBe('UPSTREAM_AUTH_FAILED');
    expect(err.status).toBe(401);
    expect(err.message).toContain('CARRIER_CLIENT_ID / CARRIER_CLIENT_SECRET');
    expect(err.message).not.toContain('wrong');
    expect(trackCalls()).toBe(0);
  });
});

describe('failures', () => {
  it('waits out an injected 429 for Retry-After and succeeds', async () => {
    const carrier = adapter();
    sim.faults.set({ rateLimitRate: 0.5, retryAfterSeconds: 1 });
    const started = Date.now();
    // token (ok), track (429), track again (ok)
    const [record] = await carrier.track(ctx(), [SHIPMENTS.DELIVERED.trackingNumber]);
    expect(record?.status).toBe('DELIVERED');
    expect(Date.now() - started).toBeGreaterThanOrEqual(900);
    expect(attempts.map((a) => `${a.operation}:${a.outcome}`)).toEqual(['token:ok', 'track:UPSTREAM_RATE_LIMITED', 'track:ok']);
  });

  it('gives up on a failing carrier with UPSTREAM_UNAVAILABLE', async () => {
    const carrier = adapter();
    await carrier.track(ctx(), [SHIPMENTS.DELIVERED.trackingNumber]);
    sim.faults.set({ errorRate: 1, errorStatus: 503 });
    const err = await failure(carrier.track(ctx(), [SHIPMENTS.DELIVERED.trackingNumber]));
    expect(err.code).toBe('UPSTREAM_UNAVAILABLE');
    expect(trackCalls()).toBe(3);
  });

  it('times out a hanging carrier with UPSTREAM_TIMEOUT', async () => {
    sim.faults.set({ outage: 'hang' });
    const err = await failure(
      adapter({ timeoutMs: 150, resilience: { maxAttempts: 1 } }).track(ctx(), [SHIPMENTS.DELIVERED.trackingNumber]),
    );
    expect(err.code).toBe('UPSTREAM_TIMEOUT');
  });

  it('reports a cut-off body as UPSTREAM_BAD_RESPONSE', async () => {
    const carrier = adapter();
    await carrier.track(ctx(), [SHIPMENTS.DELIVERED.trackingNumber]);
    sim.faults.set({ malformedRate: 1 });
    const err = await failure(carrier.track(ctx(), [SHIPMENTS.DELIVERED.trackingNumber]));
    expect(err.code).toBe('UPSTREAM_BAD_RESPONSE');
  });
});

describe('rates', () => {
  it('prices every service level as canonical quotes', async () => {
    const quotes = await adapter().rates(ctx(), {
      from: { postcode: '201801', country: 'CN' },
      to: { postcode: '200120', city: 'Shanghai', country: 'CN' },
      weightKg: 2.3,
    });
    expect(quotes.map((q) => q.serviceLevel)).toEqual(['EXPRESS', 'SAVER', 'STANDARD']);
    for (const q of quotes) {
      expect(q.total.currency).toBe('CNY');
      expect(q.total.amount).toMatch(/^\d+\.\d{2}$/);
      expect(q.billableWeightKg).toBe(2.5);
      expect(q.transitDays).toBeGreaterThanOrEqual(1);
    }
    expect(quotes[0]).toMatchObject({ serviceCode: '07', serviceName: 'UPS Express' });
  });

  it('answers a route UPS does not serve with no quotes', async () => {
    const quotes = await adapter().rates(ctx(), {
      from: { postcode: '201801', country: 'CN' },
      to: { postcode: '10001', country: 'US' },
      weightKg: 1,
    });
    expect(quotes).toEqual([]);
  });

  it('turns any other refusal into UPSTREAM_REJECTED', async () => {
    const err = await failure(
      adapter().rates(ctx(), { from: { postcode: '201801', country: 'CN' }, to: { postcode: '200120', country: 'CN' }, weightKg: 0 }),
    );
    expect(err.code).toBe('UPSTREAM_REJECTED');
    expect(err.message).toContain('111035');
  });
});

describe('at dataset scale 0.05', () => {
  it('tracks a sample of the generated parcels back to their dataset status', async () => {
    const dataset = getDataset({ scale: 0.05 });
    const big = createCarrierSimulator({ dataset });
    const bigUrl = await big.listen(0, '127.0.0.1');
    try {
      const statuses = [...new Set(dataset.carrier.shipments.map((s) => s.status))];
      const sample = statuses.flatMap((st) => dataset.carrier.shipments.filter((s) => s.status === st).slice(0, 3));
      const records = await adapter({ baseUrl: bigUrl }).track(
        ctx(),
        sample.map((s) => s.trackingNumber),
      );
      sample.forEach((s, i) => {
        expect(records[i]?.status).toBe(s.status);
        expect(records[i]?.events.map((e) => e.status)).toEqual(s.events.map((e) => e.status));
        expect(records[i]?.orderReference).toBe(s.orderId);
      });
      expect(big.tokensIssued()).toBe(1);
    } finally {
      await big.close();
    }
  });
});
