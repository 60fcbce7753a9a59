import { expect } from 'vitest';
import { MarketplaceAdapter } from '../../adapters/marketplace/src/index.ts';
import { MARKETPLACE_IDS, getDataset } from '../../legacy/dataset/src/index.ts';
import { MARKETPLACE_DEFAULT_CREDENTIALS, createMarketplaceSimulator } from '../../legacy/marketplace/src/index.ts';
import { BAD_SECRET, groupBy, runAdapterContract } from './contractSuite.ts';

const dataset = getDataset({ scale: 0.05 });
const order = dataset.marketplace.orders[0]!;
const ordersByBuyer = groupBy(dataset.marketplace.orders, (o) => o.buyerEmail.trim().toLowerCase());
const [buyer, buyerOrders] = [...ordersByBuyer]
  .filter(([email]) => !/@marketplace\./.test(email))
  .sort((a, b) => b[1].length - a[1].length)[0]!;
/** MaxResultsPerPage for the paging check: SP-API links the rest with NextToken. */
const SMALL_PAGE = 2;
/** Quotas roomy enough that the contract's bursts never meet them (the quota has its own tests). */
const ROOMY = { getOrders: { ratePerSecond: 1000, burst: 1000 }, getOrderItems: { ratePerSecond: 1000, burst: 1000 } };

runAdapterContract({
  system: 'MARKETPLACE',
  simulator: () => createMarketplaceSimulator({ dataset, rateLimits: ROOMY }),
  badCredentialSetting: 'MARKETPLACE_CLIENT_SECRET',
  adapter: (b) =>
    new MarketplaceAdapter({
      baseUrl: b.baseUrl,
      clientId: MARKETPLACE_DEFAULT_CREDENTIALS.clientId,
      clientSecret: b.badCredentials ? BAD_SECRET : MARKETPLACE_DEFAULT_CREDENTIALS.clientSecret,
      refreshToken: MARKETPLACE_DEFAULT_CREDENTIALS.refreshToken,
      marketplaceIds: MARKETPLACE_IDS,
      rateLimits: ROOMY,
      timeoutMs: b.timeoutMs,
      resilience: b.resilience,
      onAttempt: b.onAttempt,
      ...(b.smallPages && { pageSize: SMALL_PAGE }),
    }),
  happy: {
    call: (marketplace, ctx) => marketplace.getOrders(ctx, [order.amazonOrderId]),
    check: ([record]) => {
      expect(record).toMatchObject({
        system: 'MARKETPLACE',
        externalId: order.amazonOrderId,
        number: order.amazonOrderId,
        grandTotal: { amount: order.orderTotal, currency: order.currency },
      });
    },
  },
  notFound: {
    call: (marketplace, ctx) => marketplace.getOrders(ctx, ['999-9999999-9999999']),
    check: (records) => expect(records).toEqual([null]),
  },
  paging: {
    style: 'SP-API NextToken',
    route: 'GET /orders/v0/orders',
    minPages: Math.ceil(buyerOrders.length / SMALL_PAGE),
    call: (marketplace, ctx) => marketplace.ordersForBuyers(ctx, [buyer]),
    check: ([orders = []]) => {
      expect(buyerOrders.length).toBeGreaterThan(SMALL_PAGE);
      expect(orders.map((o) => o.externalId).sort()).toEqual(buyerOrders.map((o) => o.amazonOrderId).sort());
    },
  },
});
