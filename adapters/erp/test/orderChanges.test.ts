import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NA, WEI } from '../../../legacy/erp/test/fixtures.ts';
import { ErpOrderChanges, ErpOrderWriter, balanceDue } from '../src/index.ts';
import { harness, type Harness } from './helpers.ts';

let h: Harness;
let writer: ErpOrderWriter;
let changes: ErpOrderChanges;
beforeAll(async () => {
  h = await harness();
  writer = new ErpOrderWriter(h.adapter);
  changes = new ErpOrderChanges(h.adapter);
});
afterAll(async () => {
  await h.close();
});

async function place(reference: string, extra: Partial<Parameters<ErpOrderWriter['createSalesOrder']>[1]> = {}) {
  const outcome = await writer.createSalesOrder(h.ctx, {
    customerExternalId: WEI,
    reference,
    lines: [
      {
        sku: 'SKU-000001',
        quantity: 2,
        deliveryMethod: 'SHIP',
        locationCode: 'DC01',
        serviceLevel: 'EXPRESS',
        requestedDate: '2026-12-01',
      },
      { sku: 'SKU-000003', quantity: 1, deliveryMethod: 'PICKUP', locationCode: 'ST001', requestedDate: '2026-11-28' },
    ],
    ...extra,
  });
  if (outcome.kind !== 'created') throw new Error(JSON.stringify(outcome));
  return outcome.order;
}

const details = async (id: string) => (await h.adapter.getOrderDetails(h.ctx, [id]))[0]!;

describe('ERP sales order capture details', () => {
  it('reads a mixed order back per line: one line shipped, one picked up, each with its service level', async () => {
    const order = await place('MIX-1');
    expect(order.lines?.map((l) => [l.sku, l.deliveryMethod, l.pickupLocation ?? null])).toEqual([
      ['SKU-000001', 'SHIP', null],
      ['SKU-000003', 'PICKUP', 'ST001'],
    ]);
    const d = await details(order.externalId);
    expect(d.lines.map((l) => [l.deliveryMethod, l.serviceLevel, l.locationCode])).toEqual([
      ['SHIP', 'EXPRESS', 'DC01'],
      ['PICKUP', 'STANDARD', 'ST001'],
    ]);
  });

  it('records contact, ship-to address, holds, pay-on-pickup and a deposit, and computes the balance', async () => {
    const order = await place('DEP-1', {
      holds: ['ADDRESS_INCOMPLETE', 'FRAUD_REVIEW'],
      contact: { name: 'Wei Zhang', email: 'wei@example.com', phone: '+8613800138000' },
      shipTo: { name: 'Wei Zhang', line1: 'Wuning Road 34', postcode: '200333', city: 'Shanghai', country: 'CN' },
      completeDelivery: true,
      payments: [{ kind: 'CARD', cardBrand: 'VISA', last4: '4242', token: 'tok_visa_1', amount: '100.00' }],
    });
    expect(order.status).toBe('ON_HOLD');
    expect(order.payments).toEqual([
      { method: 'CARD', amount: { amount: '100.00', currency: 'CNY' }, cardBrand: 'VISA', cardLast4: '4242' },
    ]);
    const d = await details(order.externalId);
    expect(d.holds).toEqual([
      { reason: 'ADDRESS_INCOMPLETE', level: 'CUSTOMER_SERVICE' },
      { reason: 'FRAUD_REVIEW', level: 'FINANCE' },
    ]);
    expect(d.contact).toEqual({ name: 'Wei Zhang', email: 'wei@example.com', phone: '+8613800138000' });
    expect(d.shipTo).toMatchObject({ line1: 'Wuning Road 34', city: 'Shanghai', postcode: '200333' });
    expect(d.completeDelivery).toBe(true);
    expect(balanceDue(d)).toBe('247.00'); // 2 × 129.00 + 89.00 − 100.00

    const paid = await changes.addPayment(h.ctx, order.externalId, {
      kind: 'CARD',
      cardBrand: 'MC',
      last4: '5555',
      token: 'tok_mc',
      amount: '247.00',
    });
    expect(paid).toMatchObject({ kind: 'done', value: { cardBrand: 'MC', cardLast4: '5555', status: 'AUTHORIZED' } });
    expect(balanceDue(await details(order.externalId))).toBe('0.00');

    expect(await changes.setHolds(h.ctx, order.externalId, ['FRAUD_REVIEW'])).toEqual({ kind: 'done', value: null });
    expect((await details(order.externalId)).holds.map((x) => x.reason)).toEqual(['FRAUD_REVIEW']);
    expect(await changes.setHolds(h.ctx, order.externalId, [])).toEqual({ kind: 'done', value: null });
    const [released] = await h.adapter.getOrders(h.ctx, [order.externalId]);
    expect(released?.status).toBe('PENDING');
  });

  it('changes a line, adds one and rejects one through PATCH and POST, repricing the order', async () => {
    const order = await place('CHG-1');
    const [first, second] = (await details(order.externalId)).lines;
    expect(
      await changes.changeLine(h.ctx, order.externalId, second!.lineId, {
        deliveryMethod: 'SHIP',
        locationCode: 'DC01',
        serviceLevel: 'NEXT_DAY',
        requestedDate: '2026-11-26',
      }),
    ).toEqual({ kind: 'done', value: null });
    expect(await changes.changeLine(h.ctx, order.externalId, first!.lineId, { quantity: 3 })).toEqual({ kind: 'done', value: null });
    const added = await changes.addLine(h.ctx, order.externalId, {
      sku: 'SKU-000002',
      quantity: 1,
      deliveryMethod: 'SHIP',
      locationCode: 'DC01',
    });
    expect(added).toEqual({ kind: 'done', value: '30' });
    expect(await changes.rejectLine(h.ctx, order.externalId, first!.lineId, 'CUSTOMER_REQUEST')).toEqual({ kind: 'done', value: null });
    const d = await details(order.externalId);
    expect(d.lines.map((l) => [l.lineId, l.quantity, l.deliveryMethod, l.serviceLevel, l.rejected, l.promisedDate])).toEqual([
      ['10', 3, 'SHIP', 'EXPRESS', true, '2026-12-01'],
      ['20', 1, 'SHIP', 'NEXT_DAY', false, '2026-11-26'],
      ['30', 1, 'SHIP', 'STANDARD', false, expect.any(String)],
    ]);
    expect(d.grandTotal.amount).toBe('148.90'); // 89.00 + 59.90; the rejected line drops out
    const [read] = await h.adapter.getOrders(h.ctx, [order.externalId]);
    expect(read?.lines?.map((l) => l.sku)).toEqual(['SKU-000003', 'SKU-000002']);
  });

  it('refuses changes to delivered lines and to cancelled orders, typed', async () => {
    // 1000000002 is partly delivered: its first item has gone out.
    expect(await changes.changeLine(h.ctx, '1000000002', '10', { quantity: 5 })).toMatchObject({ kind: 'refused', code: 'SHIPPED' });
    expect(await changes.rejectLine(h.ctx, '1000000002', '10', 'CUSTOMER_REQUEST')).toMatchObject({ kind: 'refused', code: 'SHIPPED' });
    // 1000000004 is cancelled.
    expect(await changes.setHolds(h.ctx, '1000000004', [])).toMatchObject({ kind: 'refused', code: 'CANCELLED' });
    const [seeded] = await h.adapter.getOrders(h.ctx, ['1000000002']);
    expect(seeded?.lines?.[0]?.quantity).toBe(3);
  });

  it('adds a ship-to address to an order that had none, and records pay on pickup', async () => {
    const outcome = await writer.createSalesOrder(h.ctx, {
      customerExternalId: NA,
      reference: 'POP-1',
      payOnPickup: true,
      lines: [{ sku: 'SKU-000002', quantity: 1, deliveryMethod: 'PICKUP', locationCode: 'ST001' }],
    });
    if (outcome.kind !== 'created') throw new Error(JSON.stringify(outcome));
    const id = outcome.order.externalId;
    expect((await details(id)).payOnPickup).toBe(true);
    const shipTo = { name: 'Na Li', line1: 'Nanjing Road 1', postcode: '200001', city: 'Shanghai', country: 'CN' };
    expect(await changes.changeShipTo(h.ctx, id, shipTo, { phone: '+8613700137000' })).toEqual({ kind: 'done', value: null });
    expect(await changes.setPayOnPickup(h.ctx, id, false)).toEqual({ kind: 'done', value: null });
    const d = await details(id);
    expect(d.shipTo).toMatchObject({ line1: 'Nanjing Road 1', city: 'Shanghai' });
    expect(d.contact.phone).toBe('+8613700137000');
    expect(d.payOnPickup).toBe(false);
  });
});
