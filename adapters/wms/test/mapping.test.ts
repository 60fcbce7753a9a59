import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Simulator } from '../../../legacy/kit/src/index.ts';
import { createWmsSimulator } from '../../../legacy/wms/src/index.ts';
import { wmsFixture } from '../../../legacy/wms/test/fixture.ts';
import { envelope } from '../../../legacy/wms/test/helpers.ts';
import { LIST_ELEMENTS, faultErrorCode, faultToError } from '../src/mapping.ts';
import { parseEnvelope } from '../src/soap.ts';

let sim: Simulator;
let endpoint: string;
beforeAll(async () => {
  sim = createWmsSimulator({ dataset: wmsFixture() });
  endpoint = `${await sim.listen(0, '127.0.0.1')}/ws/WarehouseService`;
});
afterAll(async () => {
  await sim.close();
});

/** A fault exactly as the WMS writes it, read back by the adapter's SOAP layer. */
async function faultFor(xml: string) {
  const res = await fetch(endpoint, { method: 'POST', body: xml, headers: { 'content-type': 'text/xml', soapaction: '""' } });
  const outcome = parseEnvelope(await res.text(), 'GetStockPositionsResponse', LIST_ELEMENTS);
  if (!('fault' in outcome)) throw new Error('expected a fault');
  return { fault: outcome.fault, status: res.status };
}

describe('soap:Fault → AdapterError', () => {
  it('maps the auth fault to UPSTREAM_AUTH_FAILED', async () => {
    const { fault, status } = await faultFor(envelope('GetLocations', {}, { password: 'x' }));
    expect(faultErrorCode(fault)).toBe('WMS-1001');
    const err = faultToError(fault, 'GetLocations', 'WMS_USERNAME / WMS_PASSWORD', status);
    expect(err).toMatchObject({ system: 'WMS', code: 'UPSTREAM_AUTH_FAILED', status: 500, retryable: false });
  });

  it.each([
    [
      'an unknown location (WMS-2001)',
      envelope('GetStockPositions', { Skus: { Sku: ['A'] }, LocationCodes: { LocationCode: ['NOPE'] } }),
      'WMS-2001',
    ],
    ['a validation error (WMS-3000)', envelope('GetStockPositions', {}), 'WMS-3000'],
    ['bad XML (WMS-3001)', '<soapenv:Envelope', 'WMS-3001'],
  ])('maps %s to UPSTREAM_REJECTED carrying the code', async (_label, xml, code) => {
    const { fault, status } = await faultFor(xml);
    const err = faultToError(fault, 'GetStockPositions', 'WMS_USERNAME / WMS_PASSWORD', status);
    expect(err.code).toBe('UPSTREAM_REJECTED');
    expect(err.message).toContain(`soap:Client ${code}`);
    expect((err.cause as { errorCode?: string }).errorCode).toBe(code);
  });

  it('maps VersionMismatch to UPSTREAM_REJECTED and Server faults to UPSTREAM_UNAVAILABLE', () => {
    const mismatch = faultToError({ code: 'VersionMismatch', message: 'x' }, 'GetLocations', 's', 500);
    expect(mismatch.code).toBe('UPSTREAM_REJECTED');
    const server = faultToError(
      { code: 'Server', message: 'x', detail: { WarehouseFault: { ErrorCode: 'WMS-9000' } } },
      'GetLocations',
      's',
      500,
    );
    expect(server).toMatchObject({ code: 'UPSTREAM_UNAVAILABLE', retryable: true });
  });
});

describe('parseEnvelope', () => {
  it('refuses a DTD and a body that is not SOAP', () => {
    expect(() => parseEnvelope('<!DOCTYPE x><x/>', 'R', LIST_ELEMENTS)).toThrow();
    expect(() => parseEnvelope('<html><body>Gateway error</body></html>', 'R', LIST_ELEMENTS)).toThrow();
    expect(() => parseEnvelope('<soap:Envelope xmlns:soap="x"><soap:Body><R>', 'R', LIST_ELEMENTS)).toThrow();
  });
});
