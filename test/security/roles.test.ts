import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodeId } from '../../adapters/core/src/index.ts';
import { getDataset, type Dataset } from '../../legacy/dataset/src/index.ts';
import { gql, startTestStack, type TestStack } from '../helpers/stack.ts';
import { codes, persistedId, post, runPersisted, staffToken } from './authFixtures.ts';

/**
 * What each role sees: FORBIDDEN fields, masking, partner channels, the safelist. Every
 * refusal is paired with the legitimate request that passes.
 */
const marketplaceId = (o: { amazonOrderId: string }) => encodeId('ord', 'MARKETPLACE', o.amazonOrderId);

describe('roles, scopes, masking and the operation safelist', () => {
  let stack: TestStack;
  let ds: Dataset;
  let amazonOrder: string;
  let jdOrder: string;
  let erpOrder: string;
  let phone: string;
  let email: string;

  beforeAll(async () => {
    stack = await startTestStack({ scale: 0.05 });
    ds = getDataset({ scale: 0.05 });
    amazonOrder = marketplaceId(ds.marketplace.orders.find((o) => o.channel === 'AMAZON')!);
    jdOrder = marketplaceId(ds.marketplace.orders.find((o) => o.channel === 'JD')!);
    erpOrder = encodeId('ord', 'ERP', ds.erp.orders[0]!.salesOrder);
    const customer = ds.erp.customers.find((c) => c.email.includes('@') && c.phone.length > 6)!;
    phone = customer.phone;
    email = customer.email.trim().toLowerCase();
  }, 120_000);

  afterAll(async () => {
    await stack?.close();
  });

  it('analyst: personal fields are FORBIDDEN (null), the rest of the answer comes back', async () => {
    const q = `query($id: ID!) { order(id: $id) { id number channel customer { id identities { system } } } c: customer(id: "${encodeId('cus', 'ERP', ds.erp.customers[0]!.businessPartner)}") { id } }`;
    const asAnalyst = await gql<{ order: { id: string; number: string } }>(stack.url, q, { id: erpOrder }, stack.credentials.analyst);
    expect(asAnalyst.body.errors).toBeUndefined();
    const pii = `query($id: ID!) { order(id: $id) { id number customer { id } payments { method } } }`;
    const res = await gql<{ order: { id: string; number: string; payments: unknown } }>(
      stack.url,
      pii,
      { id: erpOrder },
      stack.credentials.analyst,
    );
    expect(res.body.data?.order?.number).toBeTruthy();
    expect(res.body.data?.order?.payments).toBeNull();
    expect(res.body.errors).toEqual([
      expect.objectContaining({ path: ['order', 'payments'], extensions: { code: 'FORBIDDEN', field: 'Order.payments' } }),
    ]);
    const agent = await gql(stack.url, pii, { id: erpOrder }, stack.credentials.agent);
    expect(agent.body.errors).toBeUndefined();
  });

  it('a denied non-null field nulls its nearest nullable parent (Customer.emails → customer)', async () => {
    const id = encodeId('cus', 'ERP', ds.erp.customers[0]!.businessPartner);
    const q = `query($id: ID!) { customer(id: $id) { id emails } }`;
    const res = await gql(stack.url, q, { id }, stack.credentials.analyst);
    expect(res.body.data).toEqual({ customer: null });
    expect(res.body.errors?.[0]).toMatchObject({
      path: ['customer', 'emails'],
      extensions: { code: 'FORBIDDEN', field: 'Customer.emails' },
    });
    const agent = await gql<{ customer: { emails: string[] } }>(stack.url, q, { id }, stack.credentials.agent);
    expect(agent.body.errors).toBeUndefined();
    expect(agent.body.data?.customer.emails.length).toBeGreaterThan(0);
  });

  it('scope escalation: a token claiming scopes its role lacks gets none of them', async () => {
    const id = encodeId('cus', 'ERP', ds.erp.customers[0]!.businessPartner);
    const q = `query($id: ID!) { customer(id: $id) { id } order(id: "${erpOrder}") { id payments { method } } }`;
    const escalated = await staffToken({ role: 'analyst', scope: 'customer:read order:read customer:pii payment:read admin' });
    const res = await gql(stack.url, q, { id }, escalated);
    expect(codes(res)).toEqual(['FORBIDDEN']);
    expect(res.body.errors![0]!.extensions?.field).toBe('Order.payments');
    const narrowed = await staffToken({ role: 'agent', scope: 'order:read' });
    const narrow = await gql(stack.url, q, { id }, narrowed);
    expect(narrow.body.errors?.map((e) => e.extensions?.field).sort()).toEqual(['Order.payments', 'Query.customer']);
    const full = await gql(stack.url, q, { id }, stack.credentials.agent);
    expect(full.body.errors).toBeUndefined();
  });

  it('chatbot: personal data comes back masked, never in clear; the agent sees it in clear', async () => {
    const res = await runPersisted<{
      findCustomers: { name: string; emails: string[]; phones: string[]; orders: { totalCount: number } }[];
    }>(stack.url, 'FindMyOrders', { phone }, stack.credentials.chatbot);
    expect(res.status).toBe(200);
    expect(res.body.errors).toBeUndefined();
    const found = res.body.data!.findCustomers[0]!;
    expect(found.orders.totalCount).toBeGreaterThanOrEqual(0);
    for (const e of found.emails) expect(e).toMatch(/^.\*\*\*@[^@]+$/);
    for (const p of found.phones) expect(p).toMatch(/^\*{7}\d{4}$/);
    expect(found.phones[0]!.slice(-4)).toBe(phone.replace(/\D/g, '').slice(-4));
    expect(JSON.stringify(res.body)).not.toContain(email);
    expect(found.name).toMatch(/^(\S\*\*\*)( \S\*\*\*)*$/);

    const agent = await gql<{ findCustomers: { emails: string[] }[] }>(
      stack.url,
      `query($p: String!) { findCustomers(phone: $p) { emails } }`,
      { p: phone },
      stack.credentials.agent,
    );
    expect(agent.body.data!.findCustomers[0]!.emails).toContain(email);
  });

  it('chatbot: an operation outside the manifest is refused (payments, clear data); its persisted one passes', async () => {
    const res = await gql(
      stack.url,
      `query($id: ID!) { order(id: $id) { payments { cardLast4 } } }`,
      { id: erpOrder },
      stack.credentials.chatbot,
    );
    expect(res.status).toBe(403);
    expect(codes(res)).toEqual(['PERSISTED_QUERY_REQUIRED']);
    const ok = await runPersisted<{ order: { id: string } }>(stack.url, 'WhereIsMyOrder', { id: erpOrder }, stack.credentials.chatbot);
    expect(ok.body.errors).toBeUndefined();
    expect(ok.body.data!.order.id).toBe(erpOrder);
  });

  it('partner: its own marketplace order passes; another marketplace’s is null with FORBIDDEN', async () => {
    const own = await runPersisted<{ order: { id: string; salesChannel: string } }>(
      stack.url,
      'PartnerOrder',
      { id: amazonOrder },
      stack.credentials.partner,
    );
    expect(own.body.errors).toBeUndefined();
    expect(own.body.data!.order).toMatchObject({ id: amazonOrder, salesChannel: 'AMAZON' });
    const other = await runPersisted(stack.url, 'PartnerOrder', { id: jdOrder }, stack.credentials.partner);
    expect(other.body.data).toEqual({ order: null });
    expect(other.body.errors?.[0]).toMatchObject({ path: ['order'], extensions: { code: 'FORBIDDEN', field: 'Query.order' } });
  });

  it('partner: a web/call-centre order is FORBIDDEN and never looked up in the ERP', async () => {
    const erpCalls = () => [...stack.simulators.erp!.counts.values()].reduce((a, b) => a + b, 0);
    const before = erpCalls();
    const res = await runPersisted(stack.url, 'PartnerOrder', { id: erpOrder }, stack.credentials.partner);
    expect(res.body.data).toEqual({ order: null });
    expect(codes(res)).toEqual(['FORBIDDEN']);
    expect(erpCalls()).toBe(before);
  });

  it('partner: no customer personal data, even through a persisted operation', async () => {
    const res = await runPersisted(stack.url, 'FindMyOrders', { phone }, stack.credentials.partner);
    expect(res.body.data).toBeNull();
    expect(res.body.errors?.[0]).toMatchObject({ extensions: { code: 'FORBIDDEN', field: 'Query.findCustomers' } });
    const product = await runPersisted<{ product: { sku: string } }>(
      stack.url,
      'ProductInfo',
      { sku: ds.products[0]!.sku },
      stack.credentials.partner,
    );
    expect(product.body.errors).toBeUndefined();
    expect(product.body.data!.product.sku).toBe(ds.products[0]!.sku);
  });

  it('partner and chatbot: availability through their persisted operations; no credential gets none', async () => {
    const sku = ds.wms.stock[0]!.sku;
    const partner = await runPersisted<{ product: { networkAvailability: { atp: number } | null } }>(
      stack.url,
      'PartnerAvailability',
      { sku },
      stack.credentials.partner,
    );
    expect(partner.body.errors).toBeUndefined();
    expect(typeof partner.body.data!.product.networkAvailability!.atp).toBe('number');
    const store = ds.locations.find((l) => l.kind === 'STORE')!;
    const bot = await runPersisted<{ storesNear: { distanceKm: number }[] }>(
      stack.url,
      'StockNearMe',
      { latitude: store.latitude, longitude: store.longitude, sku },
      stack.credentials.chatbot,
    );
    expect(bot.body.errors).toBeUndefined();
    expect(bot.body.data!.storesNear.length).toBeGreaterThan(0);
    const anonymous = await runPersisted(stack.url, 'PartnerAvailability', { sku }, {});
    expect(anonymous.body.data).toEqual({ product: null });
    expect(codes(anonymous)).toEqual(['FORBIDDEN']);
  });

  it('partner: a non-persisted operation is refused, even one asking only for its own order', async () => {
    const res = await gql(
      stack.url,
      `query($id: ID!) { order(id: $id) { id customer { emails } } }`,
      { id: amazonOrder },
      stack.credentials.partner,
    );
    expect(res.status).toBe(403);
    expect(codes(res)).toEqual(['PERSISTED_QUERY_REQUIRED']);
  });

  it('persisted operations: an unknown id or a query that does not match its id is refused; by `id` field it runs', async () => {
    const unknown = await post(
      stack.url,
      { extensions: { persistedQuery: { version: 1, sha256Hash: 'f'.repeat(64) } } },
      stack.credentials.partner,
    );
    expect(unknown.status).toBe(403);
    expect(codes(unknown)).toEqual(['OPERATION_NOT_SAFELISTED']);
    const smuggled = await post(
      stack.url,
      {
        query: '{ findCustomers(name: "a") { emails } }',
        extensions: { persistedQuery: { version: 1, sha256Hash: persistedId('PartnerOrder') } },
      },
      stack.credentials.partner,
    );
    expect(smuggled.status).toBe(403);
    const byIdField = await post<{ order: { id: string } }>(
      stack.url,
      { id: persistedId('PartnerOrder'), variables: { id: amazonOrder } },
      stack.credentials.partner,
    );
    expect(byIdField.body.errors).toBeUndefined();
    expect(byIdField.body.data!.order.id).toBe(amazonOrder);
  });

  it('staff may run any operation, and persisted ones too', async () => {
    const res = await runPersisted<{ order: { id: string } }>(stack.url, 'PartnerOrder', { id: jdOrder }, stack.credentials.agent);
    expect(res.body.errors).toBeUndefined();
    expect(res.body.data!.order.id).toBe(jdOrder);
  });
});
