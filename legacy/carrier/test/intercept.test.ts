import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { INTERCEPT_REFUSALS } from '../src/index.ts';
import { carrierFixture, SHIPMENTS } from './fixture.ts';
import { getJson, start, token, trackHeaders, type Started } from './helpers.ts';
import { loadSpec } from './specSchema.ts';

const spec = loadSpec('DeliveryIntercept.yaml');
const BASE = '/api/deliveryintercept/v2';
const CONTACT = { requesterContactInfo: { name: 'retail360', telephone: '+862100000000' }, specialInstructions: null };
const ADDRESS = { addressLine1: '500 Nanjing West Road', city: 'Shanghai', state: 'SH', postalCode: '200041', countryCode: 'CN' };

interface Answer {
  transactionId?: string;
  statusCode?: string;
  success?: boolean;
  errors?: { errorCode: string; errorMessage: string }[] | null;
  response?: { statusCode: string; errors: { code: string; message: string }[] };
}

let s: Started;
let bearer: string;
beforeAll(async () => {
  s = await start(carrierFixture(), { clock: () => Date.parse('2026-10-29T02:00:00.000Z') });
  bearer = await token(s.url);
});
afterAll(async () => {
  await s.sim.close();
});

const headers = (extra: Record<string, string> = {}) => ({
  authorization: `Bearer ${bearer}`,
  transId: 'abc123',
  transactionSrc: 'tests',
  platformType: 'XOLT',
  inquiryType: 'U',
  'content-type': 'application/json',
  ...extra,
});

async function post(path: string, body: unknown, h: Record<string, string> = headers()): Promise<{ status: number; body: Answer }> {
  const res = await fetch(`${s.url}${BASE}${path}`, { method: 'POST', headers: h, body: JSON.stringify(body) });
  return { status: res.status, body: (await res.json()) as Answer };
}
const track = async (n: string) =>
  (
    await getJson<{
      trackResponse: {
        shipment: { package: { currentStatus: { statusCode: string }; activity: { status: { description: string } }[] }[] }[];
      };
    }>(`${s.url}/api/track/v1/details/${n}`, trackHeaders(bearer))
  ).body.trackResponse.shipment[0]!.package[0]!;

describe('UPS Delivery Intercept (DeliveryIntercept.yaml)', () => {
  it('will call (hold at a UPS facility) on a parcel in transit: success in DeliveryInterceptResponseV2, a scan in tracking', async () => {
    const n = SHIPMENTS.IN_TRANSIT.trackingNumber;
    const reply = await post(`/willcall/${n}`, { requestType: 'WC', ...CONTACT });
    expect(reply.status).toBe(200);
    expect(spec.check('DeliveryInterceptResponseV2', reply.body)).toEqual([]);
    expect(reply.body).toMatchObject({ statusCode: '000', statusMsg: 'Success', success: true, errors: null });
    const pkg = await track(n);
    expect(pkg.activity[0]!.status.description).toMatch(/Will Call/);
    // One change at a time: a second one is refused while the first is carried out.
    const again = await post(`/return/${n}`, { requestType: 'RS', reasonForReturn: 'AM', ...CONTACT });
    expect(again.body).toMatchObject({ success: false, errors: [{ errorCode: INTERCEPT_REFUSALS.PENDING.errorCode }] });
  });

  it('refuses by tracking state: delivered, out for delivery (redirect only), returning, voided, at an Access Point', async () => {
    const cases: [string, string, Record<string, unknown>, string][] = [
      [SHIPMENTS.DELIVERED.trackingNumber, '/return/', { requestType: 'RS', reasonForReturn: 'AM' }, '7101'],
      [SHIPMENTS.DELIVERED.trackingNumber, '/willcall/', { requestType: 'WC' }, '7101'],
      [
        SHIPMENTS.OUT_FOR_DELIVERY.trackingNumber,
        '/redirect/address/',
        { requestType: 'AA', newDeliveryAddress: { addressInfo: ADDRESS } },
        '7102',
      ],
      [SHIPMENTS.RETURN_TO_SENDER.trackingNumber, '/willcall/', { requestType: 'WC' }, '7103'],
      [SHIPMENTS.CANCELLED.trackingNumber, '/willcall/', { requestType: 'WC' }, '7104'],
      [
        SHIPMENTS.AVAILABLE_FOR_PICKUP.trackingNumber,
        '/redirect/address/',
        { requestType: 'AA', newDeliveryAddress: { addressInfo: ADDRESS } },
        '7106',
      ],
    ];
    for (const [n, path, body, code] of cases) {
      const reply = await post(`${path}${n}`, { ...body, ...CONTACT });
      expect(reply.status, `${path}${n}`).toBe(200);
      expect(spec.check('DeliveryInterceptResponseV2', reply.body)).toEqual([]);
      expect(reply.body, `${path}${n}`).toMatchObject({ success: false, errors: [{ errorCode: code }] });
    }
  });

  it('out for delivery still takes a return; the parcel then tracks as returned to sender', async () => {
    const n = SHIPMENTS.OUT_FOR_DELIVERY.trackingNumber;
    const reply = await post(`/return/${n}`, { requestType: 'RS', reasonForReturn: 'KS', ...CONTACT });
    expect(reply.body).toMatchObject({ success: true });
    expect((await track(n)).currentStatus.statusCode).toBe('034');
  });

  it('eligibility answers per feature from the same rules', async () => {
    const reply = await getJson<{
      response: { commonEligibilityMap: { interceptFeature: string; eligibilityValue: { createEligibility: string } }[] };
    }>(`${s.url}${BASE}/eligibility/intercept/${SHIPMENTS.FAILURE.trackingNumber}`, headers());
    expect(reply.status).toBe(200);
    expect(reply.body.response.commonEligibilityMap.map((m) => [m.interceptFeature, m.eligibilityValue.createEligibility])).toEqual([
      ['WC', 'ELIGIBLE'],
      ['RTS', 'ELIGIBLE'],
    ]);
  });

  it('400 in DeliveryInterceptErrorResponseV2 for bad input: headers, tracking number, body, request type; unknown numbers', async () => {
    const n = SHIPMENTS.FAILURE.trackingNumber;
    const bad: [string, unknown, Record<string, string>][] = [
      [`/willcall/${n}`, { requestType: 'WC', ...CONTACT }, headers({ platformType: 'OTHER' })],
      [`/willcall/${n}`, { requestType: 'WC', ...CONTACT }, headers({ transId: 'x' })],
      [`/willcall/1Z12`, { requestType: 'WC', ...CONTACT }, headers()],
      [`/willcall/${n}`, { requestType: 'RS', ...CONTACT }, headers()],
      [`/willcall/${n}`, { requestType: 'WC' }, headers()],
      [`/willcall/${n}`, { requestType: 'WC', ...CONTACT, surprise: true }, headers()],
      [`/redirect/address/${n}`, { requestType: 'AA', ...CONTACT }, headers()],
      [`/return/${n}`, { requestType: 'RS', ...CONTACT }, headers()],
    ];
    for (const [path, body, h] of bad) {
      const reply = await post(path, body, h);
      expect(reply.status, path).toBe(400);
      expect(spec.check('DeliveryInterceptErrorResponseV2', reply.body)).toEqual([]);
      expect(reply.body.response!.errors[0]!.code).toBe('710');
    }
    const unknown = await post('/willcall/1Z9999999999999999', { requestType: 'WC', ...CONTACT });
    expect(unknown.status).toBe(400);
    expect(unknown.body.response!.errors[0]!.code).toBe('0404');
  });

  it('401 for a missing or unknown bearer token, in the error shape', async () => {
    for (const authorization of ['', 'Bearer nope']) {
      const reply = await post(
        `/willcall/${SHIPMENTS.FAILURE.trackingNumber}`,
        { requestType: 'WC', ...CONTACT },
        headers({ authorization }),
      );
      expect(reply.status).toBe(401);
      expect(spec.check('DeliveryInterceptErrorResponseV2', reply.body)).toEqual([]);
      expect(reply.body.response!.statusCode).toBe('401');
    }
  });
});
