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
    order?: { id: string; number: string; status: string; totals: { grandTotal: { amount: string; currency: string } } };
  };
}
interface StatusData {
  order: {
    id: string;
    channel: string;
    status: string;
    sourceStatus: string;
    lines: { sku: string; quantity: number; deliveryMethod: string; promisedDate: string | null }[];
  } | null;
}

describe('agent flow part 2 (docs/agent-flow.md): quote → place order → status, over the gateway', () => {
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
    expect([...ops.keys()].slice(5)).toEqual(['QuoteOrder', 'PlaceOrder', 'OrderStatus']);
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
      })),
    };
    const key = `order-${crypto.randomUUID()}`;
    const placed = await gql<PlaceData>(stack.url, ops.get('PlaceOrder')!, { input, key }, headers);
    expect(placed.body.errors).toBeUndefined();
    const result = placed.body.data!.placeOrder;
    expect(result).toMatchObject({ __typename: 'OrderPlaced', replayed: false, order: { status: 'PENDING' } });
    const again = await gql<PlaceData>(stack.url, ops.get('PlaceOrder')!, { input, key }, headers);
    expect(again.body.data!.placeOrder).toMatchObject({ __typename: 'OrderPlaced', replayed: true, order: { id: result.order!.id } });

    const status = await gql<StatusData>(stack.url, ops.get('OrderStatus')!, { id: result.order!.id }, headers);
    expect(status.body.errors).toBeUndefined();
    expect(status.body.data!.order).toMatchObject({ id: result.order!.id, channel: 'CALL_CENTRE', status: 'PENDING' });
    // The ERP keeps the delivery method per order (header ShippingCondition), so a mixed order reads back as SHIP.
    expect(status.body.data!.order!.lines!.map((l) => [l.sku, l.quantity, l.promisedDate])).toEqual([
      [shipFrom.sku, 2, q.lines[0]!.promisedDate],
      [pickupAt.sku, 1, q.lines[1]!.promisedDate],
    ]);

    // The holds are the WMS's answer too.
    const held = await gql<{ product: { availability: { reserved: number }[] } }>(
      stack.url,
      'query($sku: ID!, $loc: [ID!]) { product(sku: $sku) { availability(locationIds: $loc) { reserved } } }',
      { sku: pickupAt.sku, loc: [pickupId] },
      headers,
    );
    expect(held.body.data?.product.availability[0]?.reserved).toBe(pickupAt.reserved + 1);
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
