import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findPersonWithMostOrders, getDataset, type StockPosition } from '../../legacy/dataset/src/index.ts';
import { gql, startTestStack, type TestStack } from '../helpers/stack.ts';

/** The operations of docs/agent-flow.md, by name: the doc is what this test runs. */
function docOperations(): Map<string, string> {
  const doc = readFileSync(new URL('../../docs/agent-flow.md', import.meta.url), 'utf8');
  const ops = new Map<string, string>();
  for (const [, body] of doc.matchAll(/```graphql\n([\s\S]*?)```/g)) {
    const name = /^(?:query|mutation)\s+(\w+)/m.exec(body!)?.[1];
    if (name) ops.set(name, body!);
  }
  return ops;
}

const base = (p: StockPosition) => p.onHand - p.reserved - p.allocated - p.safetyStock;

interface Near {
  product: { name: string; networkAvailability: { atp: number } };
  storesNear: {
    location: { id: string; name: string };
    distanceKm: number;
    price: { amount: string; currency: string } | null;
    atp: number;
    earliestDate: string | null;
    availability: { onHand: number; reserved: number; allocated: number; safetyStock: number; inbound: unknown[] };
  }[];
}
interface Reserve {
  reserveInventory: { __typename: string; id: string; number: string; status: string; replayed: boolean; quantity: number };
}

describe('agent flow (docs/agent-flow.md), end to end over the gateway', () => {
  let stack: TestStack;
  let headers: Record<string, string>;
  const ops = docOperations();
  const dataset = getDataset({});
  const store = dataset.locations.find((l) => l.code === 'ST004')!;
  // A SKU the People's Square store can promise two of today, with a store price of its own.
  const product = dataset.products.find((p) => {
    const at = dataset.wms.stock.find((s) => s.sku === p.sku && s.locationCode === 'ST004');
    return at && base(at) >= 2 && p.storePrices.ST004 !== undefined;
  })!;
  const position = dataset.wms.stock.find((s) => s.sku === product.sku && s.locationCode === 'ST004')!;

  beforeAll(async () => {
    stack = await startTestStack();
    headers = stack.credentials.agent;
  }, 120_000);
  afterAll(async () => {
    await stack?.close();
  });

  it('has the operations of part 1', () => {
    expect([...ops.keys()].slice(0, 6)).toEqual([
      'FindCustomer',
      'StockNearby',
      'ReserveForCustomer',
      'TillSale',
      'ReleaseHold',
      'ChannelAvailability',
    ]);
  });

  it('finds the customer, checks stock nearby, reserves, sees it reserved, releases', async () => {
    const person = findPersonWithMostOrders(dataset);
    const found = await gql<{ findCustomers: { id: string; name: string }[] }>(
      stack.url,
      ops.get('FindCustomer')!,
      { phone: person.person.phone },
      headers,
    );
    expect(found.body.errors).toBeUndefined();
    expect(found.body.data!.findCustomers).toHaveLength(1);
    const customer = found.body.data!.findCustomers[0]!;

    const wms = stack.simulators.wms!;
    const pos = stack.simulators.pos!;
    const before = { wms: wms.counts.get('POST /ws/WarehouseService') ?? 0, pos: pos.counts.get('POST /v2/catalog/search') ?? 0 };
    const near = await gql<Near>(
      stack.url,
      ops.get('StockNearby')!,
      { latitude: store.latitude, longitude: store.longitude, sku: product.sku, quantity: 1 },
      headers,
    );
    expect(near.body.errors).toBeUndefined();
    const stores = near.body.data!.storesNear;
    expect(stores.length).toBeGreaterThan(3);
    expect(stores[0]!.location.name).toBe(store.name);
    expect(stores[0]!.distanceKm).toBe(0);
    expect(stores[0]!.price).toEqual({ amount: product.storePrices.ST004, currency: 'CNY' });
    expect(stores[0]!.availability).toMatchObject({
      onHand: position.onHand,
      reserved: position.reserved,
      allocated: position.allocated,
      safetyStock: position.safetyStock,
    });
    const today = '2026-11-01';
    const inboundToday = position.inbound.filter((i) => i.eta <= today).reduce((n, i) => n + i.quantity, 0);
    expect(stores[0]!.atp).toBe(base(position) + inboundToday);
    expect(stores[0]!.earliestDate).toBe(today);
    expect(near.body.data!.product.name).toBe(product.name);
    // One round of batched calls for every store in range (locations, stock; store prices).
    const used = {
      wms: (wms.counts.get('POST /ws/WarehouseService') ?? 0) - before.wms,
      pos: (pos.counts.get('POST /v2/catalog/search') ?? 0) - before.pos,
    };
    expect(used.wms).toBeLessThanOrEqual(2);
    expect(used.pos).toBe(1);

    const key = `call-${crypto.randomUUID()}`;
    const vars = { sku: product.sku, locationId: stores[0]!.location.id, quantity: 2, key, reference: customer.id.slice(0, 40) };
    const held = await gql<Reserve>(stack.url, ops.get('ReserveForCustomer')!, vars, headers);
    expect(held.body.errors).toBeUndefined();
    const reservation = held.body.data!.reserveInventory;
    expect(reservation).toMatchObject({ __typename: 'Reservation', status: 'HELD', quantity: 2, replayed: false });
    const again = await gql<Reserve>(stack.url, ops.get('ReserveForCustomer')!, vars, headers);
    expect(again.body.data!.reserveInventory).toMatchObject({ id: reservation.id, replayed: true });

    // The hold shows at once: the write dropped the cached stock.
    const after = await gql<Near>(
      stack.url,
      ops.get('StockNearby')!,
      { latitude: store.latitude, longitude: store.longitude, sku: product.sku, quantity: 1 },
      headers,
    );
    expect(after.body.data!.storesNear[0]!.availability.reserved).toBe(position.reserved + 2);
    expect(after.body.data!.storesNear[0]!.atp).toBe(Math.max(0, base(position) + inboundToday - 2));

    const released = await gql<{ releaseReservation: { __typename: string; status: string } }>(
      stack.url,
      ops.get('ReleaseHold')!,
      { id: reservation.id },
      headers,
    );
    expect(released.body.data!.releaseReservation).toEqual({ __typename: 'Reservation', id: reservation.id, status: 'RELEASED' });
  });

  it('answers channel availability, and refuses callers without the inventory scope', async () => {
    const res = await gql<{ product: { networkAvailability: { byChannel: { channel: string }[] } } }>(
      stack.url,
      ops.get('ChannelAvailability')!,
      { sku: product.sku },
      headers,
    );
    expect(res.body.errors).toBeUndefined();
    expect(res.body.data!.product.networkAvailability.byChannel.map((c) => c.channel)).toEqual(['AMAZON', 'JD']);
    const anonymous = await gql(stack.url, ops.get('ChannelAvailability')!, { sku: product.sku });
    expect(anonymous.body.errors?.length).toBeGreaterThan(0);
  });
});
