import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getDataset, type StockPosition } from '../../legacy/dataset/src/index.ts';
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
const SCALE = 0.05;

interface QuoteData {
  orderQuote: {
    today: string;
    lines: { line: number; sku: string; promisedDate: string | null; fromLocationId: string | null; note: string | null }[];
    consolidation: { possible: boolean; shipmentsWithout: number };
  };
}
interface PlaceData {
  placeOrder: {
    __typename: string;
    replayed?: boolean;
    order?: {
      id: string;
      number: string;
      status: string;
      holds: { reason: string; level: string }[];
      totals: { grandTotal: { amount: string; currency: string } };
      balanceDue: { amount: string };
    };
  };
}
interface Line {
  lineId: string;
  sku: string;
  quantity: number;
  deliveryMethod: string;
  pickupLocation?: string | null;
  serviceLevel: string | null;
  promisedDate: string | null;
}
interface ModifyData {
  modifyOrder: { __typename: string; order?: { status: string; lines: Line[] }; code?: string };
}
interface CancelData {
  cancelOrder: { __typename: string; replayed?: boolean; order?: { id: string; status: string }; code?: string };
}
interface StatusData {
  order: {
    id: string;
    number: string;
    channel: string;
    status: string;
    sourceStatus: string;
    holds: { reason: string }[];
    balanceDue: { amount: string } | null;
    payments: { method: string; amount: { amount: string }; cardLast4: string | null }[] | null;
    lines: Line[];
  } | null;
}

describe('agent flow part 2 (docs/agent-flow.md): quote → place order → status → change → cancel, over the gateway', () => {
  let stack: TestStack;
  let headers: Record<string, string>;
  const ops = docOperations();
  const dataset = getDataset({ scale: SCALE });
  const materials = new Set(dataset.products.map((p) => p.sku));
  const dcCodes = new Set(dataset.locations.filter((l) => l.kind === 'DC').map((l) => l.code));
  const storeCodes = new Set(dataset.locations.filter((l) => l.kind === 'STORE').map((l) => l.code));
  const shipFrom = dataset.wms.stock.find((p) => materials.has(p.sku) && dcCodes.has(p.locationCode) && base(p) >= 10)!;
  const pickupAt = dataset.wms.stock.find(
    (p) => materials.has(p.sku) && p.sku !== shipFrom.sku && storeCodes.has(p.locationCode) && base(p) >= 3,
  )!;
  const customer = dataset.erp.customers.find((c) => c.phone)!;

  beforeAll(async () => {
    stack = await startTestStack({ scale: SCALE });
    headers = stack.credentials.agent;
  }, 180_000);
  afterAll(async () => {
    await stack?.close();
  });

  it('has the operations of part 2 after those of part 1', () => {
    expect([...ops.keys()].slice(6)).toEqual(['QuoteOrder', 'PlaceOrder', 'OrderStatus', 'ModifyOrder', 'CancelOrder', 'CustomerPayments']);
  });

  it('quotes, places the order once, and reads its status', async () => {
    const found = await gql<{ findCustomers: { id: string; identities: { system: string; externalId: string }[] }[] }>(
      stack.url,
      ops.get('FindCustomer')!,
      { phone: customer.phone },
      headers,
    );
    expect(found.body.errors).toBeUndefined();
    const person = found.body.data!.findCustomers.find((c) =>
      c.identities.some((i) => i.system === 'ERP' && i.externalId === customer.businessPartner),
    )!;
    expect(person).toBeDefined();

    const pickupId = await locationId(pickupAt.locationCode);
    const quote = await gql<QuoteData>(
      stack.url,
      ops.get('QuoteOrder')!,
      {
        input: {
          lines: [
            { sku: shipFrom.sku, quantity: 2, deliveryMethod: 'SHIP', serviceLevel: 'STANDARD' },
            { sku: pickupAt.sku, quantity: 1, deliveryMethod: 'PICKUP', pickupLocationId: pickupId },
          ],
        },
      },
      headers,
    );
    expect(quote.body.errors).toBeUndefined();
    const q = quote.body.data!.orderQuote;
    expect(q.today).toBe('2026-11-01');
    expect(q.lines.every((l) => l.promisedDate !== null && l.fromLocationId !== null)).toBe(true);
    // The pickup store has the unit today: ready at once.
    expect(q.lines[1]).toMatchObject({ promisedDate: q.today, fromLocationId: pickupId });

    const input = {
      customerId: person.id,
      lines: q.lines.map((l, i) => ({
        sku: l.sku,
        quantity: i === 0 ? 2 : 1,
        deliveryMethod: i === 0 ? 'SHIP' : 'PICKUP',
        locationId: l.fromLocationId,
        promisedDate: l.promisedDate,
        serviceLevel: 'STANDARD',
      })),
      contact: { name: `${customer.firstName} ${customer.lastName}`, phone: customer.phone },
      shippingAddress: { ...customer.address },
      payment: { method: 'CARD', card: { brand: 'VISA', token: 'tok_visa_flow', last4: '4242' } },
    };
    const key = `order-${crypto.randomUUID()}`;
    const placed = await gql<PlaceData>(stack.url, ops.get('PlaceOrder')!, { input, key }, headers);
    expect(placed.body.errors).toBeUndefined();
    const result = placed.body.data!.placeOrder;
    // Complete address and contact, card authorised for the whole order: the audit holds nothing.
    expect(result).toMatchObject({
      __typename: 'OrderPlaced',
      replayed: false,
      order: { status: 'PENDING', holds: [], balanceDue: { amount: '0.00' } },
    });
    const again = await gql<PlaceData>(stack.url, ops.get('PlaceOrder')!, { input, key }, headers);
    expect(again.body.data!.placeOrder).toMatchObject({ __typename: 'OrderPlaced', replayed: true, order: { id: result.order!.id } });

    const status = await gql<StatusData>(stack.url, ops.get('OrderStatus')!, { id: result.order!.id }, headers);
    expect(status.body.errors).toBeUndefined();
    const order = status.body.data!.order!;
    expect(order).toMatchObject({
      id: result.order!.id,
      channel: 'CALL_CENTRE',
      status: 'PENDING',
      holds: [],
      balanceDue: { amount: '0.00' },
    });
    expect(order.payments).toEqual(
      [{ method: 'CARD', amount: result.order!.totals.grandTotal, cardLast4: '4242' }].map((p) => ({
        ...p,
        amount: { amount: p.amount.amount },
      })),
    );
    // The mixed order reads back per line: one shipped, one picked up at its store.
    expect(order.lines.map((l) => [l.sku, l.quantity, l.deliveryMethod, l.pickupLocation ?? null, l.promisedDate])).toEqual([
      [shipFrom.sku, 2, 'SHIP', null, q.lines[0]!.promisedDate],
      [pickupAt.sku, 1, 'PICKUP', pickupAt.locationCode, q.lines[1]!.promisedDate],
    ]);

    // The payment shows among the customer's payments across channels, newest first.
    const paid = await gql<{
      customer: { payments: { orderNumber: string; sourceSystem: string; at: string; cardLast4: string | null }[] };
    }>(stack.url, ops.get('CustomerPayments')!, { id: person.id }, headers);
    expect(paid.body.errors).toBeUndefined();
    const payments = paid.body.data!.customer.payments;
    expect(payments[0]).toMatchObject({ orderNumber: order.number, sourceSystem: 'ERP', cardLast4: '4242' });
    expect(payments.map((p) => p.at)).toEqual(
      payments
        .map((p) => p.at)
        .sort()
        .reverse(),
    );

    // The holds are the WMS's answer too.
    expect(await reservedAt(pickupAt.sku, pickupId)).toBe(pickupAt.reserved + 1);

    // The customer wants the pickup line delivered: re-quoted, its hold moved off the store.
    const pickupLine = order.lines[1]!;
    const networkBefore = await reservedInNetwork(pickupAt.sku);
    const modified = await gql<ModifyData>(
      stack.url,
      ops.get('ModifyOrder')!,
      {
        id: order.id,
        changes: { lines: [{ lineId: pickupLine.lineId, deliveryMethod: 'SHIP', serviceLevel: 'EXPRESS' }] },
        key: `mod-${key}`,
      },
      headers,
    );
    expect(modified.body.errors).toBeUndefined();
    expect(modified.body.data!.modifyOrder.__typename).toBe('OrderChanged');
    const moved = modified.body.data!.modifyOrder.order!.lines[1]!;
    expect(moved).toMatchObject({ lineId: pickupLine.lineId, deliveryMethod: 'SHIP', serviceLevel: 'EXPRESS' });
    expect(moved.promisedDate).not.toBe(pickupLine.promisedDate);
    expect(await reservedAt(pickupAt.sku, pickupId)).toBe(pickupAt.reserved);
    // Moved, not lost nor doubled: the unit is held at the site the line now ships from.
    expect(await reservedInNetwork(pickupAt.sku)).toBe(networkBefore);

    // Cancelled: the ERP rejects the lines, the WMS gives the units back; the same key answers once.
    // The SHIP line is held where the quote sourced it.
    const shipId = q.lines[0]!.fromLocationId!;
    const shipHeld = await reservedAt(shipFrom.sku, shipId);
    expect(shipHeld).toBeGreaterThanOrEqual(2);
    const cancelKey = `cancel-${key}`;
    const cancelled = await gql<CancelData>(stack.url, ops.get('CancelOrder')!, { id: order.id, key: cancelKey }, headers);
    expect(cancelled.body.data!.cancelOrder).toMatchObject({ __typename: 'OrderChanged', replayed: false, order: { status: 'CANCELLED' } });
    const repeated = await gql<CancelData>(stack.url, ops.get('CancelOrder')!, { id: order.id, key: cancelKey }, headers);
    expect(repeated.body.data!.cancelOrder).toMatchObject({ __typename: 'OrderChanged', replayed: true, order: { status: 'CANCELLED' } });
    expect(await reservedAt(shipFrom.sku, shipId)).toBe(shipHeld! - 2);
  });

  it('answers not enough stock typed, and refuses callers without order:write', async () => {
    const input = {
      customerId: (await gql<{ findCustomers: { id: string }[] }>(stack.url, ops.get('FindCustomer')!, { phone: customer.phone }, headers))
        .body.data!.findCustomers[0]!.id,
      lines: [{ sku: shipFrom.sku, quantity: 10_000, deliveryMethod: 'SHIP', locationId: await locationId(shipFrom.locationCode) }],
    };
    const short = await gql<{ placeOrder: { __typename: string; requested?: number } }>(
      stack.url,
      ops.get('PlaceOrder')!,
      { input, key: `k-${crypto.randomUUID()}` },
      headers,
    );
    expect(short.body.data?.placeOrder).toMatchObject({ __typename: 'OrderInsufficientStock', requested: 10_000 });
    const chatbot = await gql(stack.url, ops.get('PlaceOrder')!, { input, key: `k-${crypto.randomUUID()}` }, stack.credentials.chatbot);
    expect(chatbot.body.data?.placeOrder ?? null).toBeNull();
    expect(chatbot.body.errors?.length).toBeGreaterThan(0);
  });

  async function reservedAt(sku: string, loc: string): Promise<number | undefined> {
    const res = await gql<{ product: { availability: { reserved: number }[] } }>(
      stack.url,
      'query($sku: ID!, $loc: [ID!]) { product(sku: $sku) { availability(locationIds: $loc) { reserved } } }',
      { sku, loc: [loc] },
      headers,
    );
    return res.body.data?.product.availability[0]?.reserved;
  }

  async function reservedInNetwork(sku: string): Promise<number> {
    const res = await gql<{ product: { availability: { reserved: number }[] } }>(
      stack.url,
      'query($sku: ID!) { product(sku: $sku) { availability { reserved } } }',
      { sku },
      headers,
    );
    return res.body.data!.product.availability.reduce((sum, a) => sum + a.reserved, 0);
  }

  /** Location ids as the graph gives them (storesNear), never built by the client. */
  async function locationId(code: string): Promise<string> {
    const site = dataset.locations.find((l) => l.code === code)!;
    const res = await gql<{ storesNear: { location: { id: string; name: string } }[] }>(
      stack.url,
      'query($lat: Float!, $lon: Float!) { storesNear(latitude: $lat, longitude: $lon, radiusKm: 1) { location { id name } } }',
      { lat: site.latitude, lon: site.longitude },
      headers,
    );
    const match = res.body.data?.storesNear.find((s) => s.location.name === site.name);
    if (match) return match.location.id;
    // storesNear lists stores only; a DC's id comes from availability.
    const avail = await gql<{ product: { availability: { location: { id: string; name: string } }[] } }>(
      stack.url,
      'query($sku: ID!) { product(sku: $sku) { availability { location { id name } } } }',
      { sku: shipFrom.sku },
      headers,
    );
    return avail.body.data!.product.availability.find((a) => a.location.name === site.name)!.location.id;
  }
});
