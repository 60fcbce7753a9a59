import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { carrierFixture } from './fixture.ts';
import { postJson, start, token, type Started } from './helpers.ts';

interface Rated {
  Service: { Code: string; Description: string };
  BillingWeight: { Weight: string };
  TotalCharges: { CurrencyCode: string; MonetaryValue: string };
  GuaranteedDelivery: { BusinessDaysInTransit: string };
  RatedPackage: { Weight: string }[];
}
interface RateBody {
  RateResponse: {
    Response: { ResponseStatus: { Code: string }; Alert: unknown[]; TransactionReference?: unknown };
    RatedShipment: Rated[];
  };
}

let s: Started;
let headers: Record<string, string>;
beforeAll(async () => {
  s = await start(carrierFixture());
  headers = { authorization: `Bearer ${await token(s.url)}`, transId: 'r1', transactionSrc: 'tests' };
});
afterAll(async () => {
  await s.sim.close();
});

const addr = (PostalCode: string, CountryCode = 'CN') => ({ Address: { PostalCode, CountryCode } });
function request(from: string, to: string, weight: string, extra: Record<string, unknown> = {}) {
  return {
    RateRequest: {
      Request: { TransactionReference: { CustomerContext: 'ctx-1' } },
      Shipment: {
        Shipper: addr(from),
        ShipTo: addr(to),
        Package: { PackagingType: { Code: '02' }, PackageWeight: { UnitOfMeasurement: { Code: 'KGS' }, Weight: weight } },
        ...extra,
      },
    },
  };
}
const rate = (body: unknown, option = 'Shop') => postJson<RateBody>(`${s.url}/api/rating/v2409/${option}`, body, headers);
const total = (r: Rated) => Number(r.TotalCharges.MonetaryValue);

describe('POST /api/rating/{version}/{requestoption}', () => {
  it('shops every service level with UPS field names, echoing the customer context', async () => {
    const reply = await rate(request('201801', '200120', '2.3'));
    expect(reply.status).toBe(200);
    const response = reply.body.RateResponse;
    expect(response.Response.ResponseStatus.Code).toBe('1');
    expect(response.Response.TransactionReference).toEqual({ CustomerContext: 'ctx-1' });
    expect(response.RatedShipment.map((r) => r.Service.Code)).toEqual(['07', '65', '11']);
    for (const r of response.RatedShipment) {
      expect(r.TotalCharges.CurrencyCode).toBe('CNY');
      expect(r.TotalCharges.MonetaryValue).toMatch(/^\d+\.\d{2}$/);
      expect(r.BillingWeight.Weight).toBe('2.5');
      expect(Number(r.GuaranteedDelivery.BusinessDaysInTransit)).toBeGreaterThanOrEqual(1);
    }
    const [express, saver, standard] = response.RatedShipment as [Rated, Rated, Rated];
    expect(total(express)).toBeGreaterThan(total(saver));
    expect(total(saver)).toBeGreaterThan(total(standard));
  });

  it('rates one service with Rate, priced by weight and by distance', async () => {
    const withService = { Service: { Code: '11' } };
    const near = (await rate(request('201801', '200120', '1', withService), 'Rate')).body.RateResponse.RatedShipment;
    const heavy = (await rate(request('201801', '200120', '10', withService), 'Rate')).body.RateResponse.RatedShipment;
    const far = (await rate(request('201801', '100001', '1', withService), 'Rate')).body.RateResponse.RatedShipment;
    expect(near.map((r) => r.Service.Code)).toEqual(['11']);
    expect(total(heavy[0]!)).toBeGreaterThan(total(near[0]!));
    expect(total(far[0]!)).toBeGreaterThan(total(near[0]!));
    expect(Number(far[0]!.GuaranteedDelivery.BusinessDaysInTransit)).toBeGreaterThan(
      Number(near[0]!.GuaranteedDelivery.BusinessDaysInTransit),
    );
    // Rate without a service (or with one UPS does not run here) has nothing to price.
    expect((await rate(request('201801', '200120', '1'), 'Rate')).body).toMatchObject({ response: { errors: [{ code: '111210' }] } });
    expect((await rate(request('201801', '200120', '1', { Service: { Code: '14' } }), 'Rate')).status).toBe(400);
  });

  it('bills the volumetric weight when the box is big and light', async () => {
    const dims = { Dimensions: { UnitOfMeasurement: { Code: 'CM' }, Length: '50', Width: '40', Height: '30' } };
    const body = request('201801', '200120', '1');
    Object.assign(body.RateRequest.Shipment.Package, dims);
    const reply = await rate(body);
    expect(reply.body.RateResponse.RatedShipment[0]?.BillingWeight.Weight).toBe('12.0');
  });

  it('answers routes it cannot serve with 111210', async () => {
    const reply = await rate(request('201801', '10001', '1', { ShipTo: addr('10001', 'US') }));
    expect(reply.status).toBe(400);
    expect(reply.body).toEqual({ response: { errors: [{ code: '111210', message: expect.any(String) }] } });
  });

  it('refuses a missing or silly weight, unknown versions, and calls without a token', async () => {
    expect((await rate(request('201801', '200120', '0'))).body).toMatchObject({ response: { errors: [{ code: '111035' }] } });
    expect((await rate({ RateRequest: { Shipment: { Shipper: addr('201801'), ShipTo: addr('200120'), Package: {} } } })).status).toBe(400);
    expect((await postJson(`${s.url}/api/rating/v9/Shop`, request('201801', '200120', '1'), headers)).status).toBe(400);
    expect((await postJson(`${s.url}/api/rating/v2409/Shop`, request('201801', '200120', '1'), {})).status).toBe(401);
  });
});
