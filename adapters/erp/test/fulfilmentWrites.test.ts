import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getDataset } from '../../../legacy/dataset/src/index.ts';
import { ErpFulfilmentWriter } from '../src/index.ts';
import { harness, type Harness } from './helpers.ts';

const BILLING_POST = 'POST /sap/opu/odata/sap/API_BILLING_DOCUMENT_SRV/A_BillingDocument';
const PO_POST = 'POST /sap/opu/odata/sap/API_PURCHASEORDER_PROCESS_SRV/A_PurchaseOrder';
const dataset = getDataset({ scale: 0.02 });

let h: Harness;
let writer: ErpFulfilmentWriter;
beforeAll(async () => {
  h = await harness({ dataset });
  writer = new ErpFulfilmentWriter(h.adapter);
});
afterAll(async () => {
  await h.close();
});

describe('ErpFulfilmentWriter', () => {
  it('posts a sale once per reference, and billing completes the ERP order', async () => {
    const open = dataset.erp.orders.find((o) => o.processStatus !== 'C' && o.rejectionStatus !== 'C' && !o.deliveryBlockReason)!;
    const request = { reference: `ORD-ERP-${open.salesOrder}`, salesOrder: open.salesOrder, amount: { amount: '99.50', currency: 'CNY' } };
    const first = await writer.postSale(h.ctx, request);
    const again = await writer.postSale(h.ctx, request);
    expect(first).toMatchObject({
      kind: 'done',
      replayed: false,
      record: { reference: request.reference, salesOrder: open.salesOrder, amount: request.amount },
    });
    expect(again).toMatchObject({ kind: 'done', replayed: true });
    if (first.kind !== 'done' || again.kind !== 'done') throw new Error('unreachable');
    expect(again.record.document).toBe(first.record.document);
    expect(h.calls(BILLING_POST)).toBe(1);
    const [order] = await h.adapter.getOrders(h.ctx, [open.salesOrder]);
    expect(order?.status).toBe('COMPLETED');
  });

  it('refuses billing for an order the ERP does not have, as a result', async () => {
    expect(
      await writer.postSale(h.ctx, { reference: 'ORD-ERP-X', salesOrder: '9999999999', amount: { amount: '1.00', currency: 'CNY' } }),
    ).toMatchObject({
      kind: 'refused',
      message: expect.stringMatching(/does not exist/),
    });
  });

  it('raises a drop-ship purchase order once per reference and finds it by the customer order', async () => {
    const supplier = dataset.locations.find((l) => l.kind === 'SUPPLIER')!.code;
    const sku = dataset.products[0]!.sku;
    const request = { reference: 'DS-ORD-ERP-1:0:' + supplier, supplier, customerOrderRef: 'ORD-ERP-1', lines: [{ sku, quantity: 2 }] };
    const first = await writer.createDropShipOrder(h.ctx, request);
    const again = await writer.createDropShipOrder(h.ctx, request);
    expect(first).toMatchObject({ kind: 'done', replayed: false, record: { supplier, status: 'RELEASED', lines: [{ sku, quantity: 2 }] } });
    expect(again).toMatchObject({ kind: 'done', replayed: true });
    expect(h.calls(PO_POST)).toBe(1);
    expect((await writer.purchaseOrdersFor(h.ctx, 'ORD-ERP-1')).map((p) => p.reference)).toEqual([request.reference]);
    expect(await writer.createDropShipOrder(h.ctx, { ...request, reference: 'DS-2', supplier: 'ST001' })).toMatchObject({
      kind: 'refused',
    });
  });
});
