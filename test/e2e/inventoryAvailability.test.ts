import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { locationId } from '../../subgraphs/inventory/src/index.ts';
import { CENTRE, inventoryFixture } from './inventory/fixture.ts';
import { startHarness, type Harness } from './inventory/harness.ts';

const AVAILABILITY = /* GraphQL */ `
  query ($sku: String!, $ids: [ID!], $date: String, $q: Int) {
    _entities(representations: [{ __typename: "Product", sku: $sku }]) {
      ... on Product {
        availability(locationIds: $ids, date: $date, quantity: $q) {
          location {
            id
            code
            kind
          }
          onHand
          reserved
          allocated
          safetyStock
          inboundByDate
          atpRaw
          atp
          date
          quantity
          earliestDate
          inbound {
            quantity
            eta
            reference
            countsOnDate
          }
          channelReservations {
            channel
            quantity
          }
          byChannel {
            channel
            ownReserved
            buffer
            atp
            earliestDate
          }
        }
        networkAvailability(date: $date, quantity: $q) {
          date
          onHand
          reserved
          allocated
          safetyStock
          inboundByDate
          atp
          earliestDate
          locationsAbleToPromise
        }
      }
    }
  }
`;

interface Availability {
  location: { id: string; code: string; kind: string };
  onHand: number;
  reserved: number;
  allocated: number;
  safetyStock: number;
  inboundByDate: number;
  atpRaw: number;
  atp: number;
  date: string;
  earliestDate: string | null;
  inbound: { quantity: number; eta: string; reference: string; countsOnDate: boolean }[];
  byChannel: { channel: string; ownReserved: number; buffer: number; atp: number; earliestDate: string | null }[];
}
type Entities = { _entities: { availability: Availability[]; networkAvailability: Record<string, unknown> }[] };

let h: Harness;
beforeAll(async () => {
  h = await startHarness(inventoryFixture());
});
afterAll(async () => {
  await h.close();
});

const byCode = (list: Availability[]) => Object.fromEntries(list.map((a) => [a.location.code, a]));

describe('Product.availability and networkAvailability', () => {
  it('shows every input and the ATP per location on the WMS business date', async () => {
    const res = await h.run<Entities>(AVAILABILITY, { sku: 'SKU-ATP-1', q: 12 });
    expect(res.errors).toBeUndefined();
    const product = res.data!._entities[0]!;
    const at = byCode(product.availability);
    expect(Object.keys(at).sort()).toEqual(['DC01', 'ST001', 'ST002']);
    expect(at.ST001).toMatchObject({
      location: { id: locationId('ST001'), kind: 'STORE' },
      onHand: 20,
      reserved: 3,
      allocated: 2,
      safetyStock: 4,
      inboundByDate: 0,
      atpRaw: 11,
      atp: 11,
      date: '2026-11-01',
      earliestDate: '2026-11-03',
    });
    expect(at.ST001!.inbound).toEqual([
      { quantity: 5, eta: '2026-11-03', reference: 'TR-DC01-ST001-000001', countsOnDate: false },
      { quantity: 10, eta: '2026-11-10', reference: 'TR-DC01-ST001-000002', countsOnDate: false },
    ]);
    expect(at.ST002).toMatchObject({ atpRaw: -2, atp: 0, earliestDate: null });
    expect(at.DC01).toMatchObject({ atp: 70, earliestDate: '2026-11-01' });
    expect(product.networkAvailability).toEqual({
      date: '2026-11-01',
      onHand: 122,
      reserved: 4,
      allocated: 12,
      safetyStock: 27,
      inboundByDate: 0,
      atp: 81,
      earliestDate: '2026-11-01',
      locationsAbleToPromise: 1,
    });
  });

  it('counts inbound due on or before the asked date', async () => {
    const res = await h.run<Entities>(AVAILABILITY, { sku: 'SKU-ATP-1', date: '2026-11-05', q: 100 });
    const product = res.data!._entities[0]!;
    const at = byCode(product.availability);
    expect(at.ST001).toMatchObject({ inboundByDate: 5, atp: 16, date: '2026-11-05' });
    expect(at.ST001!.inbound.map((i) => i.countsOnDate)).toEqual([true, false]);
    expect(at.ST002).toMatchObject({ inboundByDate: 4, atpRaw: 2, atp: 2 });
    expect(at.DC01).toMatchObject({ inboundByDate: 50, atp: 120, earliestDate: '2026-11-05' });
    expect(product.networkAvailability).toMatchObject({
      inboundByDate: 59,
      atp: 138,
      earliestDate: '2026-11-05',
      locationsAbleToPromise: 1,
    });
  });

  it('answers only the locations asked for, in that order, with zero stock where none is held', async () => {
    const res = await h.run<Entities>(AVAILABILITY, { sku: 'SKU-ATP-1', ids: [locationId('ST005'), locationId('ST001')] });
    const list = res.data!._entities[0]!.availability;
    expect(list.map((a) => a.location.code)).toEqual(['ST005', 'ST001']);
    expect(list[0]).toMatchObject({ onHand: 0, atp: 0, earliestDate: null });
  });

  it('refuses a bad date, quantity or location id as BAD_USER_INPUT', async () => {
    for (const variables of [
      { sku: 'SKU-ATP-1', date: '01/11/2026' },
      { sku: 'SKU-ATP-1', q: 0 },
      { sku: 'SKU-ATP-1', ids: ['loc_bogus'] },
    ]) {
      const res = await h.run(AVAILABILITY, variables);
      expect(res.errors?.[0]?.extensions?.code, JSON.stringify(variables)).toBe('BAD_USER_INPUT');
    }
  });

  it('shows channel buffers and a marketplace allocation that no other channel can sell', async () => {
    const reserve = await h.run<{ reserveInventory: { __typename: string; channel: string } }>(
      `mutation { reserveInventory(sku: "SKU-ATP-1", locationId: "${locationId('ST001')}", quantity: 3, ttlMinutes: 600,
         idempotencyKey: "amazon-allocation-1", channel: "AMAZON") { __typename ... on Reservation { channel } } }`,
    );
    expect(reserve.data?.reserveInventory).toEqual({ __typename: 'Reservation', channel: 'AMAZON' });
    const res = await h.run<Entities>(AVAILABILITY, { sku: 'SKU-ATP-1', ids: [locationId('ST001')] });
    const a = res.data!._entities[0]!.availability[0]!;
    // reserved 3 + 3 for AMAZON: shared ATP 20 − 6 − 2 − 4 = 8
    expect(a).toMatchObject({ reserved: 6, atp: 8, channelReservations: [{ channel: 'AMAZON', quantity: 3 }] });
    expect(a.byChannel).toEqual([
      { channel: 'AMAZON', ownReserved: 3, buffer: 2, atp: 9, earliestDate: '2026-11-01' },
      { channel: 'JD', ownReserved: 0, buffer: 2, atp: 6, earliestDate: '2026-11-01' },
    ]);
    // A partner bound to JD sees only JD.
    const partner = await h.run<Entities>(
      AVAILABILITY,
      { sku: 'SKU-ATP-1', ids: [locationId('ST001')] },
      {
        role: 'partner',
        subject: 'key:jd',
        scopes: ['inventory:read'],
        channel: 'JD',
      },
    );
    expect(partner.data!._entities[0]!.availability[0]!.byChannel.map((c) => c.channel)).toEqual(['JD']);
  });
});

describe('storesNear', () => {
  // Its own world, so the call counts start from cold caches.
  let n: Harness;
  beforeAll(async () => {
    n = await startHarness(inventoryFixture());
  });
  afterAll(async () => {
    await n.close();
  });
  const QUERY = /* GraphQL */ `
    query ($lat: Float!, $lon: Float!, $r: Float, $sku: ID, $q: Int) {
      storesNear(latitude: $lat, longitude: $lon, radiusKm: $r, sku: $sku, quantity: $q) {
        location {
          code
          name
          latitude
          longitude
        }
        distanceKm
        price {
          amount
          currency
        }
        atp
        earliestDate
      }
    }
  `;
  type Near = {
    storesNear: {
      location: { code: string };
      distanceKm: number;
      price: { amount: string } | null;
      atp: number | null;
      earliestDate: string | null;
    }[];
  };

  it('answers 20 stores nearest first with store prices and ATP in 2 WMS calls and 1 POS call', async () => {
    n.resetCalls();
    const res = await n.run<Near>(QUERY, { lat: CENTRE.latitude, lon: CENTRE.longitude, r: 25, sku: 'SKU-ATP-1', q: 1 });
    expect(res.errors).toBeUndefined();
    const stores = res.data!.storesNear;
    expect(stores).toHaveLength(20);
    expect(stores.map((s) => s.location.code)).toEqual(Array.from({ length: 20 }, (_, i) => `ST${String(i + 1).padStart(3, '0')}`));
    const distances = stores.map((s) => s.distanceKm);
    expect([...distances].sort((a, b) => a - b)).toEqual(distances);
    expect(stores[0]).toMatchObject({ distanceKm: 0, price: { amount: '95.00' } });
    expect(stores[1]).toMatchObject({ price: { amount: '100.00' }, atp: 0, earliestDate: '2026-11-04' });
    expect(stores[4]).toMatchObject({ atp: 0, earliestDate: null });
    // One round: GetLocations + GetStockPositions (WMS), SearchCatalogObjects (POS).
    expect(n.calls()).toEqual({ wms: 2, pos: 1 });
  });

  it('reuses the cached location list and prices: a repeat costs at most one stock read', async () => {
    n.resetCalls();
    await n.run(QUERY, { lat: CENTRE.latitude, lon: CENTRE.longitude, sku: 'SKU-ATP-1' });
    expect(n.calls().pos).toBe(0);
    expect(n.calls().wms).toBeLessThanOrEqual(1);
  });

  it('without a SKU lists stores only; a small radius keeps the nearest', async () => {
    const res = await n.run<Near>(QUERY, { lat: CENTRE.latitude, lon: CENTRE.longitude, r: 1.2 });
    expect(res.data!.storesNear.map((s) => s.location.code)).toEqual(['ST001', 'ST002', 'ST003']);
    expect(res.data!.storesNear[0]).toMatchObject({ price: null, atp: null });
  });

  it('keeps the stock answer when the POS is down, with one error naming POS', async () => {
    n.pos.faults.set({ outage: 'refuse' });
    try {
      const res = await n.run<Near>(QUERY, { lat: CENTRE.latitude, lon: CENTRE.longitude, sku: 'SKU-LAST-10' });
      expect(res.data!.storesNear).toHaveLength(20);
      expect(res.data!.storesNear[2]).toMatchObject({ price: null, atp: 10 });
      expect(res.errors?.map((e) => e.extensions?.system)).toEqual(['POS']);
    } finally {
      n.pos.faults.clear();
    }
  });
});
