import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { NA, SIOBHAN, WEI } from '../../../legacy/erp/test/fixtures.ts';
import { PATHS, harness, type Harness } from './helpers.ts';

let h: Harness;
beforeAll(async () => {
  h = await harness();
});
afterAll(async () => {
  await h.close();
});
beforeEach(() => {
  h.sim.resetStats();
});

const ids = (records: readonly ({ externalId: string } | null)[]) => records.map((r) => r?.externalId ?? null);

describe('findCustomers', () => {
  it('finds by email whatever its case and spacing, and keeps the contact data as the ERP holds it', async () => {
    const found = await h.adapter.findCustomers(h.ctx, { email: '  wei.zhang@EXAMPLE.com' });
    expect(found).toEqual([
      {
        system: 'ERP',
        externalId: WEI,
        firstName: 'Wei',
        lastName: 'Zhang',
        emails: [' Wei.Zhang@Example.com '],
        phones: ['138-0013-8000'],
        cardNumbers: ['8800000000000001'],
        address: {
          line1: 'Room 502, No. 34, Lane 1606 Wuning Road',
          city: 'Shanghai',
          district: 'Putuo',
          postcode: '200333',
          country: 'CN',
        },
        createdAt: '2024-03-01T02:30:00.000Z',
      },
    ]);
  });

  it.each(['13800138000', '+86 138 0013 8000', '0086 138-0013-8000', '+8613800138000'])('finds by phone typed as %s', async (phone) => {
    expect(ids(await h.adapter.findCustomers(h.ctx, { phone }))).toEqual([WEI]);
  });

  it('finds by member card number, not by gift card', async () => {
    expect(ids(await h.adapter.findCustomers(h.ctx, { cardNumber: '8800 0000 0000 0001' }))).toEqual([WEI]);
    expect(await h.adapter.findCustomers(h.ctx, { cardNumber: '9900000000000002' })).toEqual([]);
  });

  it('finds by part of the name, case-insensitively, apostrophes included', async () => {
    expect(ids(await h.adapter.findCustomers(h.ctx, { name: 'zhang' }))).toEqual([WEI]);
    expect(ids(await h.adapter.findCustomers(h.ctx, { name: "o'neill" }))).toEqual([SIOBHAN]);
  });

  it('or-combines the given keys in one call', async () => {
    const found = await h.adapter.findCustomers(h.ctx, { email: 'na.li@example.net', phone: '139 0013 9000' });
    expect(ids(found)).toEqual([SIOBHAN, NA]);
    expect(h.calls(PATHS.businessPartner)).toBe(1);
  });

  it('makes no call for an empty query', async () => {
    expect(await h.adapter.findCustomers(h.ctx, {})).toEqual([]);
    expect(await h.adapter.findCustomers(h.ctx, { name: '   ' })).toEqual([]);
    expect(h.sim.totalCalls()).toBe(0);
  });
});

describe('getCustomers', () => {
  it('answers aligned to the keys, null where the ERP has nobody, in one call', async () => {
    const got = await h.adapter.getCustomers(h.ctx, [NA, '0099999999', WEI, NA]);
    expect(ids(got)).toEqual([NA, null, WEI, NA]);
    expect(got[0]).toMatchObject({ firstName: 'Na', lastName: 'Li', phones: ['0086 137 0013 7000'], cardNumbers: [] });
    expect(h.calls(PATHS.businessPartner)).toBe(1);
  });

  it('makes no call for no keys', async () => {
    expect(await h.adapter.getCustomers(h.ctx, [])).toEqual([]);
    expect(h.sim.totalCalls()).toBe(0);
  });
});

describe('orders', () => {
  it('lists each customer’s orders newest first, grouped per key', async () => {
    const grouped = await h.adapter.ordersForCustomers(h.ctx, [WEI, '0099999999', SIOBHAN]);
    expect(grouped.map((list) => list.map((o) => o.externalId))).toEqual([
      ['1000000003', '1000000002', '1000000001'],
      [],
      ['1000000005', '1000000004'],
    ]);
    expect(h.calls(PATHS.salesOrder)).toBe(1);
  });

  it('maps a pickup order to the canonical record', async () => {
    const [order] = await h.adapter.getOrders(h.ctx, ['1000000001']);
    expect(order).toEqual({
      system: 'ERP',
      externalId: '1000000001',
      number: 'W2026-000001',
      channel: 'WEB',
      status: 'COMPLETED',
      sourceStatus: 'OverallSDProcessStatus=C;OverallTotalDeliveryStatus=C;DeliveryBlockReason=;OverallSDDocumentRejectionSts=',
      placedAt: '2026-10-01T02:00:00.000Z',
      updatedAt: '2026-10-01T02:00:00.000Z',
      customerExternalId: WEI,
      grandTotal: { amount: '307.00', currency: 'CNY' },
      lines: [
        {
          lineId: '10',
          sku: 'SKU-000001',
          name: 'Jiayuan Electric Kettle - White',
          quantity: 1,
          unitPrice: { amount: '129.00', currency: 'CNY' },
          lineTotal: { amount: '129.00', currency: 'CNY' },
          deliveryMethod: 'PICKUP',
          pickupLocation: 'ST001',
          promisedDate: '2026-10-02',
        },
        {
          lineId: '20',
          sku: 'SKU-000003',
          name: 'Leidian Desk Lamp - Black',
          quantity: 2,
          unitPrice: { amount: '89.00', currency: 'CNY' },
          lineTotal: { amount: '178.00', currency: 'CNY' },
          deliveryMethod: 'PICKUP',
          pickupLocation: 'ST001',
          promisedDate: '2026-10-02',
        },
      ],
    });
  });

  it('maps channels and statuses from the SAP codes', async () => {
    const orders = await h.adapter.getOrders(h.ctx, ['1000000002', '1000000003', '1000000004', '1000000005', '1000000006']);
    expect(orders.map((o) => [o?.channel, o?.status, o?.number])).toEqual([
      ['APP', 'PARTIALLY_SHIPPED', 'A2026-000002'],
      ['CALL_CENTRE', 'ON_HOLD', 'C2026-000003'],
      ['WEB', 'CANCELLED', 'W2026-000004'],
      ['WEB', 'PENDING', 'W2026-000005'],
      ['WEB', 'CONFIRMED', 'W2026-000006'],
    ]);
    expect(orders[1]?.sourceStatus).toContain('DeliveryBlockReason=01');
    expect(orders[0]?.lines?.map((l) => [l.deliveryMethod, l.pickupLocation, l.promisedDate])).toEqual([
      ['SHIP', undefined, '2026-10-18'],
      ['SHIP', undefined, '2026-10-21'],
    ]);
    expect(orders[0]?.lines?.[0]?.unitPrice).toEqual({ amount: '59.90', currency: 'CNY' });
    // A cancelled line has no confirmed date: the requested one is what was promised.
    expect(orders[2]?.lines?.[0]?.promisedDate).toBe('2026-10-20');
  });

  it('answers getOrders aligned to the keys', async () => {
    const got = await h.adapter.getOrders(h.ctx, ['1000000006', '1999999999', '1000000006']);
    expect(ids(got)).toEqual(['1000000006', null, '1000000006']);
    expect(h.calls(PATHS.salesOrder)).toBe(1);
  });

  it('finds orders by the web shop number or by the SAP number', async () => {
    expect(ids(await h.adapter.findOrdersByNumber(h.ctx, 'A2026-000002'))).toEqual(['1000000002']);
    expect(ids(await h.adapter.findOrdersByNumber(h.ctx, ' 1000000004 '))).toEqual(['1000000004']);
    expect(await h.adapter.findOrdersByNumber(h.ctx, 'W1999-000000')).toEqual([]);
    expect(await h.adapter.findOrdersByNumber(h.ctx, '  ')).toEqual([]);
  });
});

describe('getProducts', () => {
  it('reads the material master aligned to the SKUs', async () => {
    const got = await h.adapter.getProducts(h.ctx, ['SKU-000002', 'SKU-404', 'SKU-000001']);
    expect(got).toEqual([
      {
        sku: 'SKU-000002',
        name: "Haiyun Children's T-Shirt - Navy, S",
        category: 'apparel',
        brand: 'Haiyun',
        barcode: '6900000000020',
        price: { amount: '59.90', currency: 'CNY' },
      },
      null,
      expect.objectContaining({ sku: 'SKU-000001', price: { amount: '129.00', currency: 'CNY' } }),
    ]);
    expect(h.calls(PATHS.product)).toBe(1);
  });
});

describe('hostile input', () => {
  it("searches ' or 1 eq 1 literally: nothing found, nothing failed", async () => {
    expect(await h.adapter.findCustomers(h.ctx, { name: "' or 1 eq 1" })).toEqual([]);
    expect(await h.adapter.findCustomers(h.ctx, { name: "x') or (1 eq 1" })).toEqual([]);
    expect(await h.adapter.findCustomers(h.ctx, { email: "x' or YY1_SearchEmail ne '" })).toEqual([]);
    expect(await h.adapter.findCustomers(h.ctx, { phone: "' or BusinessPartner ne '" })).toEqual([]);
    expect(await h.adapter.findCustomers(h.ctx, { cardNumber: "' or 1 eq 1 or '" })).toEqual([]);
    expect(await h.adapter.findOrdersByNumber(h.ctx, "' or SalesOrder ne '")).toEqual([]);
    expect(await h.adapter.getCustomers(h.ctx, ["' or BusinessPartner ne '"])).toEqual([null]);
    expect(await h.adapter.getProducts(h.ctx, ["SKU-000001' or Product ne '"])).toEqual([null]);
  });
});
