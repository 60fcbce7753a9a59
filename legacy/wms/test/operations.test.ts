import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getDataset } from '../../dataset/src/index.ts';
import { wmsFixture } from './fixture.ts';
import { call, listOf, start, type Started } from './helpers.ts';

type Node = Record<string, unknown>;

let s: Started;
beforeAll(async () => {
  s = await start(wmsFixture());
});
afterAll(async () => {
  await s.sim.close();
});

const positionsOf = (body: Node) => listOf<Node>(((body.GetStockPositionsResponse as Node).StockPositions as Node).StockPosition);

describe('GetLocations', () => {
  it('returns every location with kind, address, geo, capacity, peak hours and lead time', async () => {
    const reply = await call(s, 'GetLocations', {});
    expect(reply.status).toBe(200);
    const locations = listOf<Node>(((reply.body.GetLocationsResponse as Node).Locations as Node).Location);
    expect(locations.map((l) => l.LocationCode)).toEqual(['DC01', 'ST001', 'SUP01']);
    expect(locations[1]).toEqual({
      LocationCode: 'ST001',
      LocationType: 'STORE',
      Name: 'ST001 & Co <test>',
      Address: { Street: 'ST001 Road 1', District: 'Pudong', City: 'Shanghai', PostalCode: '200120', CountryCode: 'CN' },
      Latitude: '31.2381',
      Longitude: '121.5029',
      PosLocationId: 'LPOS000000001',
      LabourCapacityPerHour: '40',
      PeakHours: { Hour: ['12', '18'] },
      LeadTimeDays: '0',
      OpenedDate: '2019-03-01',
    });
    // Markup in data is escaped on the wire.
    expect(reply.text).toContain('<Name>ST001 &amp; Co &lt;test&gt;</Name>');
    expect(locations[2]?.PeakHours).toBe('');
  });

  it('filters by code and by type', async () => {
    const byCode = await call(s, 'GetLocations', { LocationCodes: { LocationCode: ['SUP01', 'ST001'] } });
    expect(listOf<Node>(((byCode.body.GetLocationsResponse as Node).Locations as Node).Location).map((l) => l.LocationCode)).toEqual([
      'ST001',
      'SUP01',
    ]);
    const byType = await call(s, 'GetLocations', { LocationType: 'DC' });
    expect(listOf<Node>(((byType.body.GetLocationsResponse as Node).Locations as Node).Location).map((l) => l.LocationCode)).toEqual([
      'DC01',
    ]);
  });
});

describe('GetStockPositions', () => {
  it('answers many SKUs across all locations in one request, in request order', async () => {
    const reply = await call(s, 'GetStockPositions', { Skus: { Sku: ['SKU-000002', 'SKU-000001', 'NOPE'] } });
    expect(reply.status).toBe(200);
    const positions = positionsOf(reply.body);
    expect(positions.map((p) => `${p.Sku}@${p.LocationCode}`)).toEqual(['SKU-000002@ST001', 'SKU-000001@DC01', 'SKU-000001@ST001']);
    expect(positions[1]).toEqual({
      Sku: 'SKU-000001',
      LocationCode: 'DC01',
      OnHand: '300',
      Reserved: '0',
      Allocated: '0',
      SafetyStock: '20',
      InboundLines: {
        InboundLine: [
          { Quantity: '100', ETA: '2026-11-04', Reference: 'PO-4500000001' },
          { Quantity: '50', ETA: '2026-11-09', Reference: 'PO-4500000002' },
        ],
      },
    });
    expect(positions[2]).toMatchObject({ OnHand: '12', Reserved: '2', Allocated: '1', SafetyStock: '3', InboundLines: '' });
  });

  it('crosses the SKUs with the given locations only', async () => {
    const reply = await call(s, 'GetStockPositions', {
      Skus: { Sku: ['SKU-000001', 'SKU-000002'] },
      LocationCodes: { LocationCode: ['ST001'] },
    });
    expect(positionsOf(reply.body).map((p) => `${p.Sku}@${p.LocationCode}`)).toEqual(['SKU-000001@ST001', 'SKU-000002@ST001']);
  });

  it('keeps SKUs as text ("00123" is not 123)', async () => {
    const reply = await call(s, 'GetStockPositions', { Skus: { Sku: ['00123', '123'] } });
    expect(positionsOf(reply.body).map((p) => p.Sku)).toEqual(['00123']);
  });

  it('searches hostile SKUs literally: escaped markup finds nothing and injects nothing', async () => {
    const reply = await call(s, 'GetStockPositions', { Skus: { Sku: ['</Sku><Sku>SKU-000001', "' or 1=1 --", 'SKU-0000*'] } });
    expect(reply.status).toBe(200);
    expect(positionsOf(reply.body)).toEqual([]);
  });
});

describe('GetReservations and GetFulfilmentTasks', () => {
  it('holds each reserved quantity as a live reservation with an expiry', async () => {
    const reply = await call(s, 'GetReservations', { Skus: { Sku: ['SKU-000001'] } });
    const holds = listOf<Node>(((reply.body.GetReservationsResponse as Node).Reservations as Node).Reservation);
    expect(holds).toHaveLength(1);
    expect(holds[0]).toMatchObject({ Sku: 'SKU-000001', LocationCode: 'ST001', Quantity: '2', Status: 'HELD' });
    const created = Date.parse(holds[0]?.CreatedAt as string);
    const expires = Date.parse(holds[0]?.ExpiresAt as string);
    expect(created).toBeLessThan(Date.parse('2026-11-01T00:00:00Z'));
    expect(expires - created).toBe(72 * 3_600_000);
    const none = await call(s, 'GetReservations', { Status: 'RELEASED' });
    expect((none.body.GetReservationsResponse as Node).Reservations as Node | string).toBe('');
  });

  it('has no fulfilment tasks yet, and still checks the location filter', async () => {
    const reply = await call(s, 'GetFulfilmentTasks', { LocationCodes: { LocationCode: ['ST001'] }, TaskType: 'PICK' });
    expect(reply.status).toBe(200);
    expect((reply.body.GetFulfilmentTasksResponse as Node).FulfilmentTasks).toBe('');
    const bad = await call(s, 'GetFulfilmentTasks', { LocationCodes: { LocationCode: ['ST999'] } });
    expect(bad.status).toBe(500);
  });
});

describe('at dataset scale 0.05', () => {
  let big: Started;
  beforeAll(async () => {
    big = await start(getDataset({ scale: 0.05 }));
  });
  afterAll(async () => {
    await big.sim.close();
  });

  it('serves the generated locations and 100 SKUs of stock in one request', async () => {
    const dataset = getDataset({ scale: 0.05 });
    const locations = await call(big, 'GetLocations', {});
    expect(listOf(((locations.body.GetLocationsResponse as Node).Locations as Node).Location)).toHaveLength(dataset.locations.length);
    const skus = dataset.products.slice(0, 100).map((p) => p.sku);
    const reply = await call(big, 'GetStockPositions', { Skus: { Sku: skus } });
    expect(reply.status).toBe(200);
    const wanted = new Set(skus);
    const expected = dataset.wms.stock.filter((p) => wanted.has(p.sku));
    const positions = positionsOf(reply.body);
    expect(positions).toHaveLength(expected.length);
    const sample = expected[7]!;
    const served = positions.find((p) => p.Sku === sample.sku && p.LocationCode === sample.locationCode)!;
    expect(Number(served.OnHand)).toBe(sample.onHand);
    expect(Number(served.Reserved)).toBe(sample.reserved);
    expect(Number(served.Allocated)).toBe(sample.allocated);
    expect(Number(served.SafetyStock)).toBe(sample.safetyStock);
    expect(listOf((served.InboundLines as Node | '') === '' ? undefined : (served.InboundLines as Node).InboundLine)).toHaveLength(
      sample.inbound.length,
    );
  });
});
