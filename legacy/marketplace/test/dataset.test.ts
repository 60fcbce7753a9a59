import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getDataset, type Dataset } from '../../dataset/src/index.ts';
import type { Simulator } from '../../kit/src/index.ts';
import { MARKETPLACE_IDS, createMarketplaceSimulator } from '../src/index.ts';
import { accessToken } from './helpers.ts';

let dataset: Dataset;
let sim: Simulator;
let url: string;
let token: string;
let before: string;
beforeAll(async () => {
  dataset = getDataset({ scale: 0.05 });
  before = JSON.stringify(dataset.marketplace);
  sim = createMarketplaceSimulator({
    dataset,
    rateLimits: {
      getOrders: { ratePerSecond: 1000, burst: 1000 },
      getOrder: { ratePerSecond: 1000, burst: 1000 },
      getOrderItems: { ratePerSecond: 1000, burst: 1000 },
    },
  });
  url = await sim.listen(0, '127.0.0.1');
  token = await accessToken(url);
});
afterAll(async () => {
  await sim.close();
});

const get = async (path: string) => {
  const res = await fetch(`${url}${path}`, { headers: { 'x-amz-access-token': token } });
  expect(res.status).toBe(200);
  return (await res.json()) as {
    payload: { Orders: { AmazonOrderId: string; MarketplaceId: string; OrderTotal: { Amount: string } }[]; NextToken?: string };
  };
};

describe('on the generated dataset (scale 0.05)', () => {
  it('lists every marketplace order of both channels, page by page', async () => {
    const seen: string[] = [];
    let body = await get(
      `/orders/v0/orders?MarketplaceIds=${MARKETPLACE_IDS.AMAZON},${MARKETPLACE_IDS.JD}&CreatedAfter=2000-01-01T00:00:00Z&MaxResultsPerPage=50`,
    );
    for (;;) {
      seen.push(...body.payload.Orders.map((o) => o.AmazonOrderId));
      if (!body.payload.NextToken) break;
      body = await get(
        `/orders/v0/orders?MarketplaceIds=${MARKETPLACE_IDS.AMAZON}&NextToken=${encodeURIComponent(body.payload.NextToken)}`,
      );
    }
    expect(seen.sort()).toEqual(dataset.marketplace.orders.map((o) => o.amazonOrderId).sort());
    const channels = new Set(dataset.marketplace.orders.map((o) => o.marketplaceId));
    expect(channels).toEqual(new Set([MARKETPLACE_IDS.AMAZON, MARKETPLACE_IDS.JD]));
  });

  it('serves single orders, their items adding up to the order total', async () => {
    for (const order of dataset.marketplace.orders.slice(0, 40)) {
      const one = (await get(`/orders/v0/orders/${order.amazonOrderId}`)) as unknown as { payload: { OrderTotal: { Amount: string } } };
      expect(one.payload.OrderTotal.Amount).toBe(order.orderTotal);
      const items = (await get(`/orders/v0/orders/${order.amazonOrderId}/orderItems`)) as unknown as {
        payload: { OrderItems: { SellerSKU: string }[] };
      };
      expect(items.payload.OrderItems.map((i) => i.SellerSKU)).toEqual(order.items.map((i) => i.sellerSku));
    }
  });

  it('leaves the shared dataset untouched', () => {
    expect(JSON.stringify(dataset.marketplace)).toBe(before);
  });
});
