import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BASIC_REALM, ERP_DEFAULT_CREDENTIALS } from '../src/index.ts';
import { NA, SIOBHAN, WEI, tinyDataset } from './fixtures.ts';
import { BP, PRD, SO, basic, q, start, type Running } from './helpers.ts';

let erp: Running;
beforeAll(async () => {
  erp = await start(tinyDataset());
});
afterAll(async () => {
  await erp.close();
});

const DATE = /^\/Date\(\d+\)\/$/;
const DATE_OFFSET = /^\/Date\(\d+\+0000\)\/$/;

function expectSapError(json: unknown, code: string) {
  expect(json).toMatchObject({ error: { code, message: { lang: 'en', value: expect.any(String) }, innererror: expect.any(Object) } });
}

describe('authentication', () => {
  it('challenges a request without credentials the way SAP NetWeaver does', async () => {
    const r = await erp.get(`${SO}/A_SalesOrder`, { auth: null });
    expect(r.status).toBe(401);
    expect(r.headers.get('www-authenticate')).toBe(`Basic realm="${BASIC_REALM}"`);
    expect(BASIC_REALM).toBe('SAP NetWeaver Application Server');
  });

  it('rejects a wrong password and accepts the user name in any case', async () => {
    const { username, password } = ERP_DEFAULT_CREDENTIALS;
    expect((await erp.get(`${SO}/A_SalesOrder`, { auth: basic(username, 'nope') })).status).toBe(401);
    expect((await erp.get(`${SO}/A_SalesOrder`, { auth: basic(username.toLowerCase(), password) })).status).toBe(200);
  });

  it('accepts configured credentials instead of the demo ones', async () => {
    const other = await start(tinyDataset(), { credentials: { username: 'ALICE', password: 's3cret' } });
    try {
      expect((await other.get(`${SO}/A_SalesOrder`)).status).toBe(401);
      expect((await other.get(`${SO}/A_SalesOrder`, { auth: basic('alice', 's3cret') })).status).toBe(200);
    } finally {
      await other.close();
    }
  });
});

describe('A_SalesOrder', () => {
  it('wraps collections in d.results with __metadata, /Date()/ values and string decimals', async () => {
    const r = await erp.get(`${SO}/A_SalesOrder`);
    expect(r.status).toBe(200);
    expect(r.headers.get('content-type')).toMatch(/^application\/json/);
    const results = r.json.d.results;
    expect(results.map((o: { SalesOrder: string }) => o.SalesOrder)).toEqual([
      '1000000001',
      '1000000002',
      '1000000003',
      '1000000004',
      '1000000005',
      '1000000006',
    ]);
    const first = results[0];
    expect(first.__metadata).toEqual({
      id: `${erp.baseUrl}${SO}/A_SalesOrder('1000000001')`,
      uri: `${erp.baseUrl}${SO}/A_SalesOrder('1000000001')`,
      type: 'API_SALES_ORDER_SRV.A_SalesOrderType',
      etag: expect.stringMatching(/^W\/"datetimeoffset'.+'"$/),
    });
    expect(first).toMatchObject({
      SalesOrderType: 'OR',
      DistributionChannel: '10',
      SoldToParty: WEI,
      PurchaseOrderByCustomer: 'W2026-000001',
      TotalNetAmount: '307.00',
      TransactionCurrency: 'CNY',
      OverallSDProcessStatus: 'C',
      OverallTotalDeliveryStatus: 'C',
      DeliveryBlockReason: '',
      OverallSDDocumentRejectionSts: '',
      ShippingCondition: '02',
    });
    // 2026-10-01T02:00Z is 10:00 on 1 October in the ERP's UTC+8 time zone.
    expect(first.CreationDate).toBe(`/Date(${Date.UTC(2026, 9, 1)})/`);
    expect(first.LastChangeDateTime).toMatch(DATE_OFFSET);
    expect(first.YY1_CreationDateTime_SDH).toBe(`/Date(${Date.parse('2026-10-01T02:00:00Z')}+0000)/`);
    expect(first.RequestedDeliveryDate).toMatch(DATE);
    expect(first.to_Item).toEqual({ __deferred: { uri: `${erp.baseUrl}${SO}/A_SalesOrder('1000000001')/to_Item` } });
  });

  it("puts local dates on the ERP's calendar day", async () => {
    const r = await erp.get(`${SO}/A_SalesOrder('1000000005')`);
    // 16:30 UTC on 31 October is already 1 November in Shanghai.
    expect(r.json.d.CreationDate).toBe(`/Date(${Date.UTC(2026, 10, 1)})/`);
  });

  it('reads one order by key, in both key predicate forms', async () => {
    const a = await erp.get(`${SO}/A_SalesOrder('1000000003')`);
    const b = await erp.get(`${SO}/A_SalesOrder(SalesOrder='1000000003')`);
    expect(a.status).toBe(200);
    expect(a.json.d).toMatchObject({
      SalesOrder: '1000000003',
      DistributionChannel: '12',
      DeliveryBlockReason: '01',
      TotalCreditCheckStatus: 'B',
    });
    expect(b.json.d.SalesOrder).toBe('1000000003');
  });

  it('answers an unknown key with 404 and the SAP error body', async () => {
    const r = await erp.get(`${SO}/A_SalesOrder('9999999999')`);
    expect(r.status).toBe(404);
    expectSapError(r.json, '/IWBEP/CM_MGW_RT/020');
    expect(r.json.error.message.value).toBe("Resource not found for segment 'A_SalesOrderType'.");
    expect(r.json.error.innererror.application).toMatchObject({ service_id: 'API_SALES_ORDER_SRV', component_id: 'SD-SLS-API' });
  });

  it('expands items, and schedule lines below them', async () => {
    const r = await erp.get(`${SO}/A_SalesOrder('1000000001')?$expand=to_Item/to_ScheduleLine`);
    const items = r.json.d.to_Item.results;
    expect(items).toHaveLength(2);
    expect(items[1]).toMatchObject({
      SalesOrder: '1000000001',
      SalesOrderItem: '20',
      Material: 'SKU-000003',
      SalesOrderItemText: 'Leidian Desk Lamp - Black',
      RequestedQuantity: '2',
      RequestedQuantityUnit: 'EA',
      NetAmount: '178.00',
      ProductionPlant: 'ST001',
      ShippingPoint: 'ST001',
      DeliveryStatus: 'C',
    });
    expect(items[1].__metadata.uri).toBe(`${erp.baseUrl}${SO}/A_SalesOrderItem(SalesOrder='1000000001',SalesOrderItem='20')`);
    expect(items[1].to_ScheduleLine.results[0]).toMatchObject({
      ScheduleLine: '1',
      RequestedDeliveryDate: `/Date(${Date.UTC(2026, 9, 2)})/`,
      ScheduleLineOrderQuantity: '2',
      DeliveredQtyInOrderQtyUnit: '2',
    });
    expect(items[0].to_SalesOrder).toEqual({ __deferred: { uri: expect.stringContaining('/to_SalesOrder') } });
  });

  it('splits a partial delivery over the items consistently with the header', async () => {
    const r = await erp.get(`${SO}/A_SalesOrder('1000000002')?$expand=to_Item`);
    expect(r.json.d.OverallTotalDeliveryStatus).toBe('B');
    expect(r.json.d.to_Item.results.map((i: { DeliveryStatus: string }) => i.DeliveryStatus)).toEqual(['C', 'A']);
  });

  it('marks every item of a cancelled order as rejected', async () => {
    const r = await erp.get(`${SO}/A_SalesOrder('1000000004')?$expand=to_Item/to_ScheduleLine`);
    expect(r.json.d.OverallSDDocumentRejectionSts).toBe('C');
    const item = r.json.d.to_Item.results[0];
    expect(item.SalesDocumentRjcnReason).not.toBe('');
    expect(item.to_ScheduleLine.results[0].ConfirmedDeliveryDate).toBeNull();
  });

  it('serves the items of one order through the navigation property', async () => {
    const r = await erp.get(`${SO}/A_SalesOrder('1000000002')/to_Item?$inlinecount=allpages`);
    expect(r.json.d.__count).toBe('2');
    expect(r.json.d.results.map((i: { SalesOrderItem: string }) => i.SalesOrderItem)).toEqual(['10', '20']);
    const count = await erp.get(`${SO}/A_SalesOrder('1000000002')/to_Item/$count`);
    expect(count.body).toBe('2');
  });

  it('serves A_SalesOrderItem as its own collection and by composite key', async () => {
    const r = await erp.get(`${SO}/A_SalesOrderItem?${q({ $filter: "Material eq 'SKU-000001'" })}`);
    expect(r.json.d.results.map((i: { SalesOrder: string }) => i.SalesOrder)).toEqual(['1000000001', '1000000002', '1000000004']);
    const one = await erp.get(`${SO}/A_SalesOrderItem(SalesOrder='1000000002',SalesOrderItem='10')`);
    expect(one.json.d).toMatchObject({ Material: 'SKU-000002', RequestedQuantity: '3', NetAmount: '179.70' });
    const bad = await erp.get(`${SO}/A_SalesOrderItem('1000000002')`);
    expect(bad.status).toBe(400);
  });

  it('filters on the fields an integration uses', async () => {
    const filter = `(SoldToParty eq '${WEI}' or SoldToParty eq '${NA}') and CreationDate ge datetime'2026-10-10T00:00:00'`;
    const r = await erp.get(`${SO}/A_SalesOrder?${q({ $filter: filter, $orderby: 'CreationDate desc' })}`);
    expect(r.json.d.results.map((o: { SalesOrder: string }) => o.SalesOrder)).toEqual(['1000000003', '1000000006', '1000000002']);
    const po = await erp.get(`${SO}/A_SalesOrder?${q({ $filter: "PurchaseOrderByCustomer eq 'A2026-000002'" })}`);
    expect(po.json.d.results).toHaveLength(1);
  });
});

describe('A_BusinessPartner', () => {
  it('serves the standard fields and the YY1 contact and loyalty fields', async () => {
    const r = await erp.get(`${BP}/A_BusinessPartner('${WEI}')`);
    expect(r.json.d).toMatchObject({
      BusinessPartner: WEI,
      BusinessPartnerCategory: '1',
      FirstName: 'Wei',
      LastName: 'Zhang',
      BusinessPartnerFullName: 'Wei Zhang',
      CreationDate: `/Date(${Date.UTC(2024, 2, 1)})/`,
      CreationTime: 'PT10H30M00S',
      YY1_EmailAddress: ' Wei.Zhang@Example.com ',
      YY1_SearchEmail: 'WEI.ZHANG@EXAMPLE.COM',
      YY1_PhoneNumber: '138-0013-8000',
      YY1_InternationalPhone: '+8613800138000',
      YY1_MemberCardNumber: '8800000000000001',
      YY1_MemberTier: 'GOLD',
      YY1_PointsBalance: '12000',
      YY1_ExpiringPoints: '500',
      YY1_PointsExpiryDate: `/Date(${Date.UTC(2026, 11, 31)})/`,
    });
    expect(r.json.d.__metadata.type).toBe('API_BUSINESS_PARTNER.A_BusinessPartnerType');
  });

  it('normalises every typed phone style into the E.164 search field', async () => {
    const r = await erp.get(`${BP}/A_BusinessPartner?${q({ $select: 'BusinessPartner,YY1_PhoneNumber,YY1_InternationalPhone' })}`);
    expect(r.json.d.results.map((b: { YY1_InternationalPhone: string }) => b.YY1_InternationalPhone)).toEqual([
      '+8613800138000',
      '+8613900139000',
      '+8613700137000',
    ]);
  });

  it('expands addresses and loyalty cards', async () => {
    const r = await erp.get(`${BP}/A_BusinessPartner('${WEI}')?$expand=to_BusinessPartnerAddress,to_YY1_LoyaltyCard`);
    expect(r.json.d.to_BusinessPartnerAddress.results[0]).toMatchObject({
      StreetName: 'Room 502, No. 34, Lane 1606 Wuning Road',
      CityName: 'Shanghai',
      District: 'Putuo',
      PostalCode: '200333',
      Country: 'CN',
    });
    expect(r.json.d.to_YY1_LoyaltyCard.results).toEqual([
      expect.objectContaining({ CardNumber: '8800000000000001', CardType: '01', CardBalance: null }),
      expect.objectContaining({ CardNumber: '9900000000000002', CardType: '02', CardBalance: '50.00', CardCurrency: 'CNY' }),
    ]);
  });

  it('finds partners through the search fields, quotes included', async () => {
    const filter = "YY1_SearchEmail eq 'NA.LI@EXAMPLE.NET' or substringof('O''NEILL',toupper(BusinessPartnerFullName))";
    const r = await erp.get(`${BP}/A_BusinessPartner?${q({ $filter: filter })}`);
    expect(r.json.d.results.map((b: { BusinessPartner: string }) => b.BusinessPartner)).toEqual([SIOBHAN, NA]);
  });
});

describe('A_Product', () => {
  it('serves the material master with its EAN and list price, and the name as a description', async () => {
    const r = await erp.get(`${PRD}/A_Product('SKU-000002')?$expand=to_Description`);
    expect(r.json.d).toMatchObject({
      Product: 'SKU-000002',
      ProductType: 'HAWA',
      ProductGroup: 'apparel',
      Brand: 'Haiyun',
      BaseUnit: 'EA',
      ProductStandardID: '6900000000020',
      YY1_ListPrice_PRD: '59.90',
      YY1_ListPriceCurrency_PRD: 'CNY',
      YY1_DropShip_PRD: false,
    });
    expect(r.json.d.to_Description.results).toEqual([
      expect.objectContaining({ Product: 'SKU-000002', Language: 'EN', ProductDescription: "Haiyun Children's T-Shirt - Navy, S" }),
    ]);
  });
});

describe('service-level errors', () => {
  it('answers an unknown service, entity set or navigation with 404', async () => {
    const service = await erp.get('/sap/opu/odata/sap/API_NOPE_SRV/A_Thing');
    expect(service.status).toBe(404);
    expectSapError(service.json, '/IWFND/MED/170');
    const set = await erp.get(`${SO}/A_Nope`);
    expect(set.status).toBe(404);
    expectSapError(set.json, '/IWBEP/CM_MGW_RT/020');
    const nav = await erp.get(`${SO}/A_SalesOrder('1000000001')/to_Nope`);
    expect(nav.status).toBe(404);
  });

  it('refuses writes on the read-only services', async () => {
    // Sales orders and points postings take POSTs (with a CSRF token); products never do.
    const r = await erp.get(`${PRD}/A_Product`, { method: 'POST' });
    expect(r.status).toBe(405);
    expectSapError(r.json, '/IWFND/CM_MGW/004');
  });

  it('renders injected faults in the SAP error shape', async () => {
    erp.simulator.faults.set({ errorRate: 1, errorStatus: 503 });
    try {
      const r = await erp.get(`${SO}/A_SalesOrder`);
      expect(r.status).toBe(503);
      expectSapError(r.json, 'SY/530');
    } finally {
      erp.simulator.faults.clear();
    }
  });

  it('lists the entity sets in the service document', async () => {
    const r = await erp.get(`${BP}/`);
    expect(r.json.d.EntitySets).toEqual(['A_BusinessPartner', 'A_BusinessPartnerAddress', 'YY1_LoyaltyCard']);
  });
});
