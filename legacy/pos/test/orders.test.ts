import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PosReceipt } from '../../dataset/src/index.ts';
import { CUSTOMERS, STORE_IDS, buildFixture } from './fixture.ts';
import { startPos, type Running } from './helpers.ts';

type Order = { id: string; created_at: string; customer_id?: string; state: string; [k: string]: unknown };
const searchOrders = (pos: Running, body: unknown) => pos.call('POST', '/v2/orders/search', body);
const FIRST_TEN = STORE_IDS.slice(0, 10);

describe('POS simulator: orders', () => {
  const dataset = buildFixture();
  const receipts = dataset.pos.receipts;
  let pos: Running;
  beforeAll(async () => {
    pos = await startPos(dataset);
  });
  afterAll(() => pos.close());

  it('renders a receipt as a Square Order: line items, money in minor units, tenders, reference_id', async () => {
    const gift = receipts[2] as PosReceipt;
    const res = await pos.call('GET', `/v2/orders/${gift.id}`);
    expect(res.status).toBe(200);
    const order = res.json.order;
    expect(order).toMatchObject({
      id: gift.id,
      location_id: gift.locationId,
      reference_id: gift.receiptNumber,
      customer_id: CUSTOMERS.wei.id,
      state: 'COMPLETED',
      created_at: gift.createdAt,
      closed_at: gift.closedAt,
      total_money: { amount: 30750, currency: 'CNY' },
      net_amount_due_money: { amount: 0, currency: 'CNY' },
    });
    expect(order.line_items[0]).toMatchObject({
      uid: gift.lineItems[0]?.uid,
      name: 'Product 1',
      quantity: '2',
      item_type: 'ITEM',
      metadata: { sku: 'SKU-000001' },
      base_price_money: { amount: 12900, currency: 'CNY' },
      total_money: { amount: 25800, currency: 'CNY' },
    });
    expect(order.line_items[0].catalog_object_id).toMatch(/^[A-Z2-7]{24}$/);
    expect(order.tenders).toEqual([
      expect.objectContaining({
        type: 'SQUARE_GIFT_CARD',
        amount_money: { amount: 10000, currency: 'CNY' },
        card_details: expect.objectContaining({ card: { card_brand: 'SQUARE_GIFT_CARD', last_4: '4242' } }),
      }),
      expect.objectContaining({
        type: 'CARD',
        card_details: expect.objectContaining({ card: { card_brand: 'CHINA_UNIONPAY', last_4: '1234' } }),
      }),
    ]);
    const open = (await pos.call('GET', `/v2/orders/${receipts[0]?.id}`)).json.order;
    expect(open.state).toBe('OPEN');
    expect(open.closed_at).toBeUndefined();
    expect(open.net_amount_due_money.amount).toBe(30750);
  });

  it('answers 404 NOT_FOUND for an unknown order', async () => {
    const res = await pos.call('GET', '/v2/orders/NO-SUCH-ORDER');
    expect(res.status).toBe(404);
    expect(res.json).toEqual({ errors: [expect.objectContaining({ category: 'INVALID_REQUEST_ERROR', code: 'NOT_FOUND' })] });
  });

  it("shows a till return as its own order pointing at the sale, and the sale's return amounts", async () => {
    const sale = receipts[5] as PosReceipt;
    const saleOrder = (await pos.call('GET', `/v2/orders/${sale.id}`)).json.order;
    expect(saleOrder.return_amounts.total_money.amount).toBe(30750);
    expect(saleOrder.net_amounts.total_money.amount).toBe(0);
    const found = await searchOrders(pos, {
      location_ids: [sale.locationId],
      query: { filter: { customer_filter: { customer_ids: [CUSTOMERS.wei.id] } } },
    });
    const ret = (found.json.orders as Order[]).find((o) => Array.isArray(o.returns));
    expect(ret).toMatchObject({
      reference_id: `${sale.storeCode}-R-20261001-0001`,
      state: 'COMPLETED',
      total_money: { amount: 0, currency: 'CNY' },
      return_amounts: expect.objectContaining({ total_money: { amount: 30750, currency: 'CNY' } }),
      returns: [expect.objectContaining({ source_order_id: sale.id })],
      refunds: [
        expect.objectContaining({ status: 'APPROVED', tender_id: sale.tenders[0]?.id, amount_money: { amount: 30750, currency: 'CNY' } }),
      ],
    });
  });

  it('adds a SHIPMENT fulfillment to an endless-aisle sale', async () => {
    const order = (await pos.call('GET', `/v2/orders/${receipts[6]?.id}`)).json.order;
    expect(order.fulfillments).toEqual([
      expect.objectContaining({
        type: 'SHIPMENT',
        state: 'COMPLETED',
        shipment_details: expect.objectContaining({ carrier: 'UPS', tracking_number: '1Z999AA10123456784' }),
      }),
    ]);
  });

  it('requires 1 to 10 known location_ids', async () => {
    const missing = await searchOrders(pos, {});
    expect(missing.json.errors[0]).toMatchObject({
      category: 'INVALID_REQUEST_ERROR',
      code: 'MISSING_REQUIRED_PARAMETER',
      field: 'location_ids',
    });
    const eleven = await searchOrders(pos, { location_ids: STORE_IDS.slice(0, 11) });
    expect(eleven.status).toBe(400);
    expect(eleven.json.errors[0]).toMatchObject({ code: 'ARRAY_LENGTH_TOO_LONG', field: 'location_ids' });
    const unknown = await searchOrders(pos, { location_ids: [STORE_IDS[0], "x' OR '1'='1"] });
    expect(unknown.json.errors[0]).toMatchObject({ code: 'INVALID_VALUE', field: 'location_ids[1]' });
    const wrongType = await searchOrders(pos, { location_ids: STORE_IDS[0] });
    expect(wrongType.json.errors[0]).toMatchObject({ code: 'EXPECTED_ARRAY', field: 'location_ids' });
  });

  it('caps customer_ids at 10 and checks states, limits and sort fields', async () => {
    const many = await searchOrders(pos, {
      location_ids: FIRST_TEN,
      query: { filter: { customer_filter: { customer_ids: Array.from({ length: 11 }, (_, i) => `C${i}`) } } },
    });
    expect(many.json.errors[0]).toMatchObject({ code: 'ARRAY_LENGTH_TOO_LONG', field: 'query.filter.customer_filter.customer_ids' });
    const state = await searchOrders(pos, { location_ids: FIRST_TEN, query: { filter: { state_filter: { states: ['DONE'] } } } });
    expect(state.json.errors[0]).toMatchObject({ code: 'INVALID_ENUM_VALUE', field: 'query.filter.state_filter.states[0]' });
    const limit = await searchOrders(pos, { location_ids: FIRST_TEN, limit: 1001 });
    expect(limit.json.errors[0]).toMatchObject({ code: 'VALUE_TOO_HIGH', field: 'limit' });
    const mismatch = await searchOrders(pos, {
      location_ids: FIRST_TEN,
      query: { filter: { date_time_filter: { closed_at: { start_at: '2026-01-01T00:00:00Z' } } }, sort: { sort_field: 'CREATED_AT' } },
    });
    expect(mismatch.json.errors[0]).toMatchObject({ code: 'INVALID_VALUE', field: 'query.sort.sort_field' });
  });

  it('filters by customer and state, newest first by default', async () => {
    const res = await searchOrders(pos, {
      location_ids: FIRST_TEN,
      query: { filter: { customer_filter: { customer_ids: [CUSTOMERS.na.id] }, state_filter: { states: ['COMPLETED'] } } },
    });
    // Na's second sale is at the 12th store, outside these ten locations.
    expect((res.json.orders as Order[]).map((o) => o.id)).toEqual([receipts[30]?.id]);
    const all = await searchOrders(pos, {
      location_ids: STORE_IDS.slice(10),
      query: { filter: { state_filter: { states: ['OPEN', 'CANCELED'] } } },
    });
    expect(all.json).toEqual({});
    const newest = await searchOrders(pos, { location_ids: FIRST_TEN, limit: 3 });
    const times = (newest.json.orders as Order[]).map((o) => o.created_at);
    expect([...times].sort().reverse()).toEqual(times);
  });

  it('filters on a created_at range (inclusive) sorted by the same field, oldest first when asked', async () => {
    const target = receipts[35] as PosReceipt;
    const res = await searchOrders(pos, {
      location_ids: [target.locationId],
      query: {
        filter: { date_time_filter: { created_at: { start_at: target.createdAt, end_at: '2026-11-01T00:00:00+08:00' } } },
        sort: { sort_field: 'CREATED_AT', sort_order: 'ASC' },
      },
    });
    const orders = res.json.orders as Order[];
    expect(orders[0]?.id).toBe(target.id);
    expect(orders.every((o) => o.created_at >= target.createdAt)).toBe(true);
    expect([...orders.map((o) => o.created_at)].sort()).toEqual(orders.map((o) => o.created_at));
  });

  it('pages SearchOrders with cursors to the last page, and refuses a cursor with another query', async () => {
    const body = { location_ids: FIRST_TEN, limit: 4, query: { filter: { customer_filter: { customer_ids: [CUSTOMERS.wei.id] } } } };
    const seen: string[] = [];
    let cursor: string | undefined;
    let pages = 0;
    do {
      const res = await searchOrders(pos, { ...body, ...(cursor && { cursor }) });
      expect(res.status).toBe(200);
      seen.push(...(res.json.orders as Order[]).map((o) => o.id));
      cursor = res.json.cursor;
      pages++;
    } while (cursor);
    const expected = receipts.filter((r) => r.customerId === CUSTOMERS.wei.id && FIRST_TEN.includes(r.locationId)).length + 1; // + the return order
    expect(seen).toHaveLength(expected);
    expect(new Set(seen).size).toBe(expected);
    expect(pages).toBe(Math.ceil(expected / 4));
    const first = await searchOrders(pos, body);
    const foreign = await searchOrders(pos, { ...body, location_ids: STORE_IDS.slice(10), cursor: first.json.cursor });
    expect(foreign.json.errors[0]).toMatchObject({ code: 'INVALID_CURSOR', field: 'cursor' });
  });

  it('returns order entries when return_entries is true', async () => {
    const res = await searchOrders(pos, { location_ids: [STORE_IDS[0]], return_entries: true, limit: 2 });
    expect(res.json.orders).toBeUndefined();
    expect(res.json.order_entries).toEqual([
      { order_id: expect.any(String), location_id: STORE_IDS[0] },
      { order_id: expect.any(String), location_id: STORE_IDS[0] },
    ]);
    expect(res.json.cursor).toEqual(expect.any(String));
  });

  it('batch-retrieves orders, omitting unknown ids and those outside location_id', async () => {
    const [a, b] = [receipts[0] as PosReceipt, receipts[1] as PosReceipt];
    const res = await pos.call('POST', '/v2/orders/batch-retrieve', { order_ids: [a.id, 'UNKNOWN', b.id, a.id] });
    expect((res.json.orders as Order[]).map((o) => o.id)).toEqual([a.id, b.id]);
    const scoped = await pos.call('POST', '/v2/orders/batch-retrieve', { order_ids: [a.id, b.id], location_id: a.locationId });
    expect((scoped.json.orders as Order[]).map((o) => o.id)).toEqual([a.id]);
    expect((await pos.call('POST', '/v2/orders/batch-retrieve', { order_ids: ['nope'] })).json).toEqual({});
    const tooMany = await pos.call('POST', '/v2/orders/batch-retrieve', { order_ids: Array.from({ length: 101 }, (_, i) => `O${i}`) });
    expect(tooMany.json.errors[0]).toMatchObject({ code: 'ARRAY_LENGTH_TOO_LONG', field: 'order_ids' });
    const none = await pos.call('POST', '/v2/orders/batch-retrieve', {});
    expect(none.json.errors[0]).toMatchObject({ code: 'MISSING_REQUIRED_PARAMETER', field: 'order_ids' });
  });
});
