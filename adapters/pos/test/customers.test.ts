import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { normalizeCard, normalizeEmail, normalizePhone } from '../../core/src/index.ts';
import { ctx, dataset, startHarness, type Harness } from './helpers.ts';

const SEARCH = 'POST /v2/customers/search';
const customers = dataset.pos.customers;
const byEmail = (email: string) =>
  customers
    .filter((c) => normalizeEmail(c.emailAddress) === email)
    .map((c) => c.id)
    .sort();
const byPhone = (phone: string) =>
  customers
    .filter((c) => normalizePhone(c.phoneNumber) === phone)
    .map((c) => c.id)
    .sort();

describe('PosAdapter: customers', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  beforeEach(() => h.reset());
  afterAll(() => h.close());

  it('finds a customer by email whatever case and spaces the till stored', async () => {
    const odd = customers.find((c) => c.emailAddress && c.emailAddress !== c.emailAddress.trim().toLowerCase());
    expect(odd).toBeDefined();
    const email = normalizeEmail(odd?.emailAddress) as string;
    const found = await h.adapter().findCustomers(ctx(), { email });
    expect(found.map((r) => r.externalId).sort()).toEqual(byEmail(email));
    const record = found.find((r) => r.externalId === odd?.id);
    expect(record).toEqual({
      system: 'POS',
      externalId: odd?.id,
      firstName: odd?.givenName,
      lastName: odd?.familyName,
      emails: [odd?.emailAddress],
      phones: odd?.phoneNumber ? [odd.phoneNumber] : [],
      cardNumbers: odd?.referenceId ? [odd.referenceId] : [],
      createdAt: odd?.createdAt,
    });
    expect(h.calls(SEARCH)).toBe(1);
    expect(h.bodies[0]?.body).toEqual({
      limit: 100,
      query: { filter: { email_address: { exact: email } }, sort: { field: 'DEFAULT', order: 'ASC' } },
    });
  });

  it('finds customers by E.164 phone across the formats cashiers type', async () => {
    const styles = [/^0086 /, /^\+86 /, /^\+86\d/, /-/, /^1\d{10}$/, /^1\d\d \d{4} \d{4}$/];
    const adapter = h.adapter();
    for (const style of styles) {
      const sample = customers.find((c) => c.phoneNumber && style.test(c.phoneNumber));
      expect(sample, String(style)).toBeDefined();
      const phone = normalizePhone(sample?.phoneNumber) as string;
      const found = await adapter.findCustomers(ctx(), { phone });
      expect(found.map((r) => r.externalId).sort()).toEqual(byPhone(phone));
      expect(found.map((r) => r.externalId)).toContain(sample?.id);
    }
    // Fuzzy on the national number, then re-checked: a partial number matches nobody.
    const last = h.bodies[h.bodies.length - 1]?.body as { query: { filter: { phone_number: { fuzzy: string } } } };
    expect(last.query.filter.phone_number.fuzzy).toMatch(/^1\d{10}$/);
  });

  it('finds a customer by member card (reference_id) and dedupes hits from several keys', async () => {
    const c = customers.find((x) => x.referenceId && x.emailAddress && x.phoneNumber);
    expect(c).toBeDefined();
    const q = {
      email: normalizeEmail(c?.emailAddress) as string,
      phone: normalizePhone(c?.phoneNumber) as string,
      cardNumber: c?.referenceId as string,
    };
    const found = await h.adapter().findCustomers(ctx(), q);
    expect(found.filter((r) => r.externalId === c?.id)).toHaveLength(1);
    expect(found[0]?.cardNumbers.map((n) => normalizeCard(n))).toContain(normalizeCard(c?.referenceId));
    expect(h.calls(SEARCH)).toBe(3);
    const cardBody = h.bodies.find((b) => JSON.stringify(b.body).includes('reference_id'))?.body;
    expect(cardBody).toMatchObject({ query: { filter: { reference_id: { exact: c?.referenceId } } } });
  });

  it('makes no call for a query without searchable keys (name is not searchable in Square)', async () => {
    const adapter = h.adapter();
    expect(await adapter.findCustomers(ctx(), {})).toEqual([]);
    expect(await adapter.findCustomers(ctx(), { name: 'Wang' })).toEqual([]);
    expect(await adapter.findCustomers(ctx(), { phone: 'not a phone', cardNumber: '12' })).toEqual([]);
    expect(h.sim.totalCalls()).toBe(0);
  });

  it('sends hostile search text verbatim inside JSON and finds nobody', async () => {
    const adapter = h.adapter();
    const email = `x"}},"limit":1,"query":{"filter":{}}}@example.com`;
    expect(await adapter.findCustomers(ctx(), { email })).toEqual([]);
    const card = `4111-1111 1111 1111' OR '1'='1`;
    expect(await adapter.findCustomers(ctx(), { cardNumber: card })).toEqual([]);
    const sent = h.bodies.map((b) => b.body as { limit: number; query: { filter: Record<string, { exact: string }> } });
    expect(sent[0]?.query.filter).toEqual({ email_address: { exact: email } });
    expect(sent[0]?.limit).toBe(100);
    expect(sent[1]?.query.filter).toEqual({ reference_id: { exact: normalizeCard(card) } });
  });

  it('gets customers by id aligned to the keys, null when unknown, with bounded concurrency', async () => {
    const ids = customers.slice(0, 30).map((c) => c.id);
    const keys = [ids[0] as string, 'NO-SUCH-CUSTOMER', ...ids.slice(1), ids[0] as string];
    h.holdMs = 15;
    const got = await h.adapter({ concurrency: 4 }).getCustomers(ctx(), keys);
    expect(got).toHaveLength(keys.length);
    expect(got[0]?.externalId).toBe(ids[0]);
    expect(got[1]).toBeNull();
    expect(got.slice(2, -1).map((r) => r?.externalId)).toEqual(ids.slice(1));
    expect(got[got.length - 1]?.externalId).toBe(ids[0]);
    // One GET per distinct id, never more than 4 at once.
    expect(h.sim.totalCalls()).toBe(31);
    expect(h.peak()).toBeLessThanOrEqual(4);
    expect(h.peak()).toBeGreaterThan(1);
  });

  it('keeps hostile ids inside their path segment', async () => {
    const keys = ['../locations', '..', 'a/b?c=d#e', '%2e%2e', ''];
    const got = await h.adapter().getCustomers(ctx(), keys);
    expect(got).toEqual([null, null, null, null, null]);
    const paths = h.sim.recent.map((r) => r.path);
    expect(paths).toEqual(['/v2/customers/..%2Flocations', '/v2/customers/a%2Fb%3Fc%3Dd%23e', '/v2/customers/%252e%252e']);
  });
});
