import { readFileSync } from 'node:fs';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OPERATIONS, WMS_NAMESPACE, WSDL_FILE, soapActionOf, type OperationName } from '../src/index.ts';
import { wmsFixture } from './fixture.ts';
import { post, envelope, start, type Started } from './helpers.ts';

type Node = Record<string, unknown>;
const asArray = (v: unknown): Node[] => (v === undefined ? [] : Array.isArray(v) ? (v as Node[]) : [v as Node]);
const local = (qname: string) => qname.slice(qname.indexOf(':') + 1);

/** What the WSDL promises per operation: SOAPAction, input and output element. */
function contractOf(wsdlText: string) {
  const doc = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '@_', removeNSPrefix: true }).parse(wsdlText) as Node;
  const defs = doc.definitions as Node;
  const messages = new Map(asArray(defs.message).map((m) => [m['@_name'] as string, local(asArray(m.part)[0]?.['@_element'] as string)]));
  const portType = asArray(defs.portType)[0] as Node;
  const binding = asArray(defs.binding)[0] as Node;
  const actions = new Map(asArray(binding.operation).map((o) => [o['@_name'] as string, (o.operation as Node)['@_soapAction'] as string]));
  const headers = asArray(binding.operation).map((o) => ((o.input as Node).header as Node | undefined)?.['@_part']);
  return {
    targetNamespace: defs['@_targetNamespace'] as string,
    serviceName: (asArray(defs.service)[0] as Node)['@_name'] as string,
    headers,
    operations: asArray(portType.operation).map((o) => ({
      name: o['@_name'] as string,
      input: messages.get(local((o.input as Node)['@_message'] as string)),
      output: messages.get(local((o.output as Node)['@_message'] as string)),
      fault: messages.get(local((o.fault as Node)['@_message'] as string)),
      soapAction: actions.get(o['@_name'] as string),
    })),
  };
}

let s: Started;
beforeAll(async () => {
  s = await start(wmsFixture());
});
afterAll(async () => {
  await s.sim.close();
});

describe('WSDL', () => {
  it('is served at ?wsdl, well-formed, with the serving address', async () => {
    const res = await fetch(`${s.endpoint}?wsdl`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/xml/);
    const text = await res.text();
    expect(XMLValidator.validate(text)).toBe(true);
    expect(text).toContain(`<soap:address location="${s.endpoint}"/>`);
    // Same contract as the file in the repo, apart from the address.
    const file = readFileSync(WSDL_FILE, 'utf8');
    expect(text.replace(s.endpoint, '')).toBe(file.replace('http://localhost:5003/ws/WarehouseService', ''));
  });

  it('also answers ?WSDL and refuses plain GETs with a fault', async () => {
    expect((await fetch(`${s.endpoint}?WSDL`)).status).toBe(200);
    const plain = await fetch(s.endpoint);
    expect(plain.status).toBe(405);
    expect(await plain.text()).toContain('<faultcode>soap:Client</faultcode>');
  });

  it('declares the service, its operations, the WS-Security header and the fault', () => {
    const contract = contractOf(readFileSync(WSDL_FILE, 'utf8'));
    expect(contract.serviceName).toBe('WarehouseService');
    expect(contract.targetNamespace).toBe(WMS_NAMESPACE);
    expect(contract.operations.map((o) => o.name).sort()).toEqual([...OPERATIONS].sort());
    expect(contract.headers).toEqual(OPERATIONS.map(() => 'Security'));
    for (const op of contract.operations) {
      expect(op.input).toBe(`${op.name}Request`);
      expect(op.output).toBe(`${op.name}Response`);
      expect(op.fault).toBe('WarehouseFault');
      expect(op.soapAction).toBe(soapActionOf(op.name as OperationName));
    }
  });

  it('the simulator answers every WSDL operation with its output element', async () => {
    const contract = contractOf(readFileSync(WSDL_FILE, 'utf8'));
    const minimal: Record<string, Record<string, unknown>> = {
      GetStockPositions: { Skus: { Sku: ['SKU-000001'] } },
      CreateReservation: { Sku: 'SKU-000001', LocationCode: 'DC01', Quantity: 1, TtlMinutes: 30 },
      ReleaseReservation: { ReservationId: 'R000000001' },
      ConsumeReservation: { ReservationId: 'R000000001', SaleReference: 'ST001-20261101-0001' },
      RecordCycleCount: { Sku: 'SKU-000002', LocationCode: 'ST001', CountedQuantity: 0 },
      ReceiveStock: { LocationCode: 'DC01', Reference: 'PO-4500000002', Lines: { Line: [{ Sku: 'SKU-000001', Quantity: 50 }] } },
      CreateFulfilmentTask: {
        TaskType: 'PICK',
        LocationCode: 'DC01',
        OrderReference: 'ORD-1',
        Lines: { Line: [{ Sku: 'SKU-000001', Quantity: 1 }] },
      },
      UpdateFulfilmentTask: { TaskId: 'T000000001', Action: 'ACCEPT' },
    };
    // Release before consume would fault: consume the seeded hold first, then release (a no-op).
    const order = ['ConsumeReservation', 'ReleaseReservation', 'CreateFulfilmentTask', 'UpdateFulfilmentTask'];
    contract.operations.sort((a, b) => order.indexOf(a.name) - order.indexOf(b.name));
    for (const op of contract.operations) {
      const reply = await post(s.endpoint, envelope(op.name as OperationName, minimal[op.name] ?? {}), {
        soapaction: `"${op.soapAction}"`,
      });
      expect(reply.status, op.name).toBe(200);
      expect(Object.keys(reply.body), op.name).toEqual([op.output]);
      expect(reply.text).toContain(`<${op.output} xmlns="${contract.targetNamespace}">`);
    }
  });
});
