import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Stack } from '../../gateway/src/stack.ts';
import { getDataset, type Dataset } from '../../legacy/dataset/src/index.ts';
import { staffToken } from '../security/authFixtures.ts';
import { gql, startTestStack } from '../helpers/stack.ts';
import { findNamesakes, findPosOnly, findShowcase, type Showcase } from '../helpers/personas.ts';

/** The query docs/customer-360.md documents, read from the file the doc includes. */
const CUSTOMER_360 = readFileSync(new URL('../../docs/customer-360.graphql', import.meta.url), 'utf8');

interface Identity {
  system: string;
  externalId: string;
  matchedBy: string;
  confidence: number;
  evidence: { kind: string; value: string; systems: string[] }[];
}
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Any = any;

let stack: Stack;
let ds: Dataset;
let agent: Record<string, string>;
let showcase: Showcase;

const run = async (query: string, variables: Record<string, unknown> = {}) => {
  const res = await gql<Any>(stack.url, query, variables, agent);
  expect(res.status).toBe(200);
  return res.body;
};

const idByEmail = async (email: string): Promise<string> => {
  const body = await run('query($e: String!) { findCustomers(email: $e) { id } }', { e: email });
  expect(body.data.findCustomers).toHaveLength(1);
  return body.data.findCustomers[0].id as string;
};

beforeAll(async () => {
  stack = await startTestStack();
  ds = getDataset({});
  showcase = findShowcase(ds);
  agent = await staffToken({ role: 'agent', sub: 'agent-7' });
}, 120_000);

afterAll(async () => {
  await stack?.close();
});

describe('unified identity', () => {
  it("a person's records in three systems are one customer, with the evidence for each", async () => {
    const body = await run(
      `query($e: String!) { findCustomers(email: $e) { id identities { system externalId matchedBy confidence evidence { kind value systems } } } }`,
      { e: showcase.erp.email },
    );
    expect(body.errors).toBeUndefined();
    const [customer] = body.data.findCustomers;
    const identities = customer.identities as Identity[];
    expect(new Set(identities.map((i) => `${i.system}:${i.externalId}`))).toEqual(
      new Set([
        `ERP:${showcase.erp.businessPartner}`,
        ...showcase.posIds.map((id) => `POS:${id}`),
        ...showcase.marketplaceEmails.map((e) => `MARKETPLACE:${e}`),
      ]),
    );
    for (const identity of identities) {
      expect(identity.evidence.length).toBeGreaterThan(0);
      expect(identity.confidence).toBeGreaterThanOrEqual(0.9);
      for (const e of identity.evidence) {
        expect(e.systems).toContain(identity.system);
        expect(e.systems.length).toBeGreaterThanOrEqual(2);
      }
    }
    const marketplace = identities.find((i) => i.system === 'MARKETPLACE')!;
    expect(marketplace.evidence).toContainEqual({
      kind: 'EMAIL',
      value: marketplace.externalId,
      systems: expect.arrayContaining(['MARKETPLACE']),
    });
  });

  it('two people sharing a name stay apart, ranked by postcode', async () => {
    const [a, b] = findNamesakes(ds);
    const name = `${a.firstName} ${a.lastName}`;
    const body = await run(
      `query($n: String!, $p: String) { customerCandidates(name: $n, postcode: $p, first: 20) { score postcodeMatch nameSimilarity customer { id identities { system externalId } } } }`,
      { n: name, p: b.address.postcode },
    );
    expect(body.errors).toBeUndefined();
    const candidates = body.data.customerCandidates as Any[];
    const holding = (bp: string) =>
      candidates.findIndex((c) => c.customer.identities.some((i: Identity) => i.system === 'ERP' && i.externalId === bp));
    const ia = holding(a.businessPartner);
    const ib = holding(b.businessPartner);
    expect(ia).toBeGreaterThanOrEqual(0);
    expect(ib).toBeGreaterThanOrEqual(0);
    expect(ia).not.toBe(ib);
    expect(ib).toBeLessThan(ia);
    expect(candidates[ib]).toMatchObject({ postcodeMatch: true, nameSimilarity: 1, score: 1 });
    // findCustomers(name, postcode) answers the same people, in the same order.
    const found = await run(`query($n: String!, $p: String) { findCustomers(name: $n, postcode: $p, first: 20) { id } }`, {
      n: name,
      p: b.address.postcode,
    });
    expect(found.data.findCustomers.map((c: Any) => c.id)).toEqual(candidates.map((c) => c.customer.id));
  });

  it('a manual link and unlink round-trip and are audited', async () => {
    const [owner] = findNamesakes(ds);
    const stranger = findPosOnly(ds, new Set([owner.personId]));
    const ownerId = await idByEmail(owner.email);
    const link = await run(
      `mutation($c: ID!, $x: String!) { linkCustomerRecords(customerId: $c, system: POS, externalId: $x, reason: "same person, confirmed by phone call") {
        customer { id identities { system externalId matchedBy confidence evidence { kind systems } } }
        change { action system externalId actor reason customerId }
      } }`,
      { c: ownerId, x: stranger.id },
    );
    expect(link.errors).toBeUndefined();
    const linked = link.data.linkCustomerRecords;
    expect(linked.change).toEqual({
      action: 'LINK',
      system: 'POS',
      externalId: stranger.id,
      actor: 'agent-7',
      reason: 'same person, confirmed by phone call',
      customerId: ownerId,
    });
    expect(linked.customer.identities).toContainEqual({
      system: 'POS',
      externalId: stranger.id,
      matchedBy: 'MANUAL',
      confidence: 1,
      evidence: [{ kind: 'MANUAL', systems: ['ERP', 'POS'] }],
    });

    // The link persists: a fresh read of the customer, and of the stranger's own record, show it.
    const strangerRecordId = (
      await run(`query($p: String!) { findCustomers(phone: $p) { id identities { system externalId } } }`, { p: stranger.phoneNumber })
    ).data.findCustomers[0];
    expect(strangerRecordId.identities).toContainEqual({ system: 'ERP', externalId: owner.businessPartner });

    const unlink = await run(
      `mutation($c: ID!, $x: String!) { unlinkCustomerRecords(customerId: $c, system: POS, externalId: $x, reason: "wrong person after all") {
        customer { id identities { system externalId } identityChanges { action system externalId actor reason } }
        change { action }
      } }`,
      { c: linked.customer.id, x: stranger.id },
    );
    expect(unlink.errors).toBeUndefined();
    const after = unlink.data.unlinkCustomerRecords.customer;
    expect(after.id).toBe(ownerId);
    expect(after.identities).not.toContainEqual({ system: 'POS', externalId: stranger.id });
    expect(after.identityChanges.map((c: Any) => `${c.action} ${c.system}:${c.externalId} by ${c.actor}: ${c.reason}`)).toEqual([
      `UNLINK POS:${stranger.id} by agent-7: wrong person after all`,
      `LINK POS:${stranger.id} by agent-7: same person, confirmed by phone call`,
    ]);
    const alone = await run(`query($p: String!) { findCustomers(phone: $p) { identities { system externalId } } }`, {
      p: stranger.phoneNumber,
    });
    expect(alone.data.findCustomers[0].identities).toEqual([{ system: 'POS', externalId: stranger.id }]);
  });

  it('refuses to link a record no system holds', async () => {
    const ownerId = await idByEmail(findNamesakes(ds)[0].email);
    const res = await run(
      `mutation($c: ID!) { linkCustomerRecords(customerId: $c, system: POS, externalId: "NOPE", reason: "x") { change { id } } }`,
      { c: ownerId },
    );
    expect(res.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });
});

describe('points', () => {
  const REDEEM = `mutation($c: ID!, $p: Int!, $k: String!) { redeemPoints(customerId: $c, points: $p, idempotencyKey: $k) {
    ok replayed error { code } entry { id points reason } membership { points }
  } }`;

  it('redeem with the same key twice redeems once; a balance too low is a typed refusal', async () => {
    const member = ds.erp.customers.find((c) => c.points >= 1_000 && c.personId !== showcase.erp.personId && c.email.includes('@'))!;
    const id = await idByEmail(member.email);
    const before = (await run('query($id: ID!) { customer(id: $id) { membership { points } } }', { id })).data.customer.membership
      .points as number;

    const first = (await run(REDEEM, { c: id, p: 300, k: 'redeem-key-0001' })).data.redeemPoints;
    const second = (await run(REDEEM, { c: id, p: 300, k: 'redeem-key-0001' })).data.redeemPoints;
    expect(first).toMatchObject({
      ok: true,
      replayed: false,
      error: null,
      entry: { points: -300, reason: 'REDEMPTION' },
      membership: { points: before - 300 },
    });
    expect(second).toMatchObject({ ok: true, replayed: true, entry: first.entry });
    const now = (await run('query($id: ID!) { customer(id: $id) { membership { points history(first: 5) { points reason } } } }', { id }))
      .data.customer.membership;
    expect(now.points).toBe(before - 300);
    expect(now.history.filter((h: Any) => h.reason === 'REDEMPTION' && h.points === -300)).toHaveLength(1);

    const tooMuch = (await run(REDEEM, { c: id, p: before + 1, k: 'redeem-key-0002' })).data.redeemPoints;
    expect(tooMuch).toMatchObject({ ok: false, error: { code: 'INSUFFICIENT_POINTS' }, entry: null, membership: { points: before - 300 } });

    const reused = await run(REDEEM, { c: id, p: 5, k: 'redeem-key-0001' });
    expect(reused.errors?.[0]?.extensions?.code).toBe('IDEMPOTENCY_KEY_REUSED');

    const adjust = await run(
      `mutation($c: ID!) { adjustPoints(customerId: $c, points: 50, idempotencyKey: "adjust-key-0001", reason: "goodwill") { ok membership { points } } }`,
      { c: id },
    );
    expect(adjust.data.adjustPoints).toEqual({ ok: true, membership: { points: before - 250 } });
  });
});

describe('the documented customer-360 query', () => {
  it('returns every section for a seeded customer who has them, in one request', async () => {
    const id = await idByEmail(showcase.erp.email);
    const body = await run(CUSTOMER_360, { id });
    expect(body.errors).toBeUndefined();
    const c = body.data.customer;
    expect(c.name.length).toBeGreaterThan(0);
    expect(c.emails.length).toBeGreaterThan(0);
    expect(new Set(c.identities.map((i: Identity) => i.system))).toEqual(new Set(['ERP', 'POS', 'MARKETPLACE']));
    expect(c.identities.every((i: Identity) => i.evidence.length > 0)).toBe(true);

    const points = showcase.erp.points;
    expect(c.membership).toMatchObject({ tier: showcase.erp.tier, points });
    expect(c.membership.history.length).toBeGreaterThan(0);
    const gifts = c.cards.filter((k: Any) => k.kind === 'GIFT');
    expect(gifts.length).toBeGreaterThan(0);
    expect(gifts[0].balance).toMatchObject({ currency: 'CNY' });
    expect(c.cards.find((k: Any) => k.kind === 'MEMBER').maskedNumber).toMatch(/^\*+\d{4}$/);
    expect(JSON.stringify(c.cards)).not.toContain(showcase.erp.cards[0]!.number);

    expect(c.cart.items.length).toBeGreaterThan(0);
    expect(c.cart.items[0].product.name.length).toBeGreaterThan(0);
    expect(typeof c.cart.abandoned).toBe('boolean');
    expect(c.wishlist.items.length).toBeGreaterThan(0);
    expect(c.serviceCases.length).toBeGreaterThan(0);
    expect(c.serviceCases[0]).toMatchObject({ kind: expect.stringMatching(/^[A-Z_]+$/), status: expect.stringMatching(/^[A-Z_]+$/) });

    expect(c.orders.totalCount).toBeGreaterThan(0);
    expect(new Set(c.orders.nodes.map((o: Any) => o.sourceSystem))).toEqual(new Set(['ERP', 'POS', 'MARKETPLACE']));
    expect(c.orders.nodes.some((o: Any) => o.lines?.length > 0)).toBe(true);
    expect(c.orders.nodes.some((o: Any) => o.payments?.length > 0)).toBe(true);
  });
});

describe('one system down costs only its sections', () => {
  const SECTIONS = `query($id: ID!) { customer(id: $id) { id membership { points } cards { kind balance { amount } } cart { ageDays } serviceCases { id } } }`;

  it('with the POS down, cards still show and only gift balances are missing, naming POS', async () => {
    const id = await idByEmail(showcase.erp.email);
    const pos = stack.simulators.pos!;
    pos.faults.set({ outage: 'refuse' });
    try {
      const body = await run(SECTIONS, { id });
      const c = body.data.customer;
      expect(c.membership.points).toBeGreaterThan(0);
      expect(c.cards.find((k: Any) => k.kind === 'GIFT').balance).toBeNull();
      expect(c.cards.some((k: Any) => k.kind === 'MEMBER')).toBe(true);
      expect(body.errors?.some((e: Any) => e.extensions?.system === 'POS')).toBe(true);
    } finally {
      pos.faults.clear();
    }
  });

  it('with the ERP down, the ERP sections are null with an error naming ERP', async () => {
    const id = await idByEmail(showcase.erp.email);
    const erp = stack.simulators.erp!;
    erp.faults.set({ outage: 'refuse' });
    try {
      const body = await run(SECTIONS, { id });
      const c = body.data.customer;
      expect(c.id).toBe(id);
      expect(c.membership).toBeNull();
      expect(c.cart).toBeNull();
      expect(c.serviceCases).toBeNull();
      const erpErrors = (body.errors ?? []).filter((e: Any) => e.extensions?.system === 'ERP');
      expect(erpErrors.map((e: Any) => e.path.at(-1))).toEqual(expect.arrayContaining(['membership', 'cart', 'serviceCases']));
    } finally {
      erp.faults.clear();
    }
  });
});
