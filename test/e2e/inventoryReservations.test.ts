import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WmsAdapter } from '../../adapters/wms/src/index.ts';
import { WMS_DEFAULT_CREDENTIALS } from '../../legacy/wms/src/index.ts';
import { locationId } from '../../subgraphs/inventory/src/index.ts';
import { inventoryFixture } from './inventory/fixture.ts';
import { AGENT, startHarness, type Harness } from './inventory/harness.ts';

const RESERVE = /* GraphQL */ `
  mutation ($sku: ID!, $loc: ID!, $q: Int!, $ttl: Int, $key: String!) {
    reserveInventory(sku: $sku, locationId: $loc, quantity: $q, ttlMinutes: $ttl, idempotencyKey: $key) {
      __typename
      ... on Reservation {
        id
        number
        sku
        quantity
        status
        expiresAt
        replayed
        location {
          code
        }
      }
      ... on InsufficientStock {
        sku
        requested
        available
        location {
          code
        }
      }
    }
  }
`;
const STOCK = /* GraphQL */ `
  query ($sku: String!, $ids: [ID!]) {
    _entities(representations: [{ __typename: "Product", sku: $sku }]) {
      ... on Product {
        availability(locationIds: $ids) {
          onHand
          reserved
          inboundByDate
          atp
          inbound {
            reference
          }
        }
      }
    }
  }
`;
type Reserve = {
  reserveInventory: {
    __typename: string;
    id?: string;
    number?: string;
    status?: string;
    replayed?: boolean;
    available?: number;
    requested?: number;
  };
};
type Stock = { _entities: { availability: { onHand: number; reserved: number; atp: number; inbound: { reference: string }[] }[] }[] };

let h: Harness;
let wms: WmsAdapter;
const ctx = () => ({ requestId: 'test', deadline: Date.now() + 5000 });
beforeAll(async () => {
  h = await startHarness(inventoryFixture());
  wms = new WmsAdapter({ baseUrl: h.wmsUrl, username: WMS_DEFAULT_CREDENTIALS.username, password: WMS_DEFAULT_CREDENTIALS.password });
});
afterAll(async () => {
  await h.close();
});

const stockAt = async (sku: string, code: string) =>
  (await h.run<Stock>(STOCK, { sku, ids: [locationId(code)] })).data!._entities[0]!.availability[0]!;

describe('reserveInventory', () => {
  it('50 concurrent requests for the last 10 units: exactly 10 held, 40 typed InsufficientStock, WMS shows 10 reserved', async () => {
    const loc = locationId('ST003');
    const results = await Promise.all(
      Array.from({ length: 50 }, (_, i) => h.run<Reserve>(RESERVE, { sku: 'SKU-LAST-10', loc, q: 1, ttl: 60, key: `last-10-${i}` })),
    );
    expect(results.flatMap((r) => r.errors ?? [])).toEqual([]);
    const kinds = results.map((r) => r.data!.reserveInventory.__typename);
    expect(kinds.filter((k) => k === 'Reservation')).toHaveLength(10);
    expect(kinds.filter((k) => k === 'InsufficientStock')).toHaveLength(40);
    const refused = results.map((r) => r.data!.reserveInventory).find((r) => r.__typename === 'InsufficientStock');
    expect(refused).toMatchObject({ requested: 1, available: 0 });
    // The WMS itself, not the graph's cache.
    const [positions] = await wms.getStock(ctx(), [{ sku: 'SKU-LAST-10', locationCode: 'ST003' }]);
    expect(positions?.[0]).toMatchObject({ onHand: 14, reserved: 10 });
    const holds = await wms.getReservations(ctx(), { skus: ['SKU-LAST-10'], status: 'HELD' });
    expect(holds).toHaveLength(10);
    expect(await stockAt('SKU-LAST-10', 'ST003')).toMatchObject({ reserved: 10, atp: 0 });
  });

  it('answers a repeated idempotency key with the first reservation, and refuses the key for another request', async () => {
    const vars = { sku: 'SKU-ATP-1', loc: locationId('DC01'), q: 5, ttl: 30, key: 'phone-call-42' };
    const first = (await h.run<Reserve>(RESERVE, vars)).data!.reserveInventory;
    const again = (await h.run<Reserve>(RESERVE, vars)).data!.reserveInventory;
    expect(first).toMatchObject({ __typename: 'Reservation', status: 'HELD', replayed: false });
    expect(again).toMatchObject({ id: first.id, number: first.number, replayed: true });
    expect(
      (await wms.getReservations(ctx(), { skus: ['SKU-ATP-1'], locationCodes: ['DC01'] })).filter((r) => r.status === 'HELD'),
    ).toHaveLength(1);
    const other = await h.run<Reserve>(RESERVE, { ...vars, q: 6 });
    expect(other.errors?.[0]?.extensions?.code).toBe('IDEMPOTENCY_KEY_REUSED');
  });

  it('the WMS itself dedupes a retried create that carries the key', async () => {
    const input = { sku: 'SKU-ATP-1', locationCode: 'DC01', quantity: 1, ttlMinutes: 5, idempotencyKey: 'adapter-retry-1' };
    const a = await wms.createReservation(ctx(), input);
    const b = await wms.createReservation(ctx(), input);
    expect(a.outcome === 'HELD' && b.outcome === 'HELD' && b.reservation.id === a.reservation.id && b.replayed).toBe(true);
  });

  it('releases a hold (repeatably) and gives its units back; an unknown id is a typed result', async () => {
    const before = await stockAt('SKU-ATP-1', 'ST001');
    const held = (await h.run<Reserve>(RESERVE, { sku: 'SKU-ATP-1', loc: locationId('ST001'), q: 2, ttl: 30, key: 'release-me' })).data!
      .reserveInventory;
    expect((await stockAt('SKU-ATP-1', 'ST001')).reserved).toBe(before.reserved + 2);
    const RELEASE = `mutation ($id: ID!) { releaseReservation(id: $id) { __typename ... on Reservation { status } ... on ReservationNotFound { id } } }`;
    const released = await h.run<{ releaseReservation: { status: string } }>(RELEASE, { id: held.id });
    expect(released.data!.releaseReservation).toEqual({ __typename: 'Reservation', status: 'RELEASED' });
    expect((await h.run<{ releaseReservation: { status: string } }>(RELEASE, { id: held.id })).data!.releaseReservation.status).toBe(
      'RELEASED',
    );
    expect(await stockAt('SKU-ATP-1', 'ST001')).toMatchObject({ reserved: before.reserved, atp: before.atp });
    const unknown = await h.run<{ releaseReservation: unknown }>(RELEASE, { id: 'rsv_V01TOlI5OTk5OTk5OTk' });
    expect(unknown.data!.releaseReservation).toEqual({ __typename: 'ReservationNotFound', id: 'rsv_V01TOlI5OTk5OTk5OTk' });
  });

  it('a hold expires by its TTL in the WMS and stops counting as reserved', async () => {
    const before = await stockAt('SKU-COUNT', 'ST004');
    const held = (await h.run<Reserve>(RESERVE, { sku: 'SKU-COUNT', loc: locationId('ST004'), q: 4, ttl: 10, key: 'expire-me' })).data!
      .reserveInventory;
    expect(held.status).toBe('HELD');
    expect((await stockAt('SKU-COUNT', 'ST004')).reserved).toBe(before.reserved + 4);
    h.clock.now += 11 * 60_000;
    const holds = await wms.getReservations(ctx(), { skus: ['SKU-COUNT'] });
    expect(holds.find((r) => r.id === held.number)?.status).toBe('EXPIRED');
    // The graph's stock cache is 15 s; the WMS answer is what matters here.
    const [positions] = await wms.getStock(ctx(), [{ sku: 'SKU-COUNT', locationCode: 'ST004' }]);
    expect(positions?.[0]?.reserved).toBe(before.reserved);
  });

  it('refuses bad arguments and a store associate of another store', async () => {
    const bad = await h.run(RESERVE, { sku: 'SKU-ATP-1', loc: locationId('ST001'), q: 1, ttl: 0, key: 'bad-ttl' });
    expect(bad.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    const other = await h.run(
      RESERVE,
      { sku: 'SKU-ATP-1', loc: locationId('ST001'), q: 1, ttl: 5, key: 'other-store' },
      {
        ...AGENT,
        role: 'store',
        store: 'ST002',
      },
    );
    expect(other.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });
});

describe('reserve on the phone, buy in store', () => {
  it('the till sale consumes the hold: CONSUMED, on hand and reserved both drop; a second sale is refused', async () => {
    const held = (await h.run<Reserve>(RESERVE, { sku: 'SKU-ATP-1', loc: locationId('ST001'), q: 1, ttl: 120, key: 'pickup-in-store-1' }))
      .data!.reserveInventory;
    const [[before]] = (await wms.getStock(ctx(), [{ sku: 'SKU-ATP-1', locationCode: 'ST001' }])) as unknown as [
      [{ onHand: number; reserved: number }],
    ];
    const consumed = await wms.consumeReservation(ctx(), held.number!, 'ST001-20261101-0042');
    expect(consumed).toMatchObject({ status: 'CONSUMED', consumedBy: 'ST001-20261101-0042' });
    // The same sale reported twice (a till retry) changes nothing more.
    expect(await wms.consumeReservation(ctx(), held.number!, 'ST001-20261101-0042')).toMatchObject({ status: 'CONSUMED' });
    const [[after]] = (await wms.getStock(ctx(), [{ sku: 'SKU-ATP-1', locationCode: 'ST001' }])) as unknown as [
      [{ onHand: number; reserved: number }],
    ];
    expect(after).toMatchObject({ onHand: before.onHand - 1, reserved: before.reserved - 1 });
    await expect(wms.consumeReservation(ctx(), held.number!, 'ST001-20261101-0043')).rejects.toMatchObject({ code: 'UPSTREAM_REJECTED' });
    expect(await wms.consumeReservation(ctx(), 'R999999999', 'ST001-20261101-0044')).toBeNull();
  });
});

describe('consumeReservation: the till sale takes the hold through the graph', () => {
  const CONSUME = /* GraphQL */ `
    mutation ($id: ID!, $receipt: String!) {
      consumeReservation(id: $id, receiptNumber: $receipt) {
        __typename
        ... on Reservation {
          status
          consumedBy
          replayed
        }
        ... on SaleDoesNotMatch {
          reason
          reservation {
            status
          }
        }
      }
    }
  `;
  type Consume = { consumeReservation: { __typename: string; status?: string; consumedBy?: string; replayed?: boolean; reason?: string } };
  const hold = async (q: number, key: string) =>
    (await h.run<Reserve>(RESERVE, { sku: 'SKU-ATP-1', loc: locationId('ST001'), q, ttl: 120, key })).data!.reserveInventory;
  const consume = async (id: string, receipt: string) => (await h.run<Consume>(CONSUME, { id, receipt })).data!.consumeReservation;

  it('checks the receipt in the POS: unknown receipt, another store, too few units are typed refusals that change nothing', async () => {
    const one = await hold(1, 'till-check-1');
    expect(await consume(one.id!, 'ST001-20261101-9999')).toMatchObject({ __typename: 'SaleDoesNotMatch', reason: 'RECEIPT_NOT_FOUND' });
    expect(await consume(one.id!, 'ST002-20261101-0101')).toMatchObject({ __typename: 'SaleDoesNotMatch', reason: 'OTHER_STORE' });
    const two = await hold(2, 'till-check-2');
    expect(await consume(two.id!, 'ST001-20261101-0101')).toMatchObject({ __typename: 'SaleDoesNotMatch', reason: 'QUANTITY_SHORT' });
    const [held] = await wms
      .getReservations(ctx(), { skus: ['SKU-ATP-1'], status: 'HELD' })
      .then((all) => all.filter((r) => r.id === one.number));
    expect(held?.status).toBe('HELD');
  });

  it('a matching sale consumes the hold once; the same receipt again is answered as replayed', async () => {
    const one = await hold(1, 'till-sale-1');
    const first = await consume(one.id!, 'ST001-20261101-0101');
    expect(first).toMatchObject({ __typename: 'Reservation', status: 'CONSUMED', consumedBy: 'ST001-20261101-0101', replayed: false });
    expect(await consume(one.id!, 'ST001-20261101-0101')).toMatchObject({ __typename: 'Reservation', status: 'CONSUMED', replayed: true });
    const other = await hold(1, 'till-sale-2');
    await wms.releaseReservation(ctx(), other.number!);
    expect(await consume(other.id!, 'ST001-20261101-0101')).toMatchObject({ __typename: 'SaleDoesNotMatch', reason: 'NOT_HELD' });
  });
});

describe('stock accuracy', () => {
  const COUNT = /* GraphQL */ `
    mutation ($loc: ID!, $sku: ID!, $n: Int!) {
      recordCycleCount(locationId: $loc, sku: $sku, countedQuantity: $n) {
        previousOnHand
        variance
        countedQuantity
        availability {
          onHand
          atp
        }
      }
    }
  `;
  const RECEIVE = /* GraphQL */ `
    mutation ($loc: ID!, $ref: String!, $lines: [ReceiveLineInput!]!) {
      receiveStock(locationId: $loc, reference: $ref, lines: $lines) {
        __typename
        ... on StockReceipt {
          reference
          receivedOn
          hasDiscrepancies
          lines {
            sku
            expected
            received
            discrepancy
          }
        }
        ... on UnknownInboundReference {
          reference
        }
      }
    }
  `;

  it('a cycle count sets on hand and the graph answers it at once (no stale cache)', async () => {
    const before = await stockAt('SKU-COUNT', 'ST004'); // cached now
    const res = await h.run<{ recordCycleCount: Record<string, unknown> }>(COUNT, { loc: locationId('ST004'), sku: 'SKU-COUNT', n: 5 });
    expect(res.errors).toBeUndefined();
    expect(res.data!.recordCycleCount).toEqual({
      previousOnHand: before.onHand,
      variance: 5 - before.onHand,
      countedQuantity: 5,
      // 5 counted − 0 reserved (the earlier hold expired) − 1 safety stock
      availability: { onHand: 5, atp: 4 },
    });
    expect(await stockAt('SKU-COUNT', 'ST004')).toMatchObject({ onHand: 5, reserved: 0, atp: 4 });
  });

  it('receiving against a PO books what came, reports discrepancies, and closes the inbound', async () => {
    const before = await stockAt('SKU-COUNT', 'ST004');
    expect(before.inbound.map((i) => i.reference)).toEqual(['PO-4500000077']);
    const res = await h.run<{ receiveStock: Record<string, unknown> }>(RECEIVE, {
      loc: locationId('ST004'),
      ref: 'PO-4500000077',
      lines: [
        { sku: 'SKU-COUNT', quantity: 10 },
        { sku: 'SKU-LAST-10', quantity: 2 },
      ],
    });
    expect(res.errors).toBeUndefined();
    expect(res.data!.receiveStock).toEqual({
      __typename: 'StockReceipt',
      reference: 'PO-4500000077',
      receivedOn: '2026-11-01',
      hasDiscrepancies: true,
      lines: [
        { sku: 'SKU-COUNT', expected: 12, received: 10, discrepancy: -2 },
        { sku: 'SKU-LAST-10', expected: 0, received: 2, discrepancy: 2 },
      ],
    });
    expect(await stockAt('SKU-COUNT', 'ST004')).toMatchObject({ onHand: before.onHand + 10, inbound: [] });
    const again = await h.run<{ receiveStock: Record<string, unknown> }>(RECEIVE, {
      loc: locationId('ST004'),
      ref: 'PO-4500000077',
      lines: [{ sku: 'SKU-COUNT', quantity: 1 }],
    });
    expect(again.data!.receiveStock).toEqual({ __typename: 'UnknownInboundReference', reference: 'PO-4500000077' });
  });
});
