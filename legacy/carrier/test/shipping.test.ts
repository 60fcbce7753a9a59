import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SHIPPING_ERRORS } from '../src/index.ts';
import { carrierFixture, SHIPMENTS } from './fixture.ts';
import { getJson, postJson, start, token, trackHeaders, type Started } from './helpers.ts';
import { loadSpec } from './specSchema.ts';

const tracking = loadSpec('Tracking.patched.yaml');
const NOW = Date.parse('2026-11-01T02:00:00.000Z');

interface PackageResult {
  TrackingNumber: string;
  ShippingLabel: { ImageFormat: { Code: string }; GraphicImage: string };
}
interface ShipBody {
  ShipmentResponse: {
    Response: { ResponseStatus: { Code: string }; TransactionReference?: { CustomerContext: string } };
    ShipmentResults: {
      ShipmentCharges: { TotalCharges: { CurrencyCode: string; MonetaryValue: string } };
      BillingWeight: { Weight: string };
      ShipmentIdentificationNumber: string;
      PackageResults: PackageResult | PackageResult[];
    };
  };
  response?: { errors: { code: string }[] };
}

let s: Started;
let bearer: string;
beforeAll(async () => {
  s = await start(carrierFixture(), { clock: () => NOW });
  bearer = await token(s.url);
});
afterAll(async () => {
  await s.sim.close();
});

const party = (Name: string, line: string, PostalCode: string) => ({
  Name,
  Address: { AddressLine: [line], City: 'Shanghai', PostalCode, CountryCode: 'CN' },
});
function shipRequest(reference: string, overrides: Record<string, unknown> = {}, weights = ['1.5']) {
  return {
    ShipmentRequest: {
      Request: { RequestOption: 'nonvalidate', TransactionReference: { CustomerContext: reference } },
      Shipment: {
        Description: 'Order',
        Shipper: { ...party('Jiading DC', '2000 Jiasong North Road', '201801'), ShipperNumber: 'R360A1' },
        ShipFrom: party('Jiading DC', '2000 Jiasong North Road', '201801'),
        ShipTo: party('Li Na', '500 Nanjing West Road', '200041'),
        PaymentInformation: { ShipmentCharge: [{ Type: '01', BillShipper: { AccountNumber: 'R360A1' } }] },
        Service: { Code: '11', Description: 'UPS Standard' },
        ReferenceNumber: { Code: 'PO', Value: reference },
        Package: weights.map((Weight) => ({ Packaging: { Code: '02' }, PackageWeight: { UnitOfMeasurement: { Code: 'KGS' }, Weight } })),
        ...overrides,
      },
      LabelSpecification: { LabelImageFormat: { Code: 'ZPL' } },
    },
  };
}
const ship = (body: unknown, auth = `Bearer ${bearer}`) =>
  postJson<ShipBody>(`${s.url}/api/shipments/v2409/ship`, body, { authorization: auth });

describe('POST /api/shipments/{version}/ship (UPS Shipping API)', () => {
  it('creates a label: ShipmentIdentificationNumber, charges, a ZPL label naming the tracking number', async () => {
    const reply = await ship(shipRequest('FUL-0001'));
    expect(reply.status).toBe(200);
    const results = reply.body.ShipmentResponse.ShipmentResults;
    const pkg = results.PackageResults as PackageResult;
    expect(reply.body.ShipmentResponse.Response.ResponseStatus.Code).toBe('1');
    expect(reply.body.ShipmentResponse.Response.TransactionReference).toEqual({ CustomerContext: 'FUL-0001' });
    expect(results.ShipmentIdentificationNumber).toMatch(/^1ZR360A111\d{8}$/);
    expect(pkg.TrackingNumber).toBe(results.ShipmentIdentificationNumber);
    expect(results.ShipmentCharges.TotalCharges).toMatchObject({
      CurrencyCode: 'CNY',
      MonetaryValue: expect.stringMatching(/^\d+\.\d{2}$/),
    });
    expect(pkg.ShippingLabel.ImageFormat.Code).toBe('ZPL');
    const zpl = Buffer.from(pkg.ShippingLabel.GraphicImage, 'base64').toString('utf8');
    expect(zpl).toMatch(/^\^XA/);
    expect(zpl).toContain(`^FD${pkg.TrackingNumber}^FS`);
    expect(zpl).toContain('Li Na');
  });

  it('the new parcel is trackable at once (label created), by number and by the shipper reference', async () => {
    const reply = await ship(shipRequest('FUL-0002'));
    const n = reply.body.ShipmentResponse.ShipmentResults.ShipmentIdentificationNumber;
    const byNumber = await getJson(`${s.url}/api/track/v1/details/${n}`, trackHeaders(bearer));
    expect(byNumber.status).toBe(200);
    expect(tracking.check('TrackApiResponse', byNumber.body)).toEqual([]);
    const byRef = await getJson<{
      trackResponse: { shipment: { inquiryNumber: string; package: { currentStatus: { statusCode: string } }[] }[] };
    }>(`${s.url}/api/track/v1/reference/details/FUL-0002`, trackHeaders(bearer));
    expect(byRef.status).toBe(200);
    expect(tracking.check('TrackApiResponse', byRef.body)).toEqual([]);
    expect(byRef.body.trackResponse.shipment.map((x) => [x.inquiryNumber, x.package[0]!.currentStatus.statusCode])).toEqual([[n, '003']]);
  });

  it('the same shipper reference answers with the same label, not a second parcel', async () => {
    const first = await ship(shipRequest('FUL-0003'));
    const second = await ship(shipRequest('FUL-0003'));
    expect(second.body).toEqual(first.body);
    const byRef = await getJson<{ trackResponse: { shipment: unknown[] } }>(
      `${s.url}/api/track/v1/reference/details/FUL-0003`,
      trackHeaders(bearer),
    );
    expect(byRef.body.trackResponse.shipment).toHaveLength(1);
  });

  it('several packages: one tracking number each, PackageResults as an array', async () => {
    const reply = await ship(shipRequest('FUL-0004', {}, ['1', '2.5']));
    const results = reply.body.ShipmentResponse.ShipmentResults.PackageResults as PackageResult[];
    expect(results).toHaveLength(2);
    expect(new Set(results.map((r) => r.TrackingNumber)).size).toBe(2);
  });

  it('refuses in UPS error shape: bad token, bad weight, no service on the route, unknown service, label format, shipper number', async () => {
    expect((await ship(shipRequest('X-1'), 'Bearer nope')).status).toBe(401);
    const cases: [unknown, string][] = [
      [shipRequest('X-2', {}, ['0']), SHIPPING_ERRORS.INVALID_WEIGHT.code],
      [
        shipRequest('X-3', { ShipTo: { Name: 'Abroad', Address: { City: 'Paris', PostalCode: '75001', CountryCode: 'FR' } } }),
        SHIPPING_ERRORS.NO_SERVICE.code,
      ],
      [shipRequest('X-4', { Service: { Code: '99' } }), SHIPPING_ERRORS.NO_SERVICE.code],
      [
        shipRequest('X-5', { Shipper: { ...party('DC', 'x', '201801'), ShipperNumber: 'bad' } }),
        SHIPPING_ERRORS.INVALID_SHIPPER_NUMBER.code,
      ],
      [
        { ShipmentRequest: { ...shipRequest('X-6').ShipmentRequest, LabelSpecification: { LabelImageFormat: { Code: 'GIF' } } } },
        SHIPPING_ERRORS.LABEL_FORMAT.code,
      ],
      [{ nothing: true }, SHIPPING_ERRORS.INVALID_REQUEST.code],
    ];
    for (const [body, code] of cases) {
      const reply = await ship(body);
      expect(reply.status, code).toBe(400);
      expect(reply.body.response!.errors[0]!.code).toBe(code);
    }
  });

  it('reference tracking of a seeded order; 404 TW0001 for a reference UPS does not know', async () => {
    const ref = SHIPMENTS.DELIVERED.orderId;
    const reply = await getJson<{ trackResponse: { shipment: { inquiryNumber: string }[] } }>(
      `${s.url}/api/track/v1/reference/details/${ref}`,
      trackHeaders(bearer),
    );
    expect(reply.body.trackResponse.shipment.map((x) => x.inquiryNumber)).toEqual([SHIPMENTS.DELIVERED.trackingNumber]);
    const none = await getJson<{ response: { errors: { code: string }[] } }>(
      `${s.url}/api/track/v1/reference/details/NOPE123`,
      trackHeaders(bearer),
    );
    expect(none.status).toBe(404);
    expect(none.body.response.errors[0]!.code).toBe('TW0001');
  });
});
