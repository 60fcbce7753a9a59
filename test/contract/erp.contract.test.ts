import { expect } from 'vitest';
import { normalizeEmail } from '../../adapters/core/src/index.ts';
import { ErpAdapter } from '../../adapters/erp/src/index.ts';
import { getDataset } from '../../legacy/dataset/src/index.ts';
import { ERP_DEFAULT_CREDENTIALS, createErpSimulator } from '../../legacy/erp/src/index.ts';
import { BAD_SECRET, groupBy, runAdapterContract } from './contractSuite.ts';

const dataset = getDataset({ scale: 0.05 });
const customer = dataset.erp.customers[0]!;
const ordersBySoldTo = groupBy(dataset.erp.orders, (o) => o.soldToParty);
const [busiest, busiestOrders] = [...ordersBySoldTo].sort((a, b) => b[1].length - a[1].length)[0]!;
/** Server-side page size for the paging check: SAP caps `$top` and links the rest with `__next`. */
const SMALL_PAGE = 3;

runAdapterContract({
  system: 'ERP',
  simulator: ({ smallPages }) => createErpSimulator({ dataset, ...(smallPages && { maxPageSize: SMALL_PAGE }) }),
  badCredentialSetting: 'ERP_PASSWORD',
  adapter: (b) =>
    new ErpAdapter({
      baseUrl: b.baseUrl,
      username: ERP_DEFAULT_CREDENTIALS.username,
      password: b.badCredentials ? BAD_SECRET : ERP_DEFAULT_CREDENTIALS.password,
      timeoutMs: b.timeoutMs,
      resilience: b.resilience,
      onAttempt: b.onAttempt,
    }),
  happy: {
    call: (erp, ctx) => erp.getCustomers(ctx, [customer.businessPartner]),
    check: ([record]) => {
      expect(record).toMatchObject({
        system: 'ERP',
        externalId: customer.businessPartner,
        firstName: customer.firstName,
        lastName: customer.lastName,
      });
      expect(record!.emails.map(normalizeEmail)).toContain(normalizeEmail(customer.email));
    },
  },
  notFound: {
    call: (erp, ctx) => erp.getCustomers(ctx, ['0099999999']),
    check: (records) => expect(records).toEqual([null]),
  },
  paging: {
    style: 'OData V2 server-driven paging, __next',
    route: 'GET /sap/opu/odata/sap/API_SALES_ORDER_SRV/A_SalesOrder',
    minPages: Math.ceil(busiestOrders.length / SMALL_PAGE),
    call: (erp, ctx) => erp.ordersForCustomers(ctx, [busiest]),
    check: ([orders = []]) => {
      expect(busiestOrders.length).toBeGreaterThan(SMALL_PAGE);
      expect(orders.map((o) => o.externalId).sort()).toEqual(busiestOrders.map((o) => o.salesOrder).sort());
    },
  },
});
