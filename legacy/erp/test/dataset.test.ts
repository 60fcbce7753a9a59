import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getDataset, type Dataset } from '../../dataset/src/index.ts';
import { BP, PRD, SO, q, start, type Running } from './helpers.ts';

/** The SAP spec kept beside the repo (shared/specs/erp-sap-s4hana). */
const SPEC = new URL('../../../../shared/specs/erp-sap-s4hana/API_SALES_ORDER_SRV.json', import.meta.url);

let dataset: Dataset;
let erp: Running;
beforeAll(async () => {
  dataset = getDataset({ scale: 0.05 });
  erp = await start(dataset);
});
afterAll(async () => {
  await erp.close();
});

describe('the generated dataset, served', () => {
  it('serves every ERP order, customer and product', async () => {
    expect((await erp.get(`${SO}/A_SalesOrder/$count`)).body).toBe(String(dataset.erp.orders.length));
    expect((await erp.get(`${BP}/A_BusinessPartner/$count`)).body).toBe(String(dataset.erp.customers.length));
    expect((await erp.get(`${PRD}/A_Product/$count`)).body).toBe(String(dataset.products.length));
    const items = dataset.erp.orders.reduce((n, o) => n + o.items.length, 0);
    expect((await erp.get(`${SO}/A_SalesOrderItem/$count`)).body).toBe(String(items));
  });

  it('renders a pickup order with its plant and shipping condition', async () => {
    const order = dataset.erp.orders.find((o) => o.items.some((i) => i.plant));
    expect(order).toBeDefined();
    if (!order) return;
    const r = await erp.get(`${SO}/A_SalesOrder('${order.salesOrder}')?$expand=to_Item`);
    expect(r.json.d).toMatchObject({
      SoldToParty: order.soldToParty,
      PurchaseOrderByCustomer: order.purchaseOrderByCustomer,
      TotalNetAmount: order.totalNetAmount,
      ShippingCondition: '02',
      OverallSDProcessStatus: order.processStatus,
      OverallTotalDeliveryStatus: order.deliveryStatus,
    });
    const items = r.json.d.to_Item.results;
    expect(items.map((i: { Material: string }) => i.Material)).toEqual(order.items.map((i) => i.material));
    expect(items.map((i: { ProductionPlant: string }) => i.ProductionPlant)).toEqual(order.items.map((i) => i.plant));
  });

  it('finds every customer by the upper-cased search email and by E.164 phone', async () => {
    for (const c of dataset.erp.customers.slice(0, 15)) {
      const email = c.email.trim().toUpperCase().replace(/'/g, "''");
      const r = await erp.get(
        `${BP}/A_BusinessPartner?${q({ $filter: `YY1_SearchEmail eq '${email}'`, $select: 'BusinessPartner,YY1_InternationalPhone' })}`,
      );
      expect(r.json.d.results.map((b: { BusinessPartner: string }) => b.BusinessPartner)).toContain(c.businessPartner);
      expect(r.json.d.results[0].YY1_InternationalPhone).toMatch(/^\+86\d{11}$/);
    }
  });

  it('never serves the dataset’s ground truth', async () => {
    const r = await erp.get(`${SO}/A_SalesOrder?$top=5&$expand=to_Item`);
    expect(r.body).not.toContain('personId');
    expect(r.body).not.toContain('person-');
  });
});

describe('conformance with API_SALES_ORDER_SRV', () => {
  const spec = JSON.parse(readFileSync(SPEC, 'utf8')) as {
    components: { schemas: Record<string, { properties: Record<string, unknown> }> };
  };

  it('serves only properties the spec defines, YY1_ custom fields aside', async () => {
    const key = dataset.erp.orders[0]?.salesOrder ?? '';
    const r = await erp.get(`${SO}/A_SalesOrder('${key}')?$expand=to_Item/to_ScheduleLine`);
    const header = r.json.d;
    const item = header.to_Item.results[0];
    const line = item.to_ScheduleLine.results[0];
    const check = (entity: Record<string, unknown>, schema: string) => {
      const known = Object.keys(spec.components.schemas[schema]?.properties ?? {});
      const served = Object.keys(entity).filter((k) => k !== '__metadata' && !k.startsWith('YY1_'));
      expect(served.filter((k) => !known.includes(k))).toEqual([]);
    };
    check(header, 'A_SalesOrder');
    check(item, 'A_SalesOrderItem');
    check(line, 'A_SalesOrderScheduleLine');
  });

  it('uses the spec’s navigation names for the expansions it serves', () => {
    const header = Object.keys(spec.components.schemas.A_SalesOrder?.properties ?? {});
    const item = Object.keys(spec.components.schemas.A_SalesOrderItem?.properties ?? {});
    expect(header).toContain('to_Item');
    expect(item).toEqual(expect.arrayContaining(['to_SalesOrder', 'to_ScheduleLine']));
  });
});
