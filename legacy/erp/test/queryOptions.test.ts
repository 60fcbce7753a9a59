import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WEI, manyOrders, tinyDataset } from './fixtures.ts';
import { SO, q, start, type Running } from './helpers.ts';

// 6 fixture orders + 25 more for one customer = 31 orders; pages of 10 without $top, 7 with.
let erp: Running;
beforeAll(async () => {
  erp = await start(tinyDataset(manyOrders(WEI, 25)), { defaultPageSize: 10, maxPageSize: 7 });
});
afterAll(async () => {
  await erp.close();
});

type Order = { SalesOrder: string };
const numbers = (json: { d: { results: Order[] } }) => json.d.results.map((o) => o.SalesOrder);

/** Follows `__next` links the way a client must: as given, to the end. */
async function follow(first: string): Promise<{ pages: number; orders: string[]; links: string[] }> {
  let r = await erp.get(first);
  const orders = numbers(r.json);
  const links: string[] = [];
  let pages = 1;
  while (r.json.d.__next) {
    links.push(r.json.d.__next);
    r = await erp.get(r.json.d.__next.slice(erp.baseUrl.length));
    expect(r.status).toBe(200);
    orders.push(...numbers(r.json));
    pages++;
  }
  return { pages, orders, links };
}

describe('server-driven paging', () => {
  it('cuts a response without $top at the default page size and links the next page', async () => {
    const r = await erp.get(`${SO}/A_SalesOrder?$inlinecount=allpages`);
    expect(r.json.d.results).toHaveLength(10);
    expect(r.json.d.__count).toBe('31');
    expect(r.json.d.__next).toBe(`${erp.baseUrl}${SO}/A_SalesOrder?$inlinecount=allpages&$skiptoken=10`);
  });

  it('reaches every entity exactly once by following __next to the last page', async () => {
    const { pages, orders, links } = await follow(
      `${SO}/A_SalesOrder?${q({ $filter: `SoldToParty eq '${WEI}'`, $orderby: 'SalesOrder desc' })}`,
    );
    expect(pages).toBe(3);
    expect(orders).toHaveLength(28);
    expect(new Set(orders).size).toBe(28);
    expect(orders).toEqual([...orders].sort().reverse());
    expect(links[0]).toContain('$filter=SoldToParty%20eq%20');
    expect(links[0]).toContain('$orderby=SalesOrder%20desc');
  });

  it('honours $top up to the maximum page and pages the rest of the window', async () => {
    const small = await erp.get(`${SO}/A_SalesOrder?$top=5`);
    expect(small.json.d.results).toHaveLength(5);
    expect(small.json.d.__next).toBeUndefined();
    const { pages, orders, links } = await follow(`${SO}/A_SalesOrder?$top=20&$skip=3`);
    expect(pages).toBe(3);
    expect(orders).toHaveLength(20);
    expect(links[0]).toContain('$top=13&$skiptoken=10');
    const all = numbers((await erp.get(`${SO}/A_SalesOrder?$top=7&$skip=3`)).json);
    expect(orders.slice(0, 7)).toEqual(all);
  });

  it('returns an empty page past the end, with the full count', async () => {
    const r = await erp.get(`${SO}/A_SalesOrder?$skip=500&$inlinecount=allpages`);
    expect(r.json.d).toEqual({ __count: '31', results: [] });
    const zero = await erp.get(`${SO}/A_SalesOrder?$top=0`);
    expect(zero.json.d.results).toEqual([]);
  });

  it('counts with $count after filtering', async () => {
    const r = await erp.get(`${SO}/A_SalesOrder/$count?${q({ $filter: `SoldToParty ne '${WEI}'` })}`);
    expect(r.headers.get('content-type')).toMatch(/^text\/plain/);
    expect(r.body).toBe('3');
  });
});

describe('$orderby, $select, $format', () => {
  it('orders by several properties, ascending or descending', async () => {
    const r = await erp.get(`${SO}/A_SalesOrder?${q({ $orderby: 'SoldToParty desc,TotalNetAmount asc,SalesOrder desc', $top: '4' })}`);
    expect(numbers(r.json)).toEqual(['1000000006', '1000000005', '1000000004', '1000000003']);
  });

  it('returns only the selected properties, plus __metadata', async () => {
    const r = await erp.get(`${SO}/A_SalesOrder('1000000001')?$select=SalesOrder,TotalNetAmount`);
    expect(Object.keys(r.json.d).sort()).toEqual(['SalesOrder', 'TotalNetAmount', '__metadata']);
    const nested = await erp.get(`${SO}/A_SalesOrder('1000000001')?${q({ $select: 'SalesOrder,to_Item/Material', $expand: 'to_Item' })}`);
    expect(Object.keys(nested.json.d.to_Item.results[0]).sort()).toEqual(['Material', '__metadata']);
  });

  it('accepts $format=json and custom options like sap-client', async () => {
    const r = await erp.get(`${SO}/A_SalesOrder('1000000001')?$format=json&sap-client=100&sap-language=EN`);
    expect(r.status).toBe(200);
  });

  it.each([
    ['$format=xml', 'Format'],
    ['$top=-1', '$top'],
    ['$top=ten', '$top'],
    ['$skip=1.5', '$skip'],
    ['$inlinecount=some', '$inlinecount'],
    ['$select=Nope', "Property 'Nope'"],
    ['$expand=to_Nope', "Navigation property 'to_Nope'"],
    ['$orderby=Nope desc', "Property 'Nope'"],
    ['$orderby=SalesOrder sideways', 'Invalid $orderby'],
    ['$search=x', "'$search'"],
    ['$top=1&$top=2', 'more than once'],
  ])('rejects %s with 400 and the SAP error body', async (query, fragment) => {
    const r = await erp.get(`${SO}/A_SalesOrder?${query}`);
    expect(r.status).toBe(400);
    expect(r.json.error.code).toMatch(/^\/IWCOR\/CX_DS_/);
    expect(r.json.error.message.value).toContain(fragment);
  });

  it('rejects a bad $filter with 400 and the SAP expression error', async () => {
    const unknown = await erp.get(`${SO}/A_SalesOrder?${q({ $filter: "OverallStatus eq 'C'" })}`);
    expect(unknown.status).toBe(400);
    expect(unknown.json.error.code).toBe('/IWCOR/CX_DS_EXPR_SYNTAX_ERROR/000');
    expect(unknown.json.error.message.value).toContain("Property 'OverallStatus' not found in type 'A_SalesOrderType'");
    const syntax = await erp.get(`${SO}/A_SalesOrder?${q({ $filter: "SalesOrder eq '1' or" })}`);
    expect(syntax.status).toBe(400);
  });

  it('rejects collection options on a single entity', async () => {
    const r = await erp.get(`${SO}/A_SalesOrder('1000000001')?$top=1`);
    expect(r.status).toBe(400);
  });
});
