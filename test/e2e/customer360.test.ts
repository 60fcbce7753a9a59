import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { customer360Query } from '../../gateway/src/exampleQuery.ts';
import {
  findPersonWithMostOrders,
  getDataset,
  orderCountsByPerson,
  recordsOfPerson,
  type PersonRecords,
} from '../../legacy/dataset/src/index.ts';
import { gql, startTestStack, type TestStack } from '../helpers/stack.ts';

interface Customer360 {
  findCustomers: {
    id: string;
    name: string;
    identities: { system: string; externalId: string; matchedBy: string }[];
    orders: {
      totalCount: number;
      nodes: { number: string; channel: string; sourceSystem: string; status: string; sourceStatus: string; placedAt: string }[];
    };
  }[];
}

const isRelay = (email: string) => /@marketplace\./i.test(email);

/** The orders of a person that the rules can attribute to them (relay-address buyers cannot be). */
function expectedOrderCount(p: PersonRecords): number {
  const pos = p.posCustomer ? p.posReceipts.filter((r) => r.customerId === p.posCustomer!.id).length : 0;
  const marketplace = p.marketplaceOrders.filter((o) => !isRelay(o.buyerEmail)).length;
  return p.erpOrders.length + pos + marketplace;
}

/** "+8613800138000" → "138 0013 8000": how an agent types it. */
const nationalSpaced = (e164: string) => e164.replace(/^\+86(\d{3})(\d{4})(\d{4})$/, '$1 $2 $3');

describe('customer 360 by phone, end to end over HTTP', () => {
  let embedded: TestStack;
  let person: PersonRecords;
  let query: string;
  let first: Customer360;

  beforeAll(async () => {
    embedded = await startTestStack();
    person = findPersonWithMostOrders(getDataset({}));
    query = customer360Query(nationalSpaced(person.person.phone)).replace('orders(first: 10)', 'orders(first: 100)');
  }, 120_000);

  afterAll(async () => {
    await embedded?.close();
  });

  it('finds the person, their records in several systems, and every channel’s orders newest first', async () => {
    const res = await gql<Customer360>(embedded.url, query, {}, embedded.credentials.agent);
    expect(res.status).toBe(200);
    expect(res.body.errors).toBeUndefined();
    first = res.body.data!;
    expect(first.findCustomers).toHaveLength(1);
    const customer = first.findCustomers[0]!;

    const systems = new Set(customer.identities.map((i) => i.system));
    expect(systems.size).toBeGreaterThanOrEqual(2);
    const truth = new Set([
      ...(person.erpCustomer ? [`ERP:${person.erpCustomer.businessPartner}`] : []),
      ...(person.posCustomer ? [`POS:${person.posCustomer.id}`] : []),
      ...person.marketplaceOrders.filter((o) => !isRelay(o.buyerEmail)).map((o) => `MARKETPLACE:${o.buyerEmail.trim().toLowerCase()}`),
    ]);
    expect(new Set(customer.identities.map((i) => `${i.system}:${i.externalId}`))).toEqual(truth);

    const orders = customer.orders;
    expect(orders.totalCount).toBe(expectedOrderCount(person));
    expect(new Set(orders.nodes.map((o) => o.sourceSystem))).toEqual(new Set(['ERP', 'POS', 'MARKETPLACE']));
    const times = orders.nodes.map((o) => o.placedAt);
    expect([...times].sort().reverse()).toEqual(times);
    for (const o of orders.nodes) {
      expect(o.status).toMatch(/^[A-Z_]+$/);
      expect(o.sourceStatus.length).toBeGreaterThan(0);
    }
  });

  it('gives the same answer in distributed mode (each subgraph its own server)', async () => {
    const distributed = await startTestStack({ mode: 'distributed' });
    try {
      const res = await gql<Customer360>(distributed.url, query, {}, distributed.credentials.agent);
      expect(res.body.errors).toBeUndefined();
      expect(res.body.data).toEqual(first);
    } finally {
      await distributed.close();
    }
  }, 120_000);

  it('with the ERP down, POS and marketplace orders still come back with an error naming ERP', async () => {
    // Someone not asked for yet, so nothing of theirs is cached: every ERP read must fail.
    const ds = getDataset({});
    const other = [...orderCountsByPerson(ds)]
      .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
      .map(([id]) => recordsOfPerson(ds, id)!)
      .find(
        (p) =>
          p.person.personId !== person.person.personId &&
          p.posCustomer?.phoneNumber &&
          p.erpOrders.length > 0 &&
          p.posReceipts.length > 0 &&
          p.marketplaceOrders.some((o) => !isRelay(o.buyerEmail)),
      )!;
    const erp = embedded.simulators.erp!;
    erp.faults.set({ outage: 'refuse' });
    try {
      const res = await gql<Customer360>(embedded.url, customer360Query(other.person.phone), {}, embedded.credentials.agent);
      expect(res.status).toBe(200);
      const customer = res.body.data!.findCustomers[0]!;
      const sources = new Set(customer.orders.nodes.map((o) => o.sourceSystem));
      expect(sources).toEqual(new Set(['POS', 'MARKETPLACE']));
      const erpErrors = (res.body.errors ?? []).filter((e) => e.extensions?.system === 'ERP');
      expect(erpErrors.length).toBeGreaterThan(0);
      for (const e of erpErrors) {
        expect(['UPSTREAM_UNAVAILABLE', 'CIRCUIT_OPEN']).toContain(e.extensions?.code);
        expect(e.message).toMatch(/ERP/);
        expect(e.message).not.toMatch(/127\.0\.0\.1|http:/);
      }
    } finally {
      erp.faults.clear();
    }
  });
});
