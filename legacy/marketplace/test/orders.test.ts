import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MARKETPLACE_IDS } from '../src/index.ts';
import { HOSTILE, LI, RELAY, WEI } from './fixtures.ts';
import { start, type Started } from './helpers.ts';

const BOTH = `${MARKETPLACE_IDS.AMAZON},${MARKETPLACE_IDS.JD}`;
const SINCE = '2026-01-01T00:00:00Z';

interface OrdersBody {
  payload: { Orders: Record<string, unknown>[]; NextToken?: string; CreatedBefore?: string; LastUpdatedBefore?: string };
}
interface ErrorsBody {
  errors: { code: string; message: string; details: string }[];
}

let s: Started;
beforeAll(async () => {
  // The functional tests make more getOrders calls than the demo burst allows; quotas are tested apart.
  s = await start({ rateLimits: { getOrders: { ratePerSecond: 1000, burst: 1000 } } });
});
afterAll(async () => {
  await s.sim.close();
});

describe('getOrders', () => {
  it('returns orders in the spec shape with rate-limit and request-id headers', async () => {
    const res = await s.get('/orders/v0/orders', { MarketplaceIds: BOTH, CreatedAfter: SINCE });
    expect(res.status).toBe(200);
    expect(res.headers.get('x-amzn-ratelimit-limit')).toBe('1000');
    expect(res.headers.get('x-amzn-requestid')).toMatch(/^[0-9a-f-]{36}$/);
    const body = (await res.json()) as OrdersBody;
    expect(body.payload.Orders).toHaveLength(9);
    expect(body.payload.NextToken).toBeUndefined();
    expect(body.payload.CreatedBefore).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/);
    const unshipped = body.payload.Orders.find((o) => o.AmazonOrderId === '111-0000002-0000002')!;
    expect(unshipped).toMatchObject({
      AmazonOrderId: '111-0000002-0000002',
      PurchaseDate: '2026-10-20T09:30:00Z',
      LastUpdateDate: '2026-10-20T09:30:00Z',
      OrderStatus: 'Unshipped',
      FulfillmentChannel: 'MFN',
      SalesChannel: 'Amazon.cn',
      OrderTotal: { CurrencyCode: 'CNY', Amount: '50.00' },
      NumberOfItemsShipped: 0,
      NumberOfItemsUnshipped: 3,
      PaymentMethod: 'Other',
      MarketplaceId: MARKETPLACE_IDS.AMAZON,
      IsPrime: false,
      IsBusinessOrder: false,
      BuyerInfo: { BuyerEmail: WEI, BuyerName: 'Zhang Wei' },
      ShippingAddress: {
        Name: 'Zhang Wei',
        AddressLine1: '88 Nanjing Road',
        City: 'Shanghai',
        PostalCode: '200001',
        CountryCode: 'CN',
        Phone: '138 0013 8000',
      },
    });
    // Ascending purchase date.
    const dates = body.payload.Orders.map((o) => o.PurchaseDate as string);
    expect([...dates].sort()).toEqual(dates);
  });

  it('leaves ShippingAddress out where the spec does and suppresses phones for AFN and delivered MFN orders', async () => {
    const body = (await (await s.get('/orders/v0/orders', { MarketplaceIds: BOTH, CreatedAfter: SINCE })).json()) as OrdersBody;
    const byId = new Map(body.payload.Orders.map((o) => [o.AmazonOrderId, o]));
    expect(byId.get('222-0000003-0000003')!.ShippingAddress).toBeUndefined(); // Pending
    expect(byId.get('222-0000005-0000005')!.ShippingAddress).toBeUndefined(); // Canceled
    expect(byId.get('111-0000004-0000004')!.ShippingAddress).not.toHaveProperty('Phone'); // AFN
    expect(byId.get('111-0000001-0000001')!.ShippingAddress).not.toHaveProperty('Phone'); // shipped long ago
    expect(byId.get('111-0000001-0000001')!.ShippingAddress).toHaveProperty('City', 'Shanghai');
  });

  it('matches BuyerEmail case-insensitively and exactly', async () => {
    const upper = (await (
      await s.get('/orders/v0/orders', { MarketplaceIds: BOTH, CreatedAfter: SINCE, BuyerEmail: 'WEI.zhang@EXAMPLE.com' })
    ).json()) as OrdersBody;
    expect(upper.payload.Orders.map((o) => o.AmazonOrderId).sort()).toEqual([
      '111-0000001-0000001',
      '111-0000002-0000002',
      '222-0000003-0000003',
    ]);
    const partial = (await (
      await s.get('/orders/v0/orders', { MarketplaceIds: BOTH, CreatedAfter: SINCE, BuyerEmail: 'zhang@example.com' })
    ).json()) as OrdersBody;
    expect(partial.payload.Orders).toEqual([]);
    const hostile = (await (
      await s.get('/orders/v0/orders', { MarketplaceIds: BOTH, CreatedAfter: SINCE, BuyerEmail: HOSTILE })
    ).json()) as OrdersBody;
    expect(hostile.payload.Orders.map((o) => o.AmazonOrderId)).toEqual(['111-0000009-0000009']);
    const relay = (await (
      await s.get('/orders/v0/orders', { MarketplaceIds: BOTH, CreatedAfter: SINCE, BuyerEmail: RELAY })
    ).json()) as OrdersBody;
    expect(relay.payload.Orders.map((o) => o.AmazonOrderId)).toEqual(['111-0000004-0000004']);
  });

  it('filters by marketplace, status, fulfillment channel, date window and AmazonOrderIds', async () => {
    const jd = (await (await s.get('/orders/v0/orders', { MarketplaceIds: MARKETPLACE_IDS.JD, CreatedAfter: SINCE })).json()) as OrdersBody;
    expect(jd.payload.Orders.every((o) => o.MarketplaceId === MARKETPLACE_IDS.JD && o.SalesChannel === 'JD.com')).toBe(true);
    expect(jd.payload.Orders).toHaveLength(3);
    const statuses = (await (
      await s.get('/orders/v0/orders', { MarketplaceIds: BOTH, CreatedAfter: SINCE, OrderStatuses: 'Canceled,Unfulfillable' })
    ).json()) as OrdersBody;
    expect(statuses.payload.Orders.map((o) => o.OrderStatus).sort()).toEqual(['Canceled', 'Unfulfillable']);
    const afn = (await (
      await s.get('/orders/v0/orders', { MarketplaceIds: BOTH, CreatedAfter: SINCE, FulfillmentChannels: 'AFN' })
    ).json()) as OrdersBody;
    expect(afn.payload.Orders).toHaveLength(2);
    const window = (await (
      await s.get('/orders/v0/orders', {
        MarketplaceIds: BOTH,
        CreatedAfter: '2026-10-01T00:00:00Z',
        CreatedBefore: '2026-10-21T00:00:00Z',
      })
    ).json()) as OrdersBody;
    expect(window.payload.Orders.map((o) => o.AmazonOrderId)).toEqual([
      '222-0000005-0000005',
      '111-0000008-0000008',
      '111-0000002-0000002',
    ]);
    expect(window.payload.CreatedBefore).toBe('2026-10-21T00:00:00Z');
    const updated = (await (
      await s.get('/orders/v0/orders', {
        MarketplaceIds: BOTH,
        LastUpdatedAfter: '2026-10-01T08:00:00Z',
        LastUpdatedBefore: '2026-10-02T00:00:00Z',
      })
    ).json()) as OrdersBody;
    expect(updated.payload.Orders.map((o) => o.AmazonOrderId)).toEqual(['222-0000005-0000005']);
    expect(updated.payload.LastUpdatedBefore).toBe('2026-10-02T00:00:00Z');
    const ids = (await (
      await s.get('/orders/v0/orders', {
        MarketplaceIds: BOTH,
        CreatedAfter: SINCE,
        AmazonOrderIds: ['111-0000001-0000001', '222-0000007-0000007', '999-9999999-9999999'],
      })
    ).json()) as OrdersBody;
    expect(ids.payload.Orders.map((o) => o.AmazonOrderId)).toEqual(['111-0000001-0000001', '222-0000007-0000007']);
    const seller = (await (
      await s.get('/orders/v0/orders', { MarketplaceIds: BOTH, CreatedAfter: SINCE, SellerOrderId: '222-0000007-0000007' })
    ).json()) as OrdersBody;
    expect(seller.payload.Orders.map((o) => o.SellerOrderId)).toEqual(['222-0000007-0000007']);
    const easyShip = (await (
      await s.get('/orders/v0/orders', { MarketplaceIds: BOTH, CreatedAfter: SINCE, EasyShipShipmentStatuses: 'PendingPickUp' })
    ).json()) as OrdersBody;
    expect(easyShip.payload.Orders).toEqual([]);
  });

  it('pages with NextToken to the last page, ignoring other parameters on later pages', async () => {
    const seen: string[] = [];
    let res = await s.get('/orders/v0/orders', { MarketplaceIds: BOTH, CreatedAfter: SINCE, MaxResultsPerPage: '2' });
    let pages = 0;
    for (;;) {
      const body = (await res.json()) as OrdersBody;
      pages++;
      expect(body.payload.Orders.length).toBeLessThanOrEqual(2);
      seen.push(...body.payload.Orders.map((o) => o.AmazonOrderId as string));
      if (!body.payload.NextToken) break;
      // A different filter beside the token changes nothing: the token carries the query.
      res = await s.get('/orders/v0/orders', { MarketplaceIds: BOTH, NextToken: body.payload.NextToken, OrderStatuses: 'Canceled' });
      expect(res.status).toBe(200);
    }
    expect(pages).toBe(5);
    expect(seen).toHaveLength(9);
    expect(new Set(seen).size).toBe(9);
  });

  it('answers 400 InvalidInput for the spec rule violations', async () => {
    const cases: Record<string, string | string[]>[] = [
      { CreatedAfter: SINCE },
      { MarketplaceIds: BOTH },
      { MarketplaceIds: BOTH, CreatedAfter: SINCE, LastUpdatedAfter: SINCE },
      { MarketplaceIds: BOTH, LastUpdatedAfter: SINCE, CreatedBefore: '2026-02-01T00:00:00Z' },
      { MarketplaceIds: BOTH, CreatedAfter: SINCE, CreatedBefore: new Date().toISOString() },
      { MarketplaceIds: BOTH, CreatedAfter: '2026-05-01T00:00:00Z', CreatedBefore: '2026-04-01T00:00:00Z' },
      { MarketplaceIds: BOTH, CreatedAfter: 'yesterday' },
      { MarketplaceIds: BOTH, CreatedAfter: SINCE, MaxResultsPerPage: '0' },
      { MarketplaceIds: BOTH, CreatedAfter: SINCE, MaxResultsPerPage: '101' },
      { MarketplaceIds: BOTH, CreatedAfter: SINCE, OrderStatuses: 'Lost' },
      { MarketplaceIds: 'ATVPDKIKX0DER', CreatedAfter: SINCE },
      { MarketplaceIds: BOTH, CreatedAfter: SINCE, AmazonOrderIds: 'not-an-id' },
      { MarketplaceIds: BOTH, CreatedAfter: SINCE, SellerOrderId: 'X', BuyerEmail: LI },
      { MarketplaceIds: BOTH, NextToken: 'forged.token' },
      {
        MarketplaceIds: BOTH,
        CreatedAfter: SINCE,
        AmazonOrderIds: Array.from({ length: 51 }, (_, i) => `111-0000000-${String(i).padStart(7, '0')}`).join(','),
      },
    ];
    for (const params of cases) {
      const res = await s.get('/orders/v0/orders', params);
      expect(res.status, JSON.stringify(params)).toBe(400);
      expect(res.headers.get('x-amzn-ratelimit-limit')).toBe('1000');
      const body = (await res.json()) as ErrorsBody;
      expect(body.errors[0]).toMatchObject({ code: 'InvalidInput', details: expect.any(String) });
      expect(body.errors[0]!.message.length).toBeGreaterThan(0);
    }
  });
});

describe('order operations', () => {
  it('getOrder returns one order, 404 NotFound for an unknown id and 400 for a malformed one', async () => {
    const ok = await s.get('/orders/v0/orders/222-0000007-0000007');
    expect(ok.status).toBe(200);
    expect(((await ok.json()) as { payload: Record<string, unknown> }).payload).toMatchObject({
      AmazonOrderId: '222-0000007-0000007',
      OrderStatus: 'InvoiceUnconfirmed',
    });
    const missing = await s.get('/orders/v0/orders/999-9999999-9999999');
    expect(missing.status).toBe(404);
    expect(missing.headers.get('x-amzn-ratelimit-limit')).toBe('50');
    expect(((await missing.json()) as ErrorsBody).errors[0]).toMatchObject({ code: 'NotFound' });
    const bad = await s.get(`/orders/v0/orders/${encodeURIComponent("1' OR '1'='1")}`);
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as ErrorsBody).errors[0]!.code).toBe('InvalidInput');
  });

  it('getOrderItems pages with NextToken and leaves prices out while payment is pending', async () => {
    const first = (await (await s.get('/orders/v0/orders/111-0000006-0000006/orderItems')).json()) as {
      payload: { AmazonOrderId: string; OrderItems: Record<string, unknown>[]; NextToken?: string };
    };
    expect(first.payload.AmazonOrderId).toBe('111-0000006-0000006');
    expect(first.payload.OrderItems).toHaveLength(20);
    expect(first.payload.OrderItems[0]).toMatchObject({
      ASIN: 'B000000001',
      SellerSKU: 'SKU-0001',
      QuantityOrdered: 1,
      QuantityShipped: 1,
      ItemPrice: { CurrencyCode: 'CNY', Amount: '10.00' },
    });
    const second = (await (
      await s.get('/orders/v0/orders/111-0000006-0000006/orderItems', { NextToken: first.payload.NextToken! })
    ).json()) as typeof first;
    expect(second.payload.OrderItems).toHaveLength(5);
    expect(second.payload.NextToken).toBeUndefined();
    const crossed = await s.get('/orders/v0/orders/111-0000002-0000002/orderItems', { NextToken: first.payload.NextToken! });
    expect(crossed.status).toBe(400);
    const pending = (await (await s.get('/orders/v0/orders/222-0000003-0000003/orderItems')).json()) as typeof first;
    expect(pending.payload.OrderItems.every((i) => !('ItemPrice' in i))).toBe(true);
  });

  it('getOrderBuyerInfo and getOrderAddress', async () => {
    const buyer = (await (await s.get('/orders/v0/orders/111-0000001-0000001/buyerInfo')).json()) as { payload: unknown };
    expect(buyer.payload).toEqual({ AmazonOrderId: '111-0000001-0000001', BuyerEmail: 'Wei.Zhang@Example.com', BuyerName: 'Wei Zhang' });
    const address = (await (await s.get('/orders/v0/orders/111-0000002-0000002/address')).json()) as {
      payload: { ShippingAddress: unknown };
    };
    expect(address.payload.ShippingAddress).toMatchObject({ City: 'Shanghai', Phone: '138 0013 8000' });
    const none = (await (await s.get('/orders/v0/orders/222-0000005-0000005/address')).json()) as { payload: unknown };
    expect(none.payload).toEqual({ AmazonOrderId: '222-0000005-0000005' });
  });

  it('renders unknown routes and injected faults as an SP-API ErrorList', async () => {
    const unknown = await s.get('/orders/v0/nothing');
    expect(unknown.status).toBe(404);
    expect(((await unknown.json()) as ErrorsBody).errors[0]!.code).toBe('NotFound');
    await fetch(`${s.url}/__faults`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ errorRate: 1, errorStatus: 503 }),
    });
    try {
      const down = await s.get('/orders/v0/orders/111-0000001-0000001');
      expect(down.status).toBe(503);
      expect(down.headers.get('x-amzn-requestid')).toBeTruthy();
      expect(((await down.json()) as ErrorsBody).errors[0]).toMatchObject({ code: 'ServiceUnavailable', details: '' });
    } finally {
      await fetch(`${s.url}/__faults`, { method: 'DELETE' });
    }
  });
});
