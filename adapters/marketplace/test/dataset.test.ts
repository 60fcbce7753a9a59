import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getDataset, normalizeEmail as datasetEmail, type MarketplaceOrder } from '../../../legacy/dataset/src/index.ts';
import { isRelayEmail, DEFAULT_RELAY_EMAIL_DOMAINS } from '../src/index.ts';
import { harness, type Harness } from './helpers.ts';

let h: Harness;
let buyer: string;
let orders: MarketplaceOrder[];
beforeAll(async () => {
  const dataset = getDataset({ scale: 0.05 });
  const byBuyer = new Map<string, MarketplaceOrder[]>();
  for (const o of dataset.marketplace.orders) {
    if (isRelayEmail(o.buyerEmail, DEFAULT_RELAY_EMAIL_DOMAINS)) continue;
    const key = o.buyerEmail.trim().toLowerCase();
    byBuyer.set(key, [...(byBuyer.get(key) ?? []), o]);
  }
  [buyer, orders] = [...byBuyer.entries()].sort((a, b) => b[1].length - a[1].length)[0]!;
  h = await harness({ dataset }, { pageSize: 2 });
});
afterAll(async () => {
  await h.close();
});

describe('on the generated dataset (scale 0.05)', () => {
  it('finds the buyer with most marketplace orders and every one of their orders', async () => {
    const [record] = await h.adapter.findCustomers(h.ctx, { email: buyer });
    expect(record).toMatchObject({ system: 'MARKETPLACE', externalId: buyer });
    expect(datasetEmail(record!.emails[0]!)).toBe(buyer);
    const [found] = await h.adapter.ordersForBuyers(h.ctx, [buyer]);
    expect(found!.map((o) => o.externalId).sort()).toEqual(orders.map((o) => o.amazonOrderId).sort());
    expect(found!.every((o) => o.customerExternalId === buyer && (o.salesChannel === 'AMAZON' || o.salesChannel === 'JD'))).toBe(true);
  });

  it('reads lines whose totals add up to the order total once payment is authorised', async () => {
    const priced = orders.filter((o) => o.orderStatus !== 'Pending' && o.orderStatus !== 'PendingAvailability');
    const lines = await h.adapter.orderLines(
      h.ctx,
      priced.map((o) => o.amazonOrderId),
    );
    priced.forEach((o, i) => {
      const fen = lines[i]!.reduce((sum, l) => sum + Math.round(Number(l.lineTotal.amount) * 100), 0);
      expect(fen / 100, o.amazonOrderId).toBeCloseTo(Number(o.orderTotal), 2);
      expect(lines[i]!.map((l) => l.sku)).toEqual(o.items.map((it) => it.sellerSku));
    });
  });
});
