import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { activityDataset } from './activityFixture.ts';
import { WEI } from './fixtures.ts';
import { BP, DEFAULT_AUTH, q, start, type Running } from './helpers.ts';

const PTS = '/sap/opu/odata/sap/YY1_POINTSTRANSACTION_CDS';

let erp: Running;
beforeAll(async () => {
  erp = await start(activityDataset());
});
afterAll(async () => {
  await erp.close();
});

async function fetchToken(): Promise<string> {
  const res = await fetch(`${erp.baseUrl}${PTS}/`, { headers: { authorization: DEFAULT_AUTH, 'x-csrf-token': 'Fetch' } });
  expect(res.status).toBe(200);
  return res.headers.get('x-csrf-token') ?? '';
}

async function post(body: unknown, token?: string) {
  const res = await fetch(`${erp.baseUrl}${PTS}/YY1_PointsTransaction`, {
    method: 'POST',
    headers: { authorization: DEFAULT_AUTH, 'content-type': 'application/json', ...(token && { 'x-csrf-token': token }) },
    body: JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, headers: res.headers, text, json: text.startsWith('{') ? JSON.parse(text) : undefined };
}

const balance = async () => Number((await erp.get(`${BP}/A_BusinessPartner('${WEI}')?$format=json`)).json.d.YY1_PointsBalance);

describe('points postings (the one write path)', () => {
  it('refuses a POST without a fetched CSRF token, as SAP Gateway does', async () => {
    const res = await post({ BusinessPartner: WEI, Points: -100, ReasonCode: 'REDM' });
    expect(res.status).toBe(403);
    expect(res.headers.get('x-csrf-token')).toBe('Required');
    expect(res.text).toBe('CSRF token validation failed');
    const forged = await post({ BusinessPartner: WEI, Points: -100, ReasonCode: 'REDM' }, 'not-a-token');
    expect(forged.status).toBe(403);
  });

  it('creates a posting with a fetched token, answers 201 with Location, and moves the balance once per reference', async () => {
    const token = await fetchToken();
    expect(token.length).toBeGreaterThan(10);
    const before = await balance();
    const body = { BusinessPartner: WEI, Points: -700, ReasonCode: 'REDM', ExternalReference: "key-'1'" };
    const created = await post(body, token);
    expect(created.status).toBe(201);
    expect(created.headers.get('location')).toContain('YY1_PointsTransaction(');
    expect(created.json.d).toMatchObject({ BusinessPartner: WEI, Points: -700, ReasonCode: 'REDM', ExternalReference: "key-'1'" });
    expect(await balance()).toBe(before - 700);

    const again = await post(body, token);
    expect(again.status).toBe(400);
    expect(again.json.error.message.value).toMatch(/already exists/);
    expect(await balance()).toBe(before - 700);

    // The posting is readable through the ledger, found by its (quote-escaped) reference.
    const filter = q({ $filter: `BusinessPartner eq '${WEI}' and ExternalReference eq 'key-''1'''`, $format: 'json' });
    const read = await erp.get(`${PTS}/YY1_PointsTransaction?${filter}`);
    expect(read.json.d.results).toHaveLength(1);
  });

  it('burns expiring points first and refuses to go below zero', async () => {
    const token = await fetchToken();
    const account = async () => (await erp.get(`${BP}/A_BusinessPartner('${WEI}')?$format=json`)).json.d;
    const expiringBefore = Number((await account()).YY1_ExpiringPoints);
    await post({ BusinessPartner: WEI, Points: -100, ReasonCode: 'REDM', ExternalReference: 'burn-1' }, token);
    expect(Number((await account()).YY1_ExpiringPoints)).toBe(Math.max(0, expiringBefore - 100));
    const tooMuch = await post({ BusinessPartner: WEI, Points: -1_000_000, ReasonCode: 'REDM', ExternalReference: 'big' }, token);
    expect(tooMuch.status).toBe(400);
    expect(tooMuch.json.error.code).toBe('/IWBEP/CX_MGW_BUSI_EXCEPTION');
    expect(tooMuch.json.error.message.value).toMatch(/too low/);
  });

  it('validates the body and keeps every other set read-only', async () => {
    const token = await fetchToken();
    expect((await post({ BusinessPartner: WEI, Points: 1.5, ReasonCode: 'ADJ' }, token)).status).toBe(400);
    expect((await post({ BusinessPartner: WEI, Points: 10, ReasonCode: 'EARN' }, token)).status).toBe(400);
    expect((await post({ BusinessPartner: '0099999999', Points: 10, ReasonCode: 'ADJ' }, token)).json.error.message.value).toMatch(
      /does not exist/,
    );
    const res = await fetch(`${erp.baseUrl}${BP}/A_BusinessPartner`, {
      method: 'POST',
      headers: { authorization: DEFAULT_AUTH, 'content-type': 'application/json', 'x-csrf-token': token },
      body: '{}',
    });
    expect(res.status).toBe(405);
  });
});

describe('baskets and service cases', () => {
  it('serves cart and wishlist lines and cases in SAP field names', async () => {
    const basket = await erp.get(
      `/sap/opu/odata/sap/YY1_WEBSHOPBASKET_CDS/YY1_WebShopBasketItem?${q({ $filter: `BusinessPartner eq '${WEI}'`, $format: 'json' })}`,
    );
    expect(basket.json.d.results.map((r: { BasketType: string }) => r.BasketType).sort()).toEqual(['C', 'C', 'W']);
    const cases = await erp.get(`/sap/opu/odata/sap/YY1_SERVICECASE_CDS/YY1_ServiceCase('8000000001')?$format=json`);
    expect(cases.json.d).toMatchObject({ CaseCategory: 'ZWAR', CaseStatus: 'E0002', SalesOrder: '1000000001' });
  });
});
