import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WEI, tinyDataset } from './fixtures.ts';
import { BP, DEFAULT_AUTH, SO, start, type Running } from './helpers.ts';

let erp: Running;
let token = '';
beforeAll(async () => {
  erp = await start(tinyDataset());
  const res = await fetch(`${erp.baseUrl}${SO}/`, { headers: { authorization: DEFAULT_AUTH, 'x-csrf-token': 'Fetch' } });
  token = res.headers.get('x-csrf-token') ?? '';
});
afterAll(async () => {
  await erp.close();
});

async function send(method: string, path: string, body: unknown, csrf: string | null = token) {
  const res = await fetch(`${erp.baseUrl}${path}`, {
    method,
    headers: { authorization: DEFAULT_AUTH, 'content-type': 'application/json', ...(csrf && { 'x-csrf-token': csrf }) },
    body: JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, headers: res.headers, text, json: text.startsWith('{') ? JSON.parse(text) : undefined };
}

describe('sales order changes (PATCH and POST through navigation)', () => {
  it('needs a CSRF token like any write, and stays read-only elsewhere', async () => {
    const noToken = await send('PATCH', `${SO}/A_SalesOrder('1000000005')`, { PaymentMethod: 'P' }, null);
    expect(noToken.status).toBe(403);
    expect(noToken.headers.get('x-csrf-token')).toBe('Required');
    const readOnly = await send('PATCH', `${BP}/A_BusinessPartner('${WEI}')`, { FirstName: 'X' });
    expect(readOnly.status).toBe(405);
    const unknown = await send('PATCH', `${SO}/A_SalesOrder('9999999999')`, { PaymentMethod: 'P' });
    expect(unknown.status).toBe(404);
  });

  it('patches a seeded order without touching the dataset, and reads the change back at once', async () => {
    const patched = await send('PATCH', `${SO}/A_SalesOrder('1000000005')`, { d: { YY1_DeliveryBlocks_SDH: '03,01' } });
    expect(patched.status).toBe(204);
    const read = await erp.get(`${SO}/A_SalesOrder('1000000005')?$format=json`);
    expect(read.json.d).toMatchObject({ DeliveryBlockReason: '03', YY1_DeliveryBlocks_SDH: '03,01', TotalBlockStatus: 'C' });
    const undefinedBlock = await send('PATCH', `${SO}/A_SalesOrder('1000000005')`, { DeliveryBlockReason: '99' });
    expect(undefinedBlock.status).toBe(400);
    expect(tinyDataset().erp.orders.find((o) => o.salesOrder === '1000000005')?.deliveryBlockReason).toBe('');
  });

  it('rejects an item (SAP cancellation) and reprices; a delivered item is refused', async () => {
    const rejected = await send('PATCH', `${SO}/A_SalesOrderItem(SalesOrder='1000000006',SalesOrderItem='10')`, {
      SalesDocumentRjcnReason: '10',
    });
    expect(rejected.status).toBe(204);
    const read = await erp.get(`${SO}/A_SalesOrder('1000000006')?$expand=to_Item&$format=json`);
    expect(read.json.d).toMatchObject({ OverallSDDocumentRejectionSts: 'C', TotalNetAmount: '0.00' });
    expect(read.json.d.to_Item.results[0]).toMatchObject({ SalesDocumentRjcnReason: '10', ConfdDelivQtyInOrderQtyUnit: '0' });
    const delivered = await send('PATCH', `${SO}/A_SalesOrderItem(SalesOrder='1000000001',SalesOrderItem='10')`, {
      RequestedQuantity: '2',
    });
    expect(delivered.status).toBe(400);
    expect(delivered.json.error.message.value).toMatch(/already been delivered/);
  });

  it('takes card authorisations masked only, and answers a new one with 201', async () => {
    const path = `${SO}/A_SalesOrder('1000000005')/to_PaymentPlanItemDetails`;
    const fullNumber = await send('POST', path, {
      ElectronicPaymentType: 'VISA',
      ElectronicPayment: '4111111111111111',
      PaymentByPaymentServicePrvdr: 'tok_1',
      AuthorizedAmountInAuthznCrcy: '10.00',
    });
    expect(fullNumber.status).toBe(400);
    const masked = await send('POST', path, {
      ElectronicPaymentType: 'VISA',
      ElectronicPayment: '************1111',
      PaymentByPaymentServicePrvdr: 'tok_1',
      AuthorizedAmountInAuthznCrcy: '10.00',
    });
    expect(masked.status).toBe(201);
    expect(masked.json.d).toMatchObject({
      PaymentPlanItem: '000001',
      AuthorizationStatusName: 'Authorized',
      AuthorizedAmountInAuthznCrcy: '10.00',
    });
  });
});
