import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NA, WEI } from '../../../legacy/erp/test/fixtures.ts';
import { ErpOrderWriter } from '../src/index.ts';
import { harness, type Harness } from './helpers.ts';

const POST_ORDER = 'POST /sap/opu/odata/sap/API_SALES_ORDER_SRV/A_SalesOrder';
const FETCH_TOKEN = 'GET /sap/opu/odata/sap/API_SALES_ORDER_SRV/';

let h: Harness;
let writer: ErpOrderWriter;
beforeAll(async () => {
  h = await harness();
  writer = new ErpOrderWriter(h.adapter);
});
afterAll(async () => {
  await h.close();
});

describe('sales order create (deep insert)', () => {
  it('creates an order priced by the ERP, readable at once with its items', async () => {
    const outcome = await writer.createSalesOrder(h.ctx, {
      customerExternalId: WEI,
      reference: 'R360-T1',
      lines: [
        { sku: 'SKU-000001', quantity: 2, deliveryMethod: 'SHIP', requestedDate: '2026-12-01' },
        { sku: 'SKU-000003', quantity: 1, deliveryMethod: 'SHIP' },
      ],
    });
    expect(outcome.kind).toBe('created');
    if (outcome.kind !== 'created') return;
    expect(outcome.replayed).toBe(false);
    expect(outcome.order).toMatchObject({
      system: 'ERP',
      number: 'R360-T1',
      channel: 'CALL_CENTRE',
      status: 'PENDING',
      customerExternalId: WEI,
      grandTotal: { amount: '347.00', currency: 'CNY' },
    });
    expect(outcome.order.lines?.map((l) => [l.sku, l.quantity, l.unitPrice.amount, l.deliveryMethod])).toEqual([
      ['SKU-000001', 2, '129.00', 'SHIP'],
      ['SKU-000003', 1, '89.00', 'SHIP'],
    ]);
    expect(outcome.order.lines?.[0]?.promisedDate).toBe('2026-12-01');
    const [read] = await h.adapter.getOrders(h.ctx, [outcome.order.externalId]);
    expect(read?.number).toBe('R360-T1');
    expect(h.calls(FETCH_TOKEN)).toBe(1);
  });

  it('answers a repeated reference with the first order instead of a second one', async () => {
    const before = h.calls(POST_ORDER);
    const request = {
      customerExternalId: NA,
      reference: 'R360-T2',
      lines: [{ sku: 'SKU-000002', quantity: 1, deliveryMethod: 'SHIP' as const }],
    };
    const first = await writer.createSalesOrder(h.ctx, request);
    const again = await writer.createSalesOrder(h.ctx, request);
    expect(first.kind === 'created' && again.kind === 'created').toBe(true);
    if (first.kind !== 'created' || again.kind !== 'created') return;
    expect(again.replayed).toBe(true);
    expect(again.order.externalId).toBe(first.order.externalId);
    expect(h.calls(POST_ORDER) - before).toBe(2);
    expect(await writer.findByReference(h.ctx, NA, 'R360-T2')).toMatchObject({ externalId: first.order.externalId });
  });

  it('returns business refusals typed, not thrown', async () => {
    const unknownCustomer = await writer.createSalesOrder(h.ctx, {
      customerExternalId: '0099999999',
      reference: 'R360-T3',
      lines: [{ sku: 'SKU-000001', quantity: 1, deliveryMethod: 'SHIP' }],
    });
    expect(unknownCustomer).toMatchObject({ kind: 'refused', code: 'UNKNOWN_CUSTOMER' });
    const unknownProduct = await writer.createSalesOrder(h.ctx, {
      customerExternalId: WEI,
      reference: "R360-'T4",
      lines: [{ sku: 'NOPE', quantity: 1, deliveryMethod: 'SHIP' }],
    });
    expect(unknownProduct).toMatchObject({ kind: 'refused', code: 'UNKNOWN_PRODUCT' });
  });

  it('refuses a create without a CSRF token (SAP 403, x-csrf-token: Required)', async () => {
    const res = await fetch(`${h.url}/sap/opu/odata/sap/API_SALES_ORDER_SRV/A_SalesOrder`, {
      method: 'POST',
      headers: { authorization: `Basic ${Buffer.from('RETAIL360_API:Welcome1!').toString('base64')}`, 'content-type': 'application/json' },
      body: JSON.stringify({ SoldToParty: WEI, to_Item: [{ Material: 'SKU-000001', RequestedQuantity: '1' }] }),
    });
    expect(res.status).toBe(403);
    expect(res.headers.get('x-csrf-token')).toBe('Required');
  });

  it('marks a pickup line with its plant and keeps a delivery block', async () => {
    const outcome = await writer.createSalesOrder(h.ctx, {
      customerExternalId: WEI,
      reference: 'R360-T5',
      deliveryBlock: 'AUDIT',
      lines: [{ sku: 'SKU-000002', quantity: 3, deliveryMethod: 'PICKUP', locationCode: 'ST001' }],
    });
    if (outcome.kind !== 'created') throw new Error(JSON.stringify(outcome));
    expect(outcome.order.status).toBe('ON_HOLD');
    expect(outcome.order.lines?.[0]).toMatchObject({ deliveryMethod: 'PICKUP', quantity: 3 });
  });
});
