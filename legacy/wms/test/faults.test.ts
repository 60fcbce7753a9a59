import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { SOAP11_ENVELOPE_NS, WMS_NAMESPACE, soapActionOf } from '../src/index.ts';
import { wmsFixture } from './fixture.ts';
import { call, envelope, faultOf, post, start, type Started } from './helpers.ts';

let s: Started;
beforeAll(async () => {
  s = await start(wmsFixture());
});
afterEach(() => {
  s.sim.faults.clear();
});
afterAll(async () => {
  await s.sim.close();
});

const action = (op: Parameters<typeof soapActionOf>[0]) => ({ soapaction: `"${soapActionOf(op)}"` });

describe('authentication (WS-Security UsernameToken)', () => {
  it.each([
    ['a wrong password', { password: 'nope' }],
    ['an unknown user', { username: 'someone' }],
    ['no Security header', { noSecurity: true }],
    [
      'a PasswordDigest token',
      { passwordType: 'http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-username-token-profile-1.0#PasswordDigest' },
    ],
  ])('refuses %s with a Client fault WMS-1001 and HTTP 500', async (_label, options) => {
    const reply = await call(s, 'GetLocations', {}, options);
    expect(reply.status).toBe(500);
    expect(reply.contentType).toBe('text/xml; charset=utf-8');
    const fault = faultOf(reply);
    expect(fault.faultcode).toBe('soap:Client');
    expect(fault.detail.WarehouseFault.ErrorCode).toBe('WMS-1001');
    expect(fault.faultstring).toMatch(/Authentication failed/);
  });
});

describe('malformed requests', () => {
  it('answers bad XML with a Client fault WMS-3001', async () => {
    const reply = await post(s.endpoint, '<soapenv:Envelope><unclosed>', action('GetLocations'));
    expect(reply.status).toBe(500);
    expect(faultOf(reply)).toMatchObject({ faultcode: 'soap:Client', detail: { WarehouseFault: { ErrorCode: 'WMS-3001' } } });
  });

  it('refuses a DTD (no entity expansion)', async () => {
    const xml = `<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaa">]>${envelope('GetLocations', {})}`.replace(
      '<?xml version="1.0" encoding="UTF-8"?>',
      '',
    );
    const reply = await post(s.endpoint, xml, action('GetLocations'));
    expect(faultOf(reply).detail.WarehouseFault.ErrorCode).toBe('WMS-3001');
  });

  it('answers a SOAP 1.2 envelope with VersionMismatch', async () => {
    const xml = envelope('GetLocations', {}).replace(SOAP11_ENVELOPE_NS, 'http://www.w3.org/2003/05/soap-envelope');
    const reply = await post(s.endpoint, xml, action('GetLocations'));
    expect(reply.status).toBe(500);
    expect(faultOf(reply).faultcode).toBe('soap:VersionMismatch');
    const asSoap12 = await post(s.endpoint, envelope('GetLocations', {}), { 'content-type': 'application/soap+xml; charset=utf-8' });
    expect(faultOf(asSoap12).faultcode).toBe('soap:VersionMismatch');
  });

  it('requires a SOAPAction that matches the body (an empty one defers to the body)', async () => {
    const xml = envelope('GetLocations', {});
    expect(faultOf(await post(s.endpoint, xml, {})).detail.WarehouseFault.ErrorCode).toBe('WMS-3002');
    expect(faultOf(await post(s.endpoint, xml, action('GetStockPositions'))).detail.WarehouseFault.ErrorCode).toBe('WMS-3002');
    expect((await post(s.endpoint, xml, { soapaction: '""' })).status).toBe(200);
  });

  it('answers an unknown operation or namespace with WMS-3002', async () => {
    const unknown = envelope('GetLocations', {}).replaceAll('GetLocationsRequest', 'DeleteEverythingRequest');
    expect(faultOf(await post(s.endpoint, unknown, { soapaction: '""' })).detail.WarehouseFault.ErrorCode).toBe('WMS-3002');
    const foreign = envelope('GetLocations', {}).replace(WMS_NAMESPACE, 'urn:other');
    expect(faultOf(await post(s.endpoint, foreign, action('GetLocations'))).detail.WarehouseFault.ErrorCode).toBe('WMS-3002');
  });

  it('faults on a header it must understand but does not', async () => {
    const xml = envelope('GetLocations', {}).replace(
      '<soapenv:Header>',
      '<soapenv:Header><x:Trace xmlns:x="urn:trace" soapenv:mustUnderstand="1">1</x:Trace>',
    );
    expect(faultOf(await post(s.endpoint, xml, action('GetLocations'))).faultcode).toBe('soap:MustUnderstand');
  });
});

describe('validation and references', () => {
  it('refuses more than 100 SKUs with WMS-3000 naming the field', async () => {
    const skus = Array.from({ length: 101 }, (_, i) => `SKU-${String(i).padStart(6, '0')}`);
    const fault = faultOf(await call(s, 'GetStockPositions', { Skus: { Sku: skus } }));
    expect(fault.faultcode).toBe('soap:Client');
    expect(fault.detail.WarehouseFault).toMatchObject({ ErrorCode: 'WMS-3000', Field: 'Skus/Sku' });
  });

  it('refuses a request without SKUs and a bad enumeration value', async () => {
    expect(faultOf(await call(s, 'GetStockPositions', {})).detail.WarehouseFault).toMatchObject({ ErrorCode: 'WMS-3000', Field: 'Skus' });
    expect(faultOf(await call(s, 'GetLocations', { LocationType: 'WAREHOUSE' })).detail.WarehouseFault).toMatchObject({
      ErrorCode: 'WMS-3000',
      Field: 'LocationType',
    });
  });

  it('answers an unknown location code with WMS-2001', async () => {
    const reply = await call(s, 'GetStockPositions', {
      Skus: { Sku: ['SKU-000001'] },
      LocationCodes: { LocationCode: ['ST001', 'XX999'] },
    });
    expect(reply.status).toBe(500);
    expect(faultOf(reply)).toMatchObject({
      faultcode: 'soap:Client',
      detail: { WarehouseFault: { ErrorCode: 'WMS-2001', Field: 'LocationCodes/LocationCode' } },
    });
  });
});

describe('injected failures keep the SOAP shape', () => {
  it('renders an injected 503 as a Server fault WMS-9001', async () => {
    s.sim.faults.set({ errorRate: 1, errorStatus: 503 });
    const reply = await call(s, 'GetLocations', {});
    expect(reply.status).toBe(503);
    expect(faultOf(reply)).toMatchObject({ faultcode: 'soap:Server', detail: { WarehouseFault: { ErrorCode: 'WMS-9001' } } });
  });

  it('renders an injected 429 as a Server fault WMS-9002 with Retry-After', async () => {
    s.sim.faults.set({ rateLimitRate: 1, retryAfterSeconds: 3 });
    const res = await fetch(s.endpoint, {
      method: 'POST',
      body: envelope('GetLocations', {}),
      headers: { 'content-type': 'text/xml', ...action('GetLocations') },
    });
    expect(res.status).toBe(429);
    expect(res.headers.get('retry-after')).toBe('3');
    expect(await res.text()).toContain('<ErrorCode>WMS-9002</ErrorCode>');
  });
});
