import { afterEach, describe, expect, it } from 'vitest';
import { HOSTILE, LI, RELAY, WEI, fixtureDataset, manyOrders } from '../../../legacy/marketplace/test/fixtures.ts';
import { harness, type Harness } from './helpers.ts';

const LIST = 'GET /orders/v0/orders';
const open: Harness[] = [];
async function start(...args: Parameters<typeof harness>): Promise<Harness> {
  const h = await harness(...args);
  open.push(h);
  return h;
}
afterEach(async () => {
  await Promise.all(open.splice(0).map((h) => h.close()));
});

describe('findCustomers', () => {
  it('turns a buyer found by email into one MARKETPLACE customer record', async () => {
    const h = await start();
    const found = await h.adapter.findCustomers(h.ctx, { email: 'Wei.Zhang@EXAMPLE.com' });
    expect(found).toEqual([
      {
        system: 'MARKETPLACE',
        externalId: WEI,
        // The newest order (JD, pending) spells the name in capitals.
        firstName: 'WEI',
        lastName: 'ZHANG',
        emails: ['WEI.ZHANG@EXAMPLE.COM'],
        // Only the unshipped MFN order still shows a phone; older shipped orders suppress it.
        phones: ['138 0013 8000'],
        cardNumbers: [],
        address: { line1: '88 Nanjing Road', city: 'Shanghai', district: 'Huangpu', postcode: '200001', country: 'CN' },
        createdAt: '2026-09-01T10:00:00Z',
      },
    ]);
    expect(h.calls(LIST)).toBe(1);
  });

  it('never searches relay addresses, non-email queries or unknown buyers into records', async () => {
    const h = await start();
    expect(await h.adapter.findCustomers(h.ctx, { email: RELAY })).toEqual([]);
    expect(await h.adapter.findCustomers(h.ctx, { email: 'X@relay.jd.com' })).toEqual([]);
    expect(await h.adapter.findCustomers(h.ctx, { phone: '+8613800138000', name: 'Wei Zhang' })).toEqual([]);
    expect(h.calls(LIST)).toBe(0);
    expect(await h.adapter.findCustomers(h.ctx, { email: 'nobody@example.com' })).toEqual([]);
    expect(h.calls(LIST)).toBe(1);
  });

  it('sends hostile input as data, never as query syntax', async () => {
    const h = await start();
    const [hostile] = await h.adapter.findCustomers(h.ctx, { email: HOSTILE });
    expect(hostile).toMatchObject({ externalId: HOSTILE, firstName: 'Sean', lastName: "O'Brien" });
    // If the "&MarketplaceIds=…" part were spliced into the query, SP-API would answer 400.
    expect(await h.adapter.findCustomers(h.ctx, { email: 'a@b.com&MarketplaceIds=ATVPDKIKX0DER&x=1' })).toEqual([]);
    expect(await h.adapter.orderLines(h.ctx, ['../../auth/o2/token', "111-0000001-0000001' OR 1=1"])).toEqual([[], []]);
    expect(h.calls('GET /orders/v0/orders/../../auth/o2/token/orderItems')).toBe(0);
  });
});

describe('ordersForBuyers', () => {
  it('answers per key, newest first, with one getOrders per distinct buyer', async () => {
    const h = await start();
    const [wei, unknown, relay, li, again] = await h.adapter.ordersForBuyers(h.ctx, [
      WEI,
      'unknown@example.com',
      RELAY,
      LI,
      'WEI.ZHANG@example.com',
    ]);
    expect(wei!.map((o) => o.number)).toEqual(['222-0000003-0000003', '111-0000002-0000002', '111-0000001-0000001']);
    expect(again).toEqual(wei);
    expect(unknown).toEqual([]);
    expect(relay).toEqual([]);
    expect(li!.map((o) => [o.number, o.salesChannel, o.status, o.sourceStatus])).toEqual([
      ['222-0000005-0000005', 'JD', 'CANCELLED', 'Canceled'],
      ['222-0000007-0000007', 'JD', 'SHIPPED', 'InvoiceUnconfirmed'],
    ]);
    expect(wei![1]).toEqual({
      system: 'MARKETPLACE',
      externalId: '111-0000002-0000002',
      number: '111-0000002-0000002',
      channel: 'MARKETPLACE',
      salesChannel: 'AMAZON',
      status: 'CONFIRMED',
      sourceStatus: 'Unshipped',
      placedAt: '2026-10-20T09:30:00Z',
      updatedAt: '2026-10-20T09:30:00Z',
      customerExternalId: WEI,
      grandTotal: { amount: '50.00', currency: 'CNY' },
      payments: [{ method: 'MARKETPLACE', amount: { amount: '50.00', currency: 'CNY' } }],
    });
    expect(h.calls(LIST)).toBe(3);
  });

  it('follows NextToken to the last page, within maxPages', async () => {
    const h = await start({ dataset: fixtureDataset(manyOrders('many@example.com', 25)) }, { pageSize: 10 });
    const [all] = await h.adapter.ordersForBuyers(h.ctx, ['many@example.com']);
    expect(all).toHaveLength(25);
    expect(new Set(all!.map((o) => o.externalId)).size).toBe(25);
    expect(all![0]!.placedAt > all![24]!.placedAt).toBe(true);
    expect(h.calls(LIST)).toBe(3);

    const bounded = await start({ dataset: fixtureDataset(manyOrders('many@example.com', 25)) }, { pageSize: 10, maxPages: 2 });
    expect((await bounded.adapter.ordersForBuyers(bounded.ctx, ['many@example.com']))[0]).toHaveLength(20);
  });
});

describe('getOrders and findOrdersByNumber', () => {
  it('looks ids up 50 per getOrders call, aligned, with null for unknown and malformed ids', async () => {
    const extra = manyOrders('many@example.com', 55);
    const h = await start({ dataset: fixtureDataset(extra) });
    const ids = [...extra.map((s) => s.id), '999-9999999-9999999', 'W2026-000123', '111-0000004-0000004', extra[0]!.id];
    const found = await h.adapter.getOrders(h.ctx, ids);
    expect(found).toHaveLength(ids.length);
    expect(found.slice(0, 55).every((o, i) => o?.externalId === extra[i]!.id)).toBe(true);
    expect(found[55]).toBeNull();
    expect(found[56]).toBeNull();
    // A relay buyer's order carries no customer id.
    expect(found[57]).toMatchObject({ externalId: '111-0000004-0000004', status: 'SHIPPED' });
    expect(found[57]).not.toHaveProperty('customerExternalId');
    expect(found[58]?.externalId).toBe(extra[0]!.id);
    expect(h.calls(LIST)).toBe(2);
  });

  it('finds "3-7-7" order numbers and does not call for anything else', async () => {
    const h = await start();
    expect((await h.adapter.findOrdersByNumber(h.ctx, ' 111-0000008-0000008 ')).map((o) => [o.number, o.status, o.sourceStatus])).toEqual([
      ['111-0000008-0000008', 'ON_HOLD', 'Unfulfillable'],
    ]);
    expect(await h.adapter.findOrdersByNumber(h.ctx, '999-9999999-9999999')).toEqual([]);
    expect(h.calls(LIST)).toBe(2);
    expect(await h.adapter.findOrdersByNumber(h.ctx, 'W2026-000123')).toEqual([]);
    expect(h.calls(LIST)).toBe(2);
  });
});

describe('orderLines', () => {
  it('reads every item page per order, aligned; unknown orders give no lines', async () => {
    const h = await start();
    const [big, pending, unknown, junk] = await h.adapter.orderLines(h.ctx, [
      '111-0000006-0000006',
      '222-0000003-0000003',
      '999-9999999-9999999',
      'junk',
    ]);
    expect(big).toHaveLength(25);
    expect(big![2]).toEqual({
      lineId: '00000600000003',
      sku: 'SKU-0003',
      name: 'Product 3',
      quantity: 3,
      unitPrice: { amount: '30.00', currency: 'CNY' },
      lineTotal: { amount: '90.00', currency: 'CNY' },
      deliveryMethod: 'SHIP',
    });
    // SP-API leaves prices out until payment is authorised.
    expect(pending!.map((l) => l.unitPrice)).toEqual([
      { amount: '0.00', currency: 'CNY' },
      { amount: '0.00', currency: 'CNY' },
    ]);
    expect(unknown).toEqual([]);
    expect(junk).toEqual([]);
    expect(h.calls('GET /orders/v0/orders/111-0000006-0000006/orderItems')).toBe(2);
  });

  it('keeps at most itemsConcurrency getOrderItems calls in flight', async () => {
    let inFlight = 0;
    let peak = 0;
    const h = await start({}, { itemsConcurrency: 2 }, (sim) => {
      sim.app.addHook('onRequest', async (req) => {
        if (!req.url.includes('/orderItems')) return;
        peak = Math.max(peak, ++inFlight);
        await new Promise((r) => setTimeout(r, 30));
      });
      sim.app.addHook('onResponse', async (req) => {
        if (req.url.includes('/orderItems')) inFlight--;
      });
    });
    const ids = ['111-0000001-0000001', '111-0000002-0000002', '222-0000003-0000003', '111-0000004-0000004', '222-0000005-0000005'];
    const lines = await h.adapter.orderLines(h.ctx, ids);
    expect(lines.map((l) => l.length)).toEqual([2, 2, 2, 2, 2]);
    expect(peak).toBe(2);
  });
});
