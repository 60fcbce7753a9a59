import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getDataset, type TrackingStatus } from '../../dataset/src/index.ts';
import { UPS_STATUS } from '../src/index.ts';
import { SHIPMENTS, carrierFixture } from './fixture.ts';
import { getJson, start, token, trackHeaders, type Started } from './helpers.ts';
import { loadSpec } from './specSchema.ts';

const spec = loadSpec('Tracking.patched.yaml');

interface Pkg {
  trackingNumber: string;
  currentStatus: Record<string, string>;
  activity: {
    date: string;
    time: string;
    gmtDate: string;
    gmtTime: string;
    gmtOffset: string;
    status: Record<string, string>;
    location: { address: Record<string, string> };
  }[];
  deliveryDate: { type: string; date: string }[];
  deliveryTime?: { type: string; endTime?: string };
  referenceNumber: { type: string; number: string }[];
  accessPointInformation?: { pickupByDate: string };
  packageAddress: { type: string; name: string; address: Record<string, string> }[];
}
interface TrackBody {
  trackResponse: { shipment: { inquiryNumber: string; package: Pkg[] }[] };
}

let s: Started;
let bearer: string;
beforeAll(async () => {
  s = await start(carrierFixture());
  bearer = await token(s.url);
});
afterAll(async () => {
  await s.sim.close();
});

const track = (n: string, headers: Record<string, string> = trackHeaders(bearer), query = '') =>
  getJson<TrackBody>(`${s.url}/api/track/v1/details/${n}${query}`, headers);

describe('GET /api/track/v1/details/{inquiryNumber}', () => {
  it('answers in the spec shape: no field the spec does not declare', async () => {
    for (const shipment of Object.values(SHIPMENTS)) {
      const reply = await track(
        shipment.trackingNumber,
        undefined,
        '?locale=en_US&returnSignature=false&returnMilestones=false&returnPOD=false',
      );
      expect(reply.status).toBe(200);
      expect(spec.check('TrackApiResponse', reply.body)).toEqual([]);
    }
  });

  it('renders a delivered parcel: status, activities newest first, dates, reference, origin', async () => {
    const reply = await track(SHIPMENTS.DELIVERED.trackingNumber);
    const shipment = reply.body.trackResponse.shipment[0]!;
    expect(shipment.inquiryNumber).toBe(SHIPMENTS.DELIVERED.trackingNumber);
    const pkg = shipment.package[0]!;
    expect(pkg.trackingNumber).toBe(SHIPMENTS.DELIVERED.trackingNumber);
    expect(pkg.currentStatus).toEqual({
      type: 'D',
      description: 'DELIVERED',
      code: '011',
      simplifiedTextDescription: 'Delivered',
      statusCode: '011',
    });
    expect(pkg.activity).toHaveLength(5);
    // 2026-10-29T05:02:09Z is 13:02:09 in Shanghai.
    expect(pkg.activity[0]).toEqual({
      location: { address: { city: 'Shanghai', country: 'CN', countryCode: 'CN' } },
      status: { type: 'D', description: 'Delivered', code: 'FS', statusCode: '011' },
      date: '20261029',
      time: '130209',
      gmtDate: '20261029',
      gmtTime: '050209',
      gmtOffset: '+08:00',
    });
    expect(pkg.activity.at(-1)?.status.type).toBe('M');
    expect(pkg.deliveryDate).toEqual([{ type: 'DEL', date: '20261029' }]);
    expect(pkg.deliveryTime).toEqual({ type: 'DEL', endTime: '130209' });
    expect(pkg.referenceNumber).toEqual([{ type: 'SHIPMENT', number: SHIPMENTS.DELIVERED.orderId }]);
    expect(pkg.packageAddress[0]).toMatchObject({
      type: 'ORIGIN',
      name: 'Jiading Malu Distribution Centre',
      address: { city: 'Shanghai', postalCode: '201801' },
    });
  });

  it('gives the scheduled date of a parcel on its way and the hold date at an Access Point', async () => {
    const moving = (await track(SHIPMENTS.IN_TRANSIT.trackingNumber)).body.trackResponse.shipment[0]!.package[0]!;
    expect(moving.deliveryDate).toEqual([{ type: 'SDD', date: '20261102' }]);
    expect(moving.referenceNumber[0]?.number).toBe('114-1234567-1234567');
    const held = (await track(SHIPMENTS.AVAILABLE_FOR_PICKUP.trackingNumber)).body.trackResponse.shipment[0]!.package[0]!;
    expect(held.accessPointInformation).toEqual({ pickupByDate: '20261105' });
  });

  it('renders each tracking status with its UPS type and status code', async () => {
    for (const [status, shipment] of Object.entries(SHIPMENTS) as [TrackingStatus, (typeof SHIPMENTS)[TrackingStatus]][]) {
      const pkg = (await track(shipment.trackingNumber)).body.trackResponse.shipment[0]!.package[0]!;
      const ups = UPS_STATUS[status];
      expect(pkg.currentStatus, status).toMatchObject({ type: ups.type, statusCode: ups.statusCode, code: ups.statusCode });
      expect(pkg.activity[0]?.status, status).toMatchObject({ type: ups.type, code: ups.code, statusCode: ups.statusCode });
    }
    const distinct = new Set(Object.values(UPS_STATUS).map((u) => u.statusCode));
    expect(distinct.size).toBe(Object.keys(UPS_STATUS).length);
  });

  it('looks numbers up case-insensitively', async () => {
    expect((await track(SHIPMENTS.DELIVERED.trackingNumber.toLowerCase())).status).toBe(200);
  });

  it('answers an unknown number with 404 and the spec error shape', async () => {
    const reply = await track('1Z9999999999999999');
    expect(reply.status).toBe(404);
    expect(spec.check('Response', reply.body)).toEqual([]);
    expect(reply.body).toEqual({ response: { errors: [{ code: 'TW0001', message: 'Tracking Information Not Found' }] } });
  });

  it('refuses inquiry numbers outside 7–34 letters and digits with 400', async () => {
    for (const n of ['1Z12', 'A'.repeat(35), '1Z%3Cscript%3E1234']) {
      const reply = await track(n);
      expect(reply.status, n).toBe(400);
      expect(reply.body).toEqual({ response: { errors: [{ code: 'TV1002', message: 'Invalid inquiry number' }] } });
    }
  });

  it('requires a bearer token: 401 with UPS error 250002', async () => {
    const { authorization: _, ...noAuth } = trackHeaders(bearer);
    for (const headers of [noAuth, trackHeaders('not-a-token')]) {
      const reply = await track(SHIPMENTS.DELIVERED.trackingNumber, headers);
      expect(reply.status).toBe(401);
      expect(reply.body).toEqual({ response: { errors: [{ code: '250002', message: 'Invalid Authentication Information.' }] } });
    }
  });

  it('requires the transId and transactionSrc headers', async () => {
    const { transId: _t, ...noTransId } = trackHeaders(bearer);
    const { transactionSrc: _s, ...noSource } = trackHeaders(bearer);
    expect((await track(SHIPMENTS.DELIVERED.trackingNumber, noTransId)).body).toEqual({
      response: { errors: [{ code: 'TV1001', message: expect.any(String) }] },
    });
    expect((await track(SHIPMENTS.DELIVERED.trackingNumber, noSource)).status).toBe(400);
    expect((await track(SHIPMENTS.DELIVERED.trackingNumber, undefined, '?locale=english')).status).toBe(400);
  });
});

describe('at dataset scale 0.05', () => {
  let big: Started;
  let bigBearer: string;
  const dataset = getDataset({ scale: 0.05 });
  beforeAll(async () => {
    big = await start(dataset);
    bigBearer = await token(big.url);
  });
  afterAll(async () => {
    await big.sim.close();
  });

  it('serves a parcel in every status, on the spec and with every event', async () => {
    for (const status of Object.keys(UPS_STATUS) as TrackingStatus[]) {
      const shipment = dataset.carrier.shipments.find((x) => x.status === status);
      expect(shipment, status).toBeDefined();
      const reply = await getJson<TrackBody>(`${big.url}/api/track/v1/details/${shipment!.trackingNumber}`, trackHeaders(bigBearer));
      expect(reply.status).toBe(200);
      expect(spec.check('TrackApiResponse', reply.body)).toEqual([]);
      const pkg = reply.body.trackResponse.shipment[0]!.package[0]!;
      expect(pkg.currentStatus.statusCode).toBe(UPS_STATUS[status].statusCode);
      expect(pkg.activity.map((a) => a.status.description).reverse()).toEqual(shipment!.events.map((e) => e.description));
      expect(pkg.referenceNumber[0]?.number).toBe(shipment!.orderId);
    }
  });
});
