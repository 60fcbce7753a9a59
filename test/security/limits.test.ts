import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gql, startTestStack, type TestStack } from '../helpers/stack.ts';
import { customer360Query } from '../../gateway/src/exampleQuery.ts';
import { as, codesOf, demoName, demoPhone, raw, SECURITY_SCALE } from './limitsHelpers.ts';

/**
 * Abuse limits of the gateway (issue 9, item 4): each probe is refused with its code and
 * status, and the matching legitimate request passes.
 */
describe('operation limits', () => {
  let stack: TestStack;
  let phone: string;
  let name: string;
  const LOOKUP = 'query Lookup($phone: String) { findCustomers(phone: $phone) { id name } }';

  beforeAll(async () => {
    stack = await startTestStack({ scale: SECURITY_SCALE });
    phone = demoPhone();
    name = demoName();
  }, 120_000);

  afterAll(async () => {
    await stack?.close();
  });

  it('refuses a depth bomb with QUERY_TOO_DEEP; a query within the depth limit passes', async () => {
    const bomb = `{ findCustomers(phone: "1", first: 1) { orders(first: 1) { nodes { customer { orders(first: 1) { nodes { customer { orders(first: 1) { nodes { customer { orders(first: 1) { nodes { id } } } } } } } } } } } } }`;
    const refused = await gql(stack.url, bomb, {}, as(stack, 'agent'));
    expect(refused.status).toBe(400);
    expect(codesOf(refused.body)).toEqual(['QUERY_TOO_DEEP']);
    expect(refused.body.data).toBeUndefined();

    const ok = await gql(
      stack.url,
      `query ($phone: String) { findCustomers(phone: $phone, first: 1) { orders(first: 1) { nodes { customer { id } } } } }`,
      { phone },
      as(stack, 'agent'),
    );
    expect(ok.status).toBe(200);
    expect(ok.body.errors).toBeUndefined();
  });

  it('refuses an alias bomb with TOO_MANY_ALIASES; a few aliases pass', async () => {
    const many = Array.from({ length: 30 }, (_, i) => `p${i}: product(sku: "SKU${i}") { name }`).join(' ');
    const refused = await gql(stack.url, `{ ${many} }`, {}, as(stack, 'agent'));
    expect(refused.status).toBe(400);
    expect(codesOf(refused.body)).toEqual(['TOO_MANY_ALIASES']);

    const few = Array.from({ length: 3 }, (_, i) => `p${i}: product(sku: "SKU${i}") { name }`).join(' ');
    const ok = await gql(stack.url, `{ ${few} }`, {}, as(stack, 'agent'));
    expect(ok.status).toBe(200);
    expect(ok.body.errors).toBeUndefined();
  });

  it('refuses a cost bomb (list sizes multiplied) with QUERY_TOO_COMPLEX for every role', async () => {
    const bomb = `{ findCustomers(name: "a", first: 50) { orders(first: 100) { nodes { customer { orders(first: 100) { nodes { id } } } } } } }`;
    for (const role of ['agent', 'admin'] as const) {
      const refused = await gql(stack.url, bomb, {}, as(stack, role));
      expect(refused.status).toBe(400);
      expect(codesOf(refused.body)).toEqual(['QUERY_TOO_COMPLEX']);
      expect(refused.body.errors![0]!.extensions!.cost).toBeGreaterThan(refused.body.errors![0]!.extensions!.limit as number);
    }
  });

  it('applies the per-role cost budget: a query over the store budget passes for an agent', async () => {
    // A name search is sized by `first`: 10 + 50·10 + 50·1 + 50·50·2 = 5560, above store (5000), below agent (10000).
    const query = `query ($name: String) { findCustomers(name: $name, first: 50) { orders(first: 50) { nodes { lines { sku } } } } }`;
    const store = await gql(stack.url, query, { name }, as(stack, 'store'));
    expect(store.status).toBe(400);
    expect(store.body.errors![0]!.extensions).toMatchObject({ code: 'QUERY_TOO_COMPLEX', cost: 5560, limit: 5000, role: 'store' });

    const agent = await gql<{ findCustomers: unknown[] }>(stack.url, query, { name }, as(stack, 'agent'));
    expect(agent.status).toBe(200);
    expect(agent.body.errors).toBeUndefined();
    expect(agent.body.data!.findCustomers.length).toBeGreaterThan(0);
  });

  it('sizes a keyed lookup by what it can return: the customer 360 with 100 orders passes for a store associate', async () => {
    const query = customer360Query(phone).replace('orders(first: 10)', 'orders(first: 100)');
    const res = await gql<{ findCustomers: unknown[] }>(stack.url, query, {}, as(stack, 'store'));
    expect(res.status).toBe(200);
    expect(codesOf(res.body)).not.toContain('QUERY_TOO_COMPLEX');
    expect(res.body.data!.findCustomers.length).toBeGreaterThan(0);
  });

  it('uses variables for list sizes: the same document is cheap with first: 1 and refused with first: 5000', async () => {
    const query = `query ($n: Int) { findCustomers(name: "a", first: $n) { orders(first: 50) { nodes { id } } } }`;
    const refused = await gql(stack.url, query, { n: 5000 }, as(stack, 'agent'));
    expect(codesOf(refused.body)).toEqual(['QUERY_TOO_COMPLEX']);
    const ok = await gql(stack.url, query, { n: 1 }, as(stack, 'agent'));
    expect(ok.status).toBe(200);
  });

  it('refuses a fragment expansion bomb quickly; a query using fragments passes', async () => {
    const levels = 30;
    const fragments = Array.from({ length: levels }, (_, i) =>
      i === levels - 1
        ? `fragment F${i} on Query { __typename }`
        : `fragment F${i} on Query { ...F${i + 1} ... on Query { ...F${i + 1} } }`,
    );
    const started = Date.now();
    const refused = await gql(stack.url, `query { ...F0 } ${fragments.join(' ')}`, {}, as(stack, 'agent'));
    expect(refused.status).toBe(400);
    expect(codesOf(refused.body).length).toBe(1);
    expect(['QUERY_TOO_COMPLEX', 'GRAPHQL_VALIDATION_FAILED']).toContain(codesOf(refused.body)[0]);
    expect(Date.now() - started).toBeLessThan(5000);

    const ok = await gql(
      stack.url,
      'query ($p: String) { findCustomers(phone: $p) { ...C } } fragment C on Customer { id name }',
      { p: phone },
      as(stack, 'agent'),
    );
    expect(ok.status).toBe(200);
    expect(ok.body.errors).toBeUndefined();
  });

  it('refuses a directive flood with TOO_MANY_DIRECTIVES; two directives pass', async () => {
    const flood = Array.from({ length: 30 }, () => '__typename @include(if: true)').join(' ');
    const refused = await gql(stack.url, `{ ${flood} }`, {}, as(stack, 'agent'));
    expect(refused.status).toBe(400);
    expect(codesOf(refused.body)).toEqual(['TOO_MANY_DIRECTIVES']);

    const ok = await gql(stack.url, `{ __typename @include(if: true) __typename @skip(if: false) }`, {}, as(stack, 'agent'));
    expect(ok.status).toBe(200);
    expect(ok.body.data).toEqual({ __typename: 'Query' });
  });

  it('stops parsing a token flood with TOO_MANY_TOKENS; an ordinary document parses', async () => {
    const flood = `{ ${'__typename '.repeat(5000)}}`;
    const refused = await gql(stack.url, flood, {}, as(stack, 'agent'));
    expect(refused.status).toBe(400);
    expect(codesOf(refused.body)).toEqual(['TOO_MANY_TOKENS']);

    const ok = await gql(stack.url, LOOKUP, { phone }, as(stack, 'agent'));
    expect(ok.status).toBe(200);
    expect((ok.body.data as { findCustomers: unknown[] }).findCustomers.length).toBeGreaterThan(0);
  });

  it('refuses 100 kB strings in literals and in variables with INPUT_TOO_LONG', async () => {
    const huge = 'x'.repeat(100_000);
    const literal = await gql(stack.url, `{ findCustomers(email: "${huge}") { id } }`, {}, as(stack, 'agent'));
    expect(literal.status).toBe(400);
    expect(codesOf(literal.body)).toEqual(['INPUT_TOO_LONG']);
    const variable = await gql(stack.url, LOOKUP, { phone: huge }, as(stack, 'agent'));
    expect(variable.status).toBe(400);
    expect(codesOf(variable.body)).toEqual(['INPUT_TOO_LONG']);
  });

  it('answers an oversized body with 413 PAYLOAD_TOO_LARGE as a GraphQL error', async () => {
    const body = JSON.stringify({ query: LOOKUP, variables: { phone }, extensions: { pad: 'x'.repeat(300 * 1024) } });
    const refused = await raw(stack.url, { body, headers: { 'content-type': 'application/json', ...as(stack, 'agent') } });
    expect(refused.status).toBe(413);
    expect(codesOf(refused.json())).toEqual(['PAYLOAD_TOO_LARGE']);

    const ok = await raw(stack.url, {
      body: JSON.stringify({ query: LOOKUP, variables: { phone } }),
      headers: { 'content-type': 'application/json', ...as(stack, 'agent') },
    });
    expect(ok.status).toBe(200);
  });

  it('caps batched operations: 6 in one request is BATCH_TOO_LARGE, 2 are answered', async () => {
    const op = { query: LOOKUP, variables: { phone } };
    const headers = { 'content-type': 'application/json', ...as(stack, 'agent') };
    const refused = await raw(stack.url, { body: JSON.stringify(Array.from({ length: 6 }, () => op)), headers });
    expect(refused.status).toBe(400);
    expect(codesOf(refused.json())).toEqual(['BATCH_TOO_LARGE']);

    const ok = await raw(stack.url, { body: JSON.stringify([op, op]), headers });
    expect(ok.status).toBe(200);
    const answers = JSON.parse(ok.text) as { data: { findCustomers: unknown[] } }[];
    expect(answers).toHaveLength(2);
    expect(answers[0]!.data.findCustomers.length).toBeGreaterThan(0);
  });

  it('refuses introspection to non-admins with INTROSPECTION_DISABLED; admins may introspect', async () => {
    for (const query of ['{ __schema { queryType { name } } }', '{ __type(name: "Customer") { fields { name } } }']) {
      const refused = await gql(stack.url, query, {}, as(stack, 'agent'));
      expect(refused.status).toBe(400);
      expect(codesOf(refused.body)).toEqual(['INTROSPECTION_DISABLED']);
    }
    const admin = await gql<{ __schema: { queryType: { name: string } } }>(
      stack.url,
      '{ __schema { queryType { name } } }',
      {},
      as(stack, 'admin'),
    );
    expect(admin.status).toBe(200);
    expect(admin.body.data!.__schema.queryType.name).toBe('Query');
  });

  it('hides "did you mean" suggestions from non-admins; admins get them', async () => {
    const typo = '{ findCustomer(phone: "1") { id } }';
    const agent = await gql(stack.url, typo, {}, as(stack, 'agent'));
    expect(agent.status).toBe(400);
    expect(agent.body.errors![0]!.message).toMatch(/Cannot query field "findCustomer"/);
    expect(JSON.stringify(agent.body)).not.toMatch(/Did you mean/);

    const admin = await gql(stack.url, typo, {}, as(stack, 'admin'));
    expect(admin.body.errors![0]!.message).toMatch(/Did you mean "findCustomers"/);
  });

  it('refuses CSRF-able simple requests (text/plain POST, plain GET); JSON POST and preflighted GET pass', async () => {
    const body = JSON.stringify({ query: '{ __typename }' });
    const simplePost = await raw(stack.url, { body, headers: { 'content-type': 'text/plain', ...as(stack, 'agent') } });
    expect(simplePost.status).toBe(400);
    expect(simplePost.text).toMatch(/Cross-Site Request Forgery|CSRF/i);

    const get = `${stack.url}?query=${encodeURIComponent('{ __typename }')}`;
    const simpleGet = await raw(get, { method: 'GET', headers: as(stack, 'agent') });
    expect(simpleGet.status).toBe(400);
    expect(simpleGet.text).toMatch(/CSRF/i);

    const json = await raw(stack.url, { body, headers: { 'content-type': 'application/json', ...as(stack, 'agent') } });
    expect(json.status).toBe(200);
    const preflighted = await raw(get, { method: 'GET', headers: { 'apollo-require-preflight': 'true', ...as(stack, 'agent') } });
    expect(preflighted.status).toBe(200);
    expect(preflighted.json().data).toEqual({ __typename: 'Query' });
  });
});
