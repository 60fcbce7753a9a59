import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodeId } from '../../adapters/core/src/index.ts';
import {
  getDataset,
  recordsOfPerson,
  type Dataset,
  type PersonRecords,
  type Shipment,
  type TrackingStatus,
} from '../../legacy/dataset/src/index.ts';
import { gql, startTestStack, type TestStack } from '../helpers/stack.ts';
import { runPersisted } from '../security/authFixtures.ts';

/**
 * Order.shipments and shipment(trackingNumber) end to end: every channel's order finds its parcels
 * through the carrier (reference tracking), in the one tracking vocabulary, with events and ETA;
 * one carrier call per order at most, none again within the TTL; with the carrier down only the
 * shipments are missing, with an error naming CARRIER.
 */
const SCALE = 0.02;

const ORDERS = /* GraphQL */ `
  query ($phone: String!) {
    findCustomers(phone: $phone) {
      id
      orders(first: 40) {
        totalCount
        nodes {
          id
          number
          sourceSystem
          sourceId
          status
          shipments {
            id
            carrier
            trackingNumber
            status
            sourceStatus
            estimatedDelivery
            events {
              at
              status
              location
              description
            }
          }
        }
      }
    }
  }
`;
const SHIPMENT = /* GraphQL */ `
  query ($n: String!) {
    shipment(trackingNumber: $n) {
      trackingNumber
      status
      estimatedDelivery
      events {
        at
        status
        description
      }
    }
  }
`;

interface ShipmentAnswer {
  id: string;
  carrier: string;
  trackingNumber: string;
  status: TrackingStatus;
  sourceStatus: string;
  estimatedDelivery: string | null;
  events: { at: string; status: TrackingStatus; location: string; description: string }[];
}
interface OrdersAnswer {
  findCustomers: {
    id: string;
    orders: {
      totalCount: number;
      nodes: { id: string; number: string; sourceSystem: string; sourceId: string; shipments: ShipmentAnswer[] | null }[];
    };
  }[];
}

/** The person whose orders' parcels cover the most tracking states (no one in the seeded world has all eight). */
function personWithMostStates(dataset: Dataset): { person: PersonRecords; states: Set<TrackingStatus> } {
  const byOrder = shipmentsByOrder(dataset);
  let best: { person: PersonRecords; states: Set<TrackingStatus> } | undefined;
  for (const p of dataset.people) {
    const r = recordsOfPerson(dataset, p.personId)!;
    const states = new Set(orderKeys(r).flatMap((k) => (byOrder.get(k) ?? []).map((s) => s.status)));
    if (!best || states.size > best.states.size) best = { person: r, states };
  }
  return best!;
}

function shipmentsByOrder(dataset: Dataset): Map<string, Shipment[]> {
  const out = new Map<string, Shipment[]>();
  for (const s of dataset.carrier.shipments)
    out.set(`${s.orderSystem}/${s.orderId}`, [...(out.get(`${s.orderSystem}/${s.orderId}`) ?? []), s]);
  return out;
}

const orderKeys = (r: PersonRecords) => [
  ...r.erpOrders.map((o) => `ERP/${o.salesOrder}`),
  ...r.posReceipts.map((o) => `POS/${o.id}`),
  ...r.marketplaceOrders.map((o) => `MARKETPLACE/${o.amazonOrderId}`),
];

const carrierCalls = (stack: TestStack) => stack.simulators.carrier!.totalCalls();

describe('shipments and tracking, end to end', () => {
  let stack: TestStack;
  let dataset: Dataset;
  let chosen: { person: PersonRecords; states: Set<TrackingStatus> };
  let byOrder: Map<string, Shipment[]>;

  beforeAll(async () => {
    dataset = getDataset({ scale: SCALE });
    byOrder = shipmentsByOrder(dataset);
    chosen = personWithMostStates(dataset);
    stack = await startTestStack({ scale: SCALE });
  }, 60_000);
  afterAll(async () => {
    await stack?.close();
  });

  it("Order.shipments: every order's parcels, as the carrier tracks them, in the one vocabulary", async () => {
    stack.simulators.carrier!.resetStats();
    const res = await gql<OrdersAnswer>(stack.url, ORDERS, { phone: chosen.person.person.phone }, stack.credentials.agent);
    expect(res.body.errors).toBeUndefined();
    const nodes = res.body.data!.findCustomers[0]!.orders.nodes;
    expect(nodes.length).toBeGreaterThan(0);
    const seen = new Set<TrackingStatus>();
    for (const node of nodes) {
      const want = (byOrder.get(`${node.sourceSystem}/${node.sourceId}`) ?? []).map((s) => s.trackingNumber).sort();
      expect(node.shipments, node.number).not.toBeNull();
      expect(node.shipments!.map((s) => s.trackingNumber).sort(), node.number).toEqual(want);
      for (const s of node.shipments!) {
        const source = dataset.carrier.shipments.find((x) => x.trackingNumber === s.trackingNumber)!;
        seen.add(s.status);
        expect(s.status).toBe(source.status);
        expect(s.id).toBe(encodeId('shp', 'UPS', s.trackingNumber));
        expect(s.carrier).toBe('UPS');
        expect(s.events.map((e) => e.status)).toEqual(source.events.map((e) => e.status));
        expect(s.events.map((e) => e.at)).toEqual(source.events.map((e) => e.at));
        const promised = source.status === 'DELIVERED' || source.status === 'RETURN_TO_SENDER' ? null : (source.estimatedDelivery ?? null);
        expect(s.estimatedDelivery).toBe(promised);
      }
    }
    for (const node of nodes) expect(node.id).toBe(encodeId('ord', node.sourceSystem, node.sourceId));
    // One reference-tracking call per order (plus the OAuth token), never one per parcel as well.
    const referenceCalls = [...stack.simulators.carrier!.counts]
      .filter(([k]) => k.includes('/track/v1/reference/'))
      .reduce((n, [, v]) => n + v, 0);
    expect(referenceCalls).toBe(nodes.length);
    expect(carrierCalls(stack)).toBeLessThanOrEqual(nodes.length + 1);

    // Within the TTL: the carrier is not asked again.
    stack.simulators.carrier!.resetStats();
    const again = await gql<OrdersAnswer>(stack.url, ORDERS, { phone: chosen.person.person.phone }, stack.credentials.agent);
    expect(again.body.data).toEqual(res.body.data);
    expect(carrierCalls(stack)).toBe(0);
  });

  it('Order.shipments of every order of the seeded customer with the most tracking states (five of eight)', async () => {
    // Only orders with parcels, in requests of at most 20 (the gateway's alias limit).
    const keys = orderKeys(chosen.person).filter((k) => byOrder.has(k));
    const fields = 'id sourceSystem sourceId shipments { trackingNumber status estimatedDelivery events { at status } }';
    const seen = new Set<TrackingStatus>();
    for (let from = 0; from < keys.length; from += 20) {
      const chunk = keys.slice(from, from + 20);
      const aliases = chunk.map(
        (k, i) => `o${i}: order(id: "${encodeId('ord', k.split('/')[0]!, k.slice(k.indexOf('/') + 1))}") { ${fields} }`,
      );
      const res = await gql<Record<string, { shipments: ShipmentAnswer[] | null }>>(
        stack.url,
        `query { ${aliases.join('\n')} }`,
        {},
        stack.credentials.agent,
      );
      expect(res.body.errors).toBeUndefined();
      chunk.forEach((key, i) => {
        const got = res.body.data![`o${i}`]!.shipments!;
        const want = byOrder
          .get(key)!
          .map((s) => [s.trackingNumber, s.status])
          .sort();
        expect(got.map((s) => [s.trackingNumber, s.status]).sort(), key).toEqual(want);
        for (const s of got) seen.add(s.status);
      });
    }
    expect(seen).toEqual(chosen.states);
    expect(seen.size).toBeGreaterThanOrEqual(5);
  });

  it('shipment(trackingNumber): each of the eight tracking states of the seeded world, with events and ETA', async () => {
    const states: TrackingStatus[] = [
      'PRE_TRANSIT',
      'IN_TRANSIT',
      'OUT_FOR_DELIVERY',
      'DELIVERED',
      'AVAILABLE_FOR_PICKUP',
      'RETURN_TO_SENDER',
      'FAILURE',
      'CANCELLED',
    ];
    for (const status of states) {
      const source = dataset.carrier.shipments.find((s) => s.status === status)!;
      const res = await gql<{ shipment: Omit<ShipmentAnswer, 'id'> | null }>(
        stack.url,
        SHIPMENT,
        { n: source.trackingNumber.toLowerCase() },
        stack.credentials.agent,
      );
      expect(res.body.errors, status).toBeUndefined();
      const got = res.body.data!.shipment!;
      expect(got.trackingNumber).toBe(source.trackingNumber);
      expect(got.status).toBe(status);
      expect(got.events.map((e) => [e.at, e.status, e.description])).toEqual(source.events.map((e) => [e.at, e.status, e.description]));
    }
    const unknown = await gql<{ shipment: null }>(stack.url, SHIPMENT, { n: '1Z999999999999999X' }, stack.credentials.agent);
    expect(unknown.body).toEqual({ data: { shipment: null } });
  });

  it("a marketplace buyer's orders are listed once per query, though identity search and orders both need them", async () => {
    const buyer = dataset.people
      .map((p) => recordsOfPerson(dataset, p.personId)!)
      .find((r) => r.marketplaceOrders.some((o) => !/@marketplace\./i.test(o.buyerEmail)) && r.erpCustomer?.email);
    expect(buyer).toBeDefined();
    const marketplace = stack.simulators.marketplace!;
    marketplace.resetStats();
    const res = await gql<OrdersAnswer>(stack.url, ORDERS, { phone: buyer!.person.phone }, stack.credentials.agent);
    expect(res.body.errors).toBeUndefined();
    expect(res.body.data!.findCustomers[0]!.orders.nodes.some((n) => n.sourceSystem === 'MARKETPLACE')).toBe(true);
    expect(marketplace.counts.get('GET /orders/v0/orders')).toBe(1);
  });
  it('chatbot "where is my order": status and ETA of each parcel, nothing else of it', async () => {
    const [key, parcels] = [...byOrder].find(
      ([k, list]) => k.startsWith('ERP/') && list.some((p) => p.estimatedDelivery && p.status === 'IN_TRANSIT'),
    )!;
    const id = encodeId('ord', 'ERP', key.slice('ERP/'.length));
    const res = await runPersisted<{ order: { shipments: Record<string, unknown>[] } }>(
      stack.url,
      'WhereIsMyOrder',
      { id },
      stack.credentials.chatbot,
    );
    expect(res.body.errors).toBeUndefined();
    const got = res.body.data!.order.shipments;
    expect(got.map((s) => Object.keys(s).sort())).toEqual(parcels.map(() => ['estimatedDelivery', 'status', 'trackingNumber']));
    const transit = parcels.find((p) => p.status === 'IN_TRANSIT' && p.estimatedDelivery)!;
    expect(got).toContainEqual({
      trackingNumber: transit.trackingNumber,
      status: 'IN_TRANSIT',
      estimatedDelivery: transit.estimatedDelivery,
    });
    // Only persisted operations for a chatbot: asking for the scans (with places) is refused.
    const free = await gql(
      stack.url,
      `query { shipment(trackingNumber: "${transit.trackingNumber}") { events { location } } }`,
      {},
      stack.credentials.chatbot,
    );
    expect(free.body.data ?? null).toBeNull();
  });

  it('carrier down: shipments null with an error naming CARRIER on each order; every other field answers', async () => {
    const other = dataset.people
      .map((p) => recordsOfPerson(dataset, p.personId)!)
      .find((r) => r.person.personId !== chosen.person.person.personId && orderKeys(r).some((k) => byOrder.has(k)) && r.erpCustomer)!;
    const carrier = stack.simulators.carrier!;
    carrier.faults.set({ outage: 'refuse' });
    try {
      const res = await gql<OrdersAnswer>(stack.url, ORDERS, { phone: other.person.phone }, stack.credentials.agent);
      const nodes = res.body.data!.findCustomers[0]!.orders.nodes;
      expect(nodes.length).toBeGreaterThan(0);
      expect(nodes.every((n) => n.shipments === null && n.number && n.sourceId)).toBe(true);
      const errors = res.body.errors ?? [];
      expect(errors.length).toBe(nodes.length);
      for (const e of errors) {
        expect(e.extensions).toMatchObject({ system: 'CARRIER', subgraph: 'fulfilment' });
        expect(['UPSTREAM_UNAVAILABLE', 'CIRCUIT_OPEN']).toContain(e.extensions!.code);
        expect(e.message).toContain('CARRIER');
        expect(e.path?.at(-1)).toBe('shipments');
      }
    } finally {
      carrier.faults.clear();
    }
  });
});
