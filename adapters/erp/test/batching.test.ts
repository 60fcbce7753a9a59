import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { getDataset, type Dataset } from '../../../legacy/dataset/src/index.ts';
import { WEI, manyOrders, tinyDataset } from '../../../legacy/erp/test/fixtures.ts';
import { PATHS, harness, type Harness } from './helpers.ts';

describe('server-driven paging', () => {
  // 28 orders for one customer, served 3 to a page whatever $top the adapter asks for.
  let h: Harness;
  beforeAll(async () => {
    h = await harness({ dataset: tinyDataset(manyOrders(WEI, 25)), sim: { maxPageSize: 3 } });
  });
  afterAll(async () => {
    await h.close();
  });
  beforeEach(() => {
    h.sim.resetStats();
  });

  it('follows __next to the last page and keeps newest first', async () => {
    const [orders = []] = await h.adapter.ordersForCustomers(h.ctx, [WEI]);
    expect(orders).toHaveLength(28);
    expect(new Set(orders.map((o) => o.externalId)).size).toBe(28);
    const placed = orders.map((o) => o.placedAt);
    expect(placed).toEqual([...placed].sort().reverse());
    expect(orders[0]?.externalId).toBe('1000000003');
    expect(orders.at(-1)?.externalId).toBe('1000000100');
    expect(h.calls(PATHS.salesOrder)).toBe(Math.ceil(28 / 3));
  });

  it('stops at maxOrdersPerCustomer', async () => {
    const bounded = await harness({
      dataset: tinyDataset(manyOrders(WEI, 25)),
      sim: { maxPageSize: 3 },
      adapter: { maxOrdersPerCustomer: 5 },
    });
    try {
      const [orders = []] = await bounded.adapter.ordersForCustomers(bounded.ctx, [WEI]);
      expect(orders.map((o) => o.externalId)).toEqual(['1000000003', '1000000002', '1000000001', '1000000124', '1000000123']);
      expect(bounded.calls(PATHS.salesOrder)).toBe(2);
    } finally {
      await bounded.close();
    }
  });
});

describe('batching against the generated dataset', () => {
  let dataset: Dataset;
  let h: Harness;
  beforeAll(async () => {
    dataset = getDataset({ scale: 0.05 });
    h = await harness({ dataset });
  });
  afterAll(async () => {
    await h.close();
  });
  beforeEach(() => {
    h.sim.resetStats();
  });

  it('reads 30 customers in one call, aligned to the keys', async () => {
    const wanted = dataset.erp.customers
      .slice(0, 30)
      .map((c) => c.businessPartner)
      .reverse();
    const got = await h.adapter.getCustomers(h.ctx, wanted);
    expect(got.map((c) => c?.externalId)).toEqual(wanted);
    expect(h.calls(PATHS.businessPartner)).toBe(1);
  });

  it('splits more keys than one filter takes into batches of 40', async () => {
    const wanted = dataset.erp.customers.slice(0, 41).map((c) => c.businessPartner);
    const got = await h.adapter.getCustomers(h.ctx, wanted);
    expect(got.every((c) => c !== null)).toBe(true);
    expect(h.calls(PATHS.businessPartner)).toBe(2);
  });

  it('reads every order of 30 customers in one call', async () => {
    const customers = dataset.erp.customers.slice(0, 30).map((c) => c.businessPartner);
    const grouped = await h.adapter.ordersForCustomers(h.ctx, customers);
    const expected = customers.map((id) =>
      dataset.erp.orders
        .filter((o) => o.soldToParty === id)
        .map((o) => o.salesOrder)
        .sort()
        .reverse(),
    );
    expect(
      grouped.map((list) =>
        list
          .map((o) => o.externalId)
          .sort()
          .reverse(),
      ),
    ).toEqual(expected);
    expect(h.calls(PATHS.salesOrder)).toBe(1);
    for (const [i, list] of grouped.entries()) {
      for (const order of list) {
        const source = dataset.erp.orders.find((o) => o.salesOrder === order.externalId);
        expect(order.customerExternalId).toBe(customers[i]);
        expect(order.grandTotal.amount).toBe(source?.totalNetAmount);
        expect(order.lines).toHaveLength(source?.items.length ?? -1);
        expect(order.placedAt).toBe(source?.createdAt);
      }
    }
  });

  it('finds every generated customer by the email and phone other systems hold', async () => {
    for (const person of dataset.people.slice(0, 40)) {
      const erpCustomer = dataset.erp.customers.find((c) => c.personId === person.personId);
      if (!erpCustomer) continue;
      const byEmail = await h.adapter.findCustomers(h.ctx, { email: person.email });
      expect(byEmail.map((c) => c.externalId)).toContain(erpCustomer.businessPartner);
      const byPhone = await h.adapter.findCustomers(h.ctx, { phone: person.phone });
      expect(byPhone.map((c) => c.externalId)).toContain(erpCustomer.businessPartner);
    }
  });

  it('reads 30 products in one call', async () => {
    const skus = dataset.products.slice(0, 30).map((p) => p.sku);
    const got = await h.adapter.getProducts(h.ctx, skus);
    expect(got.map((p) => p?.sku)).toEqual(skus);
    expect(got[0]).toMatchObject({
      name: dataset.products[0]?.name,
      barcode: dataset.products[0]?.barcode,
      price: { amount: dataset.products[0]?.price, currency: 'CNY' },
    });
    expect(h.calls(PATHS.product)).toBe(1);
  });
});

describe('several customer searches in one call', () => {
  let dataset: Dataset;
  let h: Harness;
  beforeAll(async () => {
    dataset = getDataset({ scale: 0.05 });
    h = await harness({ dataset });
  });
  afterAll(async () => {
    await h.close();
  });

  it('answers each query exactly as it is answered alone, in one call', async () => {
    const [a, b, c] = dataset.erp.customers.filter((x) => x.cards.some((card) => card.kind === 'MEMBER'));
    const queries = [
      { email: ` ${a!.email.toUpperCase()} ` },
      { phone: b!.phone },
      { cardNumber: c!.cards.find((card) => card.kind === 'MEMBER')!.number },
      { email: 'nobody@example.invalid' },
      { name: `${a!.firstName} ${a!.lastName}`.toLowerCase() },
      {},
    ];
    const alone = [];
    for (const q of queries) alone.push(await h.adapter.findCustomers(h.ctx, q));
    h.sim.resetStats();
    const together = await h.adapter.findCustomersBatch(h.ctx, queries);
    expect(h.calls(PATHS.businessPartner)).toBe(1);
    expect(together).toEqual(alone);
    expect(together[0]!.map((r) => r.externalId)).toContain(a!.businessPartner);
    expect(together[1]!.map((r) => r.externalId)).toContain(b!.businessPartner);
    expect(together[2]!.map((r) => r.externalId)).toEqual([c!.businessPartner]);
    expect(together[3]).toEqual([]);
    expect(together[5]).toEqual([]);
  });
});
