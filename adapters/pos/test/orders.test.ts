import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { PosReceipt } from '../../../legacy/dataset/src/index.ts';
import { ctx, dataset, startHarness, type Harness } from './helpers.ts';

const SEARCH = 'POST /v2/orders/search';
const receipts = dataset.pos.receipts;
const stores = dataset.locations.filter((l) => l.kind === 'STORE' && l.posLocationId);
const receiptsOf = (customerId: string) => receipts.filter((r) => r.customerId === customerId);
const fen = (n: number) => `${Math.floor(n / 100)}.${String(n % 100).padStart(2, '0')}`;

/** Customers ordered by how many till sales they have, most first. */
const busiest = [...new Set(receipts.flatMap((r) => (r.customerId ? [r.customerId] : [])))].sort(
  (a, b) => receiptsOf(b).length - receiptsOf(a).length || a.localeCompare(b),
);

describe('PosAdapter: stores and orders', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  beforeEach(() => h.reset());
  afterAll(() => h.close());

  it('lists stores as StoreRecords and keeps them for the TTL', async () => {
    let now = 1_000_000;
    const adapter = h.adapter({ locationsTtlMs: 60_000, now: () => now });
    const list = await adapter.listLocations(ctx());
    expect(list).toHaveLength(12);
    const first = stores[0];
    expect(list[0]).toEqual({
      posLocationId: first?.posLocationId,
      name: first?.name,
      address: {
        line1: first?.address.line1,
        city: first?.address.city,
        district: first?.address.district,
        postcode: first?.address.postcode,
        country: first?.address.country,
      },
      latitude: first?.latitude,
      longitude: first?.longitude,
      active: true,
      timezone: 'Asia/Shanghai',
    });
    await Promise.all([adapter.listLocations(ctx()), adapter.listLocations(ctx())]);
    expect(h.calls('GET /v2/locations')).toBe(1);
    now += 60_001;
    await adapter.listLocations(ctx());
    expect(h.calls('GET /v2/locations')).toBe(2);
    // A failed refresh falls back to the last list rather than failing every order search.
    now += 60_001;
    await h.faults({ errorRate: 1, errorStatus: 503 });
    expect(await adapter.listLocations(ctx())).toHaveLength(12);
  });

  it('shares one location fetch between concurrent first callers', async () => {
    const adapter = h.adapter();
    h.holdMs = 20;
    await Promise.all(Array.from({ length: 5 }, () => adapter.listLocations(ctx())));
    expect(h.calls('GET /v2/locations')).toBe(1);
  });

  it("gets one customer's orders from all 12 stores in 2 location chunks, newest first", async () => {
    const id = busiest[0] as string;
    const adapter = h.adapter();
    const [orders] = await adapter.ordersForCustomers(ctx(), [id]);
    const expected = receiptsOf(id).sort((a, b) => b.createdAt.localeCompare(a.createdAt) || a.id.localeCompare(b.id));
    expect(orders?.map((o) => o.externalId)).toEqual(expected.map((r) => r.id));
    expect(h.calls(SEARCH)).toBe(2);
    const sent = h.bodies.filter((b) => b.path === '/v2/orders/search').map((b) => b.body as { location_ids: string[]; query: unknown });
    expect(sent.map((b) => b.location_ids.length).sort()).toEqual([10, 2]);
    expect(new Set(sent.flatMap((b) => b.location_ids))).toEqual(new Set(stores.map((s) => s.posLocationId)));
    expect(sent[0]?.query).toEqual({
      filter: { customer_filter: { customer_ids: [id] } },
      sort: { sort_field: 'CREATED_AT', sort_order: 'DESC' },
    });
  });

  it('chunks 11 customers into 2 × 2 searches and aligns the answer to the keys', async () => {
    const ids = busiest.slice(0, 11);
    const keys = [...ids, 'NOBODY', ids[0] as string];
    const result = await h.adapter().ordersForCustomers(ctx(), keys);
    expect(h.calls(SEARCH)).toBe(4);
    expect(result).toHaveLength(keys.length);
    ids.forEach((id, i) =>
      expect(result[i]?.map((o) => o.externalId).sort()).toEqual(
        receiptsOf(id)
          .map((r) => r.id)
          .sort(),
      ),
    );
    expect(result[11]).toEqual([]);
    expect(result[12]).toEqual(result[0]);
    for (const list of result) {
      const times = list.map((o) => o.placedAt);
      expect([...times].sort().reverse()).toEqual(times);
    }
  });

  it('pages SearchOrders through every cursor to the last page', async () => {
    const ids = busiest.slice(0, 3);
    const total = ids.reduce((n, id) => n + receiptsOf(id).length, 0);
    const result = await h.adapter({ pageSize: 3 }).ordersForCustomers(ctx(), ids);
    expect(result.flat()).toHaveLength(total);
    const perChunk = [stores.slice(0, 10), stores.slice(10)].map((chunk) => {
      const inChunk = new Set(chunk.map((s) => s.posLocationId));
      // Till returns count too: they are orders in Square, dropped by the adapter.
      const sales = receipts.filter((r) => r.customerId && ids.includes(r.customerId) && inChunk.has(r.locationId)).length;
      const returns = dataset.returns.filter(
        (x) =>
          x.system === 'POS' &&
          x.originalOrderSystem === 'POS' &&
          chunk.some((s) => s.code === x.storeCode) &&
          ids.includes(receipts.find((r) => r.id === x.originalOrderId)?.customerId ?? ''),
      ).length;
      return Math.max(1, Math.ceil((sales + returns) / 3));
    });
    expect(h.calls(SEARCH)).toBe(perChunk[0]! + perChunk[1]!);
    const cursors = h.bodies.filter((b) => (b.body as { cursor?: string }).cursor !== undefined);
    expect(cursors.length).toBe(h.calls(SEARCH) - 2);
  });

  it('makes no call for an empty key list', async () => {
    expect(await h.adapter().ordersForCustomers(ctx(), [])).toEqual([]);
    expect(await h.adapter().ordersForCustomers(ctx(), [''])).toEqual([[]]);
    expect(h.sim.totalCalls()).toBe(0);
  });

  it('maps a sale to a canonical STORE order: money, lines, tenders, status, store code', async () => {
    const split = receipts.find((r) => r.tenders.length === 2) as PosReceipt;
    const [order] = await h.adapter().getOrders(ctx(), [split.id]);
    expect(order).toMatchObject({
      system: 'POS',
      externalId: split.id,
      number: split.receiptNumber,
      channel: 'STORE',
      sourceStatus: 'COMPLETED',
      placedAt: split.createdAt,
      grandTotal: { amount: fen(split.totalMoney), currency: 'CNY' },
      storeCode: split.storeCode,
    });
    expect(['COMPLETED', 'RETURNED']).toContain(order?.status);
    expect(order?.lines?.[0]).toMatchObject({
      lineId: split.lineItems[0]?.uid,
      sku: split.lineItems[0]?.sku,
      quantity: split.lineItems[0]?.quantity,
      unitPrice: { amount: fen(split.lineItems[0]?.basePriceMoney as number), currency: 'CNY' },
      lineTotal: { amount: fen(split.lineItems[0]?.totalMoney as number), currency: 'CNY' },
    });
    expect(order?.payments).toEqual([
      {
        method: 'GIFT_CARD',
        amount: { amount: fen(split.tenders[0]?.amountMoney as number), currency: 'CNY' },
        cardBrand: 'SQUARE_GIFT_CARD',
        cardLast4: split.tenders[0]?.cardLast4,
      },
      {
        method: 'CARD',
        amount: { amount: fen(split.tenders[1]?.amountMoney as number), currency: 'CNY' },
        cardBrand: split.tenders[1]?.cardBrand,
        cardLast4: split.tenders[1]?.cardLast4,
      },
    ]);
  });

  it('maps OPEN to PENDING, CANCELED to CANCELLED, carry-out lines to PICKUP and shipped sales to SHIP', async () => {
    const open = receipts.find((r) => r.state === 'OPEN') as PosReceipt;
    const cancelled = receipts.find((r) => r.state === 'CANCELED') as PosReceipt;
    const shippedId = dataset.carrier.shipments.find((s) => s.orderSystem === 'POS')?.orderId as string;
    const [o, c, s] = await h.adapter().getOrders(ctx(), [open.id, cancelled.id, shippedId]);
    expect(o).toMatchObject({ status: 'PENDING', sourceStatus: 'OPEN', payments: [] });
    expect(o?.lines?.every((l) => l.deliveryMethod === 'PICKUP' && l.pickupLocation === open.storeCode)).toBe(true);
    expect(c).toMatchObject({ status: 'CANCELLED', sourceStatus: 'CANCELED' });
    expect(s?.lines?.every((l) => l.deliveryMethod === 'SHIP' && l.pickupLocation === undefined)).toBe(true);
  });

  it('marks a sale refunded in full at the till as RETURNED', async () => {
    const full = dataset.returns.find((x) => {
      if (x.system !== 'POS' || x.originalOrderSystem !== 'POS' || x.status !== 'REFUNDED') return false;
      const sale = receipts.find((r) => r.id === x.originalOrderId);
      return sale !== undefined && x.lines.reduce((n, l) => n + Math.round(Number(l.refundAmount) * 100), 0) >= sale.totalMoney;
    });
    expect(full).toBeDefined();
    const [order] = await h.adapter().getOrders(ctx(), [full?.originalOrderId as string]);
    expect(order).toMatchObject({ status: 'RETURNED', sourceStatus: 'COMPLETED' });
  });

  it('gets orders by id in one batch call, aligned, null for unknown ids and till returns', async () => {
    const ids = receipts.slice(0, 150).map((r) => r.id);
    const found = await h.adapter().getOrders(ctx(), [...ids, 'NO-SUCH-ORDER']);
    expect(found.slice(0, 150).map((o) => o?.externalId)).toEqual(ids);
    expect(found[150]).toBeNull();
    expect(h.calls('POST /v2/orders/batch-retrieve')).toBe(2);
    const raw = await fetch(`${h.url}/v2/orders/search`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${(await import('../../../legacy/pos/src/index.ts')).POS_DEFAULT_CREDENTIALS.accessToken}`,
        'content-type': 'application/json',
      },
      body: JSON.stringify({ location_ids: stores.slice(0, 10).map((s) => s.posLocationId), limit: 1000 }),
    });
    const returnOrder = ((await raw.json()) as { orders: { id: string; returns?: unknown[] }[] }).orders.find((o) => o.returns);
    expect(returnOrder).toBeDefined();
    expect(await h.adapter().getOrders(ctx(), [returnOrder?.id as string])).toEqual([null]);
  });

  it('finds a sale by its printed receipt number, in any case', async () => {
    const target = receipts[Math.floor(receipts.length / 2)] as PosReceipt;
    const adapter = h.adapter();
    const found = await adapter.findOrdersByNumber(ctx(), ` ${target.receiptNumber.toLowerCase()} `);
    expect(found.map((o) => o.externalId)).toEqual([target.id]);
    // Without a store-code map, both location chunks are searched for the day.
    expect(h.calls(SEARCH)).toBe(2);
    const body = h.bodies.find((b) => b.path === '/v2/orders/search')?.body as {
      query: { filter: { date_time_filter: { created_at: { start_at: string; end_at: string } } } };
    };
    const range = body.query.filter.date_time_filter.created_at;
    expect(Date.parse(range.start_at)).toBeLessThanOrEqual(Date.parse(target.createdAt));
    expect(Date.parse(range.end_at)).toBeGreaterThanOrEqual(Date.parse(target.createdAt));
  });

  it("searches only the receipt's store when the store codes are configured", async () => {
    const target = receipts[10] as PosReceipt;
    const storeCodes = Object.fromEntries(stores.map((s) => [s.posLocationId as string, s.code]));
    const found = await h.adapter({ storeCodes }).findOrdersByNumber(ctx(), target.receiptNumber);
    expect(found.map((o) => o.externalId)).toEqual([target.id]);
    expect(h.calls(SEARCH)).toBe(1);
    expect(h.calls('GET /v2/locations')).toBe(0);
    expect((h.bodies[0]?.body as { location_ids: string[] }).location_ids).toEqual([target.locationId]);
  });

  it('returns [] without a call for numbers that do not parse, and [] for unknown ones', async () => {
    const adapter = h.adapter();
    for (const n of ['', 'W2026-000123', '1000000123', "ST001-20261101-0001' OR '1'='1", 'ST001-20260230-0001', 'ST001-R-20261101-0001']) {
      expect(await adapter.findOrdersByNumber(ctx(), n)).toEqual([]);
    }
    expect(h.sim.totalCalls()).toBe(0);
    expect(await adapter.findOrdersByNumber(ctx(), 'ST001-20200101-9999')).toEqual([]);
  });
});
