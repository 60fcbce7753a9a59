import { expect } from 'vitest';
import { PosAdapter } from '../../adapters/pos/src/index.ts';
import { getDataset } from '../../legacy/dataset/src/index.ts';
import { POS_DEFAULT_CREDENTIALS, createPosSimulator } from '../../legacy/pos/src/index.ts';
import { BAD_SECRET, groupBy, runAdapterContract } from './contractSuite.ts';

const dataset = getDataset({ scale: 0.05 });
const customer = dataset.pos.customers[0]!;
const receiptsByCustomer = groupBy(
  dataset.pos.receipts.filter((r) => r.customerId),
  (r) => r.customerId!,
);
const [busiest, busiestReceipts] = [...receiptsByCustomer].sort((a, b) => b[1].length - a[1].length)[0]!;
/** SearchOrders page size for the paging check: Square links the rest with `cursor`. */
const SMALL_PAGE = 2;

runAdapterContract({
  system: 'POS',
  simulator: () => createPosSimulator({ dataset }),
  badCredentialSetting: 'POS_ACCESS_TOKEN',
  adapter: (b) =>
    new PosAdapter({
      baseUrl: b.baseUrl,
      accessToken: b.badCredentials ? BAD_SECRET : POS_DEFAULT_CREDENTIALS.accessToken,
      timeoutMs: b.timeoutMs,
      resilience: b.resilience,
      onAttempt: b.onAttempt,
      ...(b.smallPages && { pageSize: SMALL_PAGE }),
    }),
  happy: {
    call: (pos, ctx) => pos.getCustomers(ctx, [customer.id]),
    check: ([record]) => {
      expect(record).toMatchObject({
        system: 'POS',
        externalId: customer.id,
        firstName: customer.givenName,
        lastName: customer.familyName,
      });
    },
  },
  notFound: {
    call: (pos, ctx) => pos.getCustomers(ctx, ['NOSUCHCUSTOMER0000000000000']),
    check: (records) => expect(records).toEqual([null]),
  },
  paging: {
    style: 'Square cursor',
    route: 'POST /v2/orders/search',
    minPages: Math.ceil(busiestReceipts.length / SMALL_PAGE),
    call: (pos, ctx) => pos.ordersForCustomers(ctx, [busiest]),
    check: ([orders = []]) => {
      expect(busiestReceipts.length).toBeGreaterThan(SMALL_PAGE);
      expect(orders.map((o) => o.externalId).sort()).toEqual(busiestReceipts.map((r) => r.id).sort());
    },
  },
});
