import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CUSTOMERS, STORE_IDS, buildFixture } from './fixture.ts';
import { startPos, type Running } from './helpers.ts';

const search = (pos: Running, body: unknown) => pos.call('POST', '/v2/customers/search', body);
const ids = (res: { json: { customers?: { id: string }[] } }) => (res.json.customers ?? []).map((c) => c.id);
const filter = (f: unknown) => ({ query: { filter: f } });

describe('POS simulator: locations and customers', () => {
  let pos: Running;
  beforeAll(async () => {
    pos = await startPos(buildFixture());
  });
  afterAll(() => pos.close());

  it('lists stores with a POS id as Square locations (DCs are not POS locations)', async () => {
    const res = await pos.call('GET', '/v2/locations');
    expect(res.status).toBe(200);
    expect(res.json.locations.map((l: { id: string }) => l.id)).toEqual(STORE_IDS);
    expect(res.json.locations[0]).toMatchObject({
      id: STORE_IDS[0],
      name: 'Store 1',
      status: 'ACTIVE',
      type: 'PHYSICAL',
      currency: 'CNY',
      country: 'CN',
      timezone: 'Asia/Shanghai',
      address: { address_line_1: '1 Nanjing Road', locality: 'Shanghai', sublocality: 'Huangpu', postal_code: '200001', country: 'CN' },
      coordinates: { latitude: 31.2, longitude: 121.4 },
    });
  });

  it('retrieves a location by id and "main", 404 NOT_FOUND otherwise', async () => {
    expect((await pos.call('GET', `/v2/locations/${STORE_IDS[3]}`)).json.location.id).toBe(STORE_IDS[3]);
    expect((await pos.call('GET', '/v2/locations/main')).json.location.id).toBe(STORE_IDS[0]);
    const missing = await pos.call('GET', '/v2/locations/NOPE');
    expect(missing.status).toBe(404);
    expect(missing.json).toEqual({ errors: [expect.objectContaining({ category: 'INVALID_REQUEST_ERROR', code: 'NOT_FOUND' })] });
  });

  it('retrieves a customer in Square field names, 404 for an unknown id', async () => {
    const res = await pos.call('GET', `/v2/customers/${CUSTOMERS.wei.id}`);
    expect(res.json.customer).toMatchObject({
      id: CUSTOMERS.wei.id,
      given_name: 'Wei',
      family_name: 'Zhang',
      email_address: ' Wei.Zhang@Example.com ',
      phone_number: '138 0013 8000',
      reference_id: '8800123456789012',
      created_at: CUSTOMERS.wei.createdAt,
    });
    const missing = await pos.call('GET', '/v2/customers/NOBODY');
    expect(missing.status).toBe(404);
    expect(missing.json.errors[0].code).toBe('NOT_FOUND');
  });

  it('pages ListCustomers with cursors to the last page, without repeats', async () => {
    const seen: string[] = [];
    let cursor: string | undefined;
    let pages = 0;
    do {
      const res = await pos.call('GET', `/v2/customers?limit=7${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}&count=true`);
      expect(res.status).toBe(200);
      expect(res.json.count).toBe(29);
      seen.push(...ids(res));
      cursor = res.json.cursor;
      pages++;
    } while (cursor);
    expect(pages).toBe(5);
    expect(new Set(seen).size).toBe(29);
    // DEFAULT sort: given name, then family name.
    expect(seen[0]).toBe(CUSTOMERS.jie.id);
  });

  it('rejects out-of-range limits, bad enums and foreign cursors with the field named', async () => {
    const low = await pos.call('GET', '/v2/customers?limit=0');
    expect(low.json.errors[0]).toMatchObject({ code: 'VALUE_TOO_LOW', field: 'limit' });
    const high = await search(pos, { limit: 101 });
    expect(high.json.errors[0]).toMatchObject({ code: 'VALUE_TOO_HIGH', field: 'limit' });
    const notInt = await search(pos, { limit: '10' });
    expect(notInt.json.errors[0]).toMatchObject({ code: 'EXPECTED_INTEGER', field: 'limit' });
    const sort = await pos.call('GET', '/v2/customers?sort_order=SIDEWAYS');
    expect(sort.json.errors[0]).toMatchObject({ code: 'INVALID_ENUM_VALUE', field: 'sort_order' });
    const first = await pos.call('GET', '/v2/customers?limit=2');
    const foreign = await search(pos, { cursor: first.json.cursor });
    expect(foreign.status).toBe(400);
    expect(foreign.json.errors[0]).toMatchObject({ code: 'INVALID_CURSOR', field: 'cursor' });
    const garbage = await pos.call('GET', '/v2/customers?cursor=%22%7D%27--');
    expect(garbage.json.errors[0].code).toBe('INVALID_CURSOR');
  });

  it('matches email exactly on the whole address, case-insensitively, and fuzzily on tokens', async () => {
    expect(ids(await search(pos, filter({ email_address: { exact: 'wei.zhang@example.com' } })))).toEqual([CUSTOMERS.wei.id]);
    expect(ids(await search(pos, filter({ email_address: { exact: 'WEI.ZHANG@EXAMPLE.COM' } })))).toEqual([CUSTOMERS.wei.id]);
    expect(ids(await search(pos, filter({ email_address: { exact: 'zhang@example.com' } })))).toEqual([]);
    expect(ids(await search(pos, filter({ email_address: { fuzzy: 'zhang example' } })))).toEqual([CUSTOMERS.wei.id]);
    expect(ids(await search(pos, filter({ email_address: { fuzzy: 'lina' } })))).toEqual([CUSTOMERS.na.id]);
  });

  it('matches phone numbers typed in any format: exact on E.164, fuzzy on digits', async () => {
    expect(ids(await search(pos, filter({ phone_number: { exact: '+8613800138000' } })))).toEqual([CUSTOMERS.wei.id]);
    expect(ids(await search(pos, filter({ phone_number: { exact: '+86 (139) 0000-1111' } })))).toEqual([CUSTOMERS.na.id]);
    expect(ids(await search(pos, filter({ phone_number: { exact: '+8615025644531' } })))).toEqual([CUSTOMERS.jie.id]);
    for (const national of ['13800138000', '13900001111', '15025644531']) {
      expect(ids(await search(pos, filter({ phone_number: { fuzzy: national } })))).toHaveLength(1);
    }
    expect(ids(await search(pos, filter({ phone_number: { fuzzy: '0013 138' } })))).toEqual([CUSTOMERS.wei.id]);
    const national = await search(pos, filter({ phone_number: { exact: '13800138000' } }));
    expect(national.status).toBe(400);
    expect(national.json.errors[0]).toMatchObject({ code: 'INVALID_PHONE_NUMBER', field: 'query.filter.phone_number.exact' });
  });

  it('matches reference_id exactly (case-insensitive) and fuzzily', async () => {
    expect(ids(await search(pos, filter({ reference_id: { exact: 'member-7788' } })))).toEqual([CUSTOMERS.card.id]);
    expect(ids(await search(pos, filter({ reference_id: { exact: '8800123456789012' } })))).toEqual([CUSTOMERS.wei.id]);
    expect(ids(await search(pos, filter({ reference_id: { exact: '88001234' } })))).toEqual([]);
    expect(ids(await search(pos, filter({ reference_id: { fuzzy: '7788' } })))).toEqual([CUSTOMERS.card.id]);
  });

  it('ANDs filters, filters on created_at and sorts by CREATED_AT', async () => {
    const both = await search(pos, filter({ email_address: { fuzzy: 'example' }, phone_number: { fuzzy: '139' } }));
    expect(ids(both)).toEqual([CUSTOMERS.na.id]);
    const recent = await search(pos, {
      query: { filter: { created_at: { start_at: '2026-08-01T00:00:00Z' } }, sort: { field: 'CREATED_AT', order: 'DESC' } },
    });
    expect(ids(recent)[0]).toBe('CUSTFILLER0000000000000000');
    expect(ids(recent)).not.toContain(CUSTOMERS.wei.id);
    const range = await search(pos, filter({ created_at: { start_at: '2026-10-01T00:00:00Z', end_at: '2026-01-01T00:00:00Z' } }));
    expect(range.json.errors[0]).toMatchObject({ code: 'INVALID_TIME_RANGE', field: 'query.filter.created_at' });
  });

  it('refuses malformed filters with the field named', async () => {
    const both = await search(pos, filter({ email_address: { exact: 'a@b.c', fuzzy: 'a' } }));
    expect(both.json.errors[0]).toMatchObject({ code: 'INVALID_VALUE', field: 'query.filter.email_address' });
    const empty = await search(pos, filter({ reference_id: { exact: '  ' } }));
    expect(empty.json.errors[0]).toMatchObject({ code: 'VALUE_EMPTY', field: 'query.filter.reference_id.exact' });
    const wrongType = await search(pos, filter({ email_address: { exact: 42 } }));
    expect(wrongType.json.errors[0]).toMatchObject({ code: 'EXPECTED_STRING', field: 'query.filter.email_address.exact' });
    const notObject = await search(pos, { query: 'everything' });
    expect(notObject.json.errors[0]).toMatchObject({ code: 'EXPECTED_OBJECT', field: 'query' });
    const badTime = await search(pos, filter({ updated_at: { start_at: 'yesterday' } }));
    expect(badTime.json.errors[0]).toMatchObject({ code: 'INVALID_TIME', field: 'query.filter.updated_at.start_at' });
  });

  it('treats hostile search text as data: no match, no error, no injection', async () => {
    const hostile = [
      `' OR 1=1 --`,
      `.*`,
      `"}],"customers":[{"id":"x"}]`,
      `(a+)+$`,
      `<script>alert(1)</script>@example.com`,
      '\u0000\u202e',
      'x'.repeat(20_000),
    ];
    for (const text of hostile) {
      for (const f of [{ email_address: { exact: text } }, { reference_id: { exact: text } }, { reference_id: { fuzzy: text } }]) {
        const res = await search(pos, filter(f));
        expect(res.status).toBe(200);
        expect(res.json).toEqual({});
      }
      // Fuzzy email is a token-substring match: "(a+)+$" is the token "a", found in many addresses.
      const fuzzy = await search(pos, filter({ email_address: { fuzzy: text } }));
      expect(fuzzy.status).toBe(200);
      const tokens = text
        .toLowerCase()
        .split(/[^\p{L}\p{N}]+/u)
        .filter(Boolean);
      for (const c of fuzzy.json.customers ?? []) for (const t of tokens) expect(c.email_address.toLowerCase()).toContain(t);
      // Phone fuzzy keeps only digits: "1=1" is the token "11", a legitimate partial match.
      const phone = await search(pos, filter({ phone_number: { fuzzy: text } }));
      expect(phone.status).toBe(200);
      const digits = text
        .split(/\s+/)
        .map((t) => t.replace(/\D/g, ''))
        .filter(Boolean);
      if (digits.length === 0) expect(phone.json).toEqual({});
      for (const c of phone.json.customers ?? []) for (const d of digits) expect(c.phone_number.replace(/\D/g, '')).toContain(d);
    }
  });

  it('answers an empty object when nothing matches, as Square does', async () => {
    const res = await search(pos, filter({ email_address: { exact: 'nobody@example.com' } }));
    expect(res.json).toEqual({});
    const counted = await search(pos, { ...filter({ email_address: { exact: 'nobody@example.com' } }), count: true });
    expect(counted.json).toEqual({ count: 0 });
  });
});
