/**
 * Sourcing and store fulfilment over the whole stack (issue 7): an order placed with placeOrder is
 * sourced, worked by the store through pickup and handed over with the customer's code (one ERP
 * posting, order COMPLETED); a rejection re-sources the order elsewhere; a marketplace order is
 * shipped and confirmed to the marketplace.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCallContext, encodeId } from '../../adapters/core/src/index.ts';
import { ErpFulfilmentWriter } from '../../adapters/erp/src/index.ts';
import { getDataset, type StockPosition } from '../../legacy/dataset/src/index.ts';
import { gql, startTestStack, type TestStack } from '../helpers/stack.ts';

const SCALE = 0.05;
const dataset = getDataset({ scale: SCALE });
const free = (p: StockPosition) => p.onHand - p.reserved - p.allocated - p.safetyStock;
const locationId = (code: string) => encodeId('loc', 'WMS', code);
const BILLING_POSTS = 'POST /sap/opu/odata/sap/API_BILLING_DOCUMENT_SRV/A_BillingDocument';

/** The operations of docs/fulfilment.md, by name: the doc is what this test runs. */
function docOperations(): Map<string, string> {
  const doc = readFileSync(new URL('../../docs/fulfilment.md', import.meta.url), 'utf8');
  const ops = new Map<string, string>();
  for (const [, body] of doc.matchAll(/```graphql\n([\s\S]*?)```/g)) {
    const name = /^(?:query|mutation)\s+(\w+)/m.exec(body!)?.[1];
    if (name) ops.set(name, body!);
  }
  return ops;
}
const ops = docOperations();
const op = (name: string): string => {
  const body = ops.get(name);
  if (!body) throw new Error(`docs/fulfilment.md has no operation ${name}`);
  return body;
};

type Ful = { id: string; kind: string; method: string; status: string; locationCode: string; trackingNumber?: string | null };
type ActionResult = {
  __typename: string;
  changed?: boolean;
  fulfilment: Ful;
  salePosting?: { document: string; reference: string } | null;
  message?: string;
};
type ActionData = Record<string, ActionResult>;
/** The one mutation's result. */
const only = (data: ActionData): ActionResult => Object.values(data)[0]!;
type SourceData = {
  sourceOrder: { __typename: string; created: Ful[]; fulfilments: Ful[]; plan: { explanation: string }; rejections?: number };
};
type OrderData = {
  order: {
    status: string;
    fulfilmentStatus: string;
    fulfilments: Ful[];
    salePosting: { document: string; reference: string } | null;
    notifications: { kind: string; channel: string; recipient: string; message: string; status: string }[];
  };
};

describe('fulfilment over the gateway', () => {
  let stack: TestStack;
  let agent: Record<string, string>;
  let store: Record<string, string>;
  const customer = dataset.erp.customers.find((c) => c.email && c.phone)!;

  beforeAll(async () => {
    stack = await startTestStack({ scale: SCALE });
    agent = stack.credentials.agent;
    store = stack.credentials.store;
  }, 180_000);
  afterAll(async () => {
    await stack?.close();
  });

  async function call<T>(query: string, variables: Record<string, unknown>, headers = agent): Promise<T> {
    const res = await gql<T>(stack.url, query, variables, headers);
    expect(res.body.errors, JSON.stringify(res.body.errors)).toBeUndefined();
    return res.body.data!;
  }

  async function customerId(): Promise<string> {
    const found = await call<{ findCustomers: { id: string; identities: { system: string; externalId: string }[] }[] }>(
      `query($phone: String) { findCustomers(phone: $phone) { id identities { system externalId } } }`,
      { phone: customer.phone },
    );
    return found.findCustomers.find((c) => c.identities.some((i) => i.system === 'ERP' && i.externalId === customer.businessPartner))!.id;
  }

  async function placeOrder(line: { sku: string; deliveryMethod: 'SHIP' | 'PICKUP'; locationCode: string }): Promise<string> {
    const placed = await call<{ placeOrder: { __typename: string; order?: { id: string } } }>(
      `mutation($input: PlaceOrderInput!, $key: String!) { placeOrder(input: $input, idempotencyKey: $key) { __typename ... on OrderPlaced { order { id } } } }`,
      {
        key: `ful-${crypto.randomUUID()}`,
        input: {
          customerId: await customerId(),
          lines: [{ sku: line.sku, quantity: 1, deliveryMethod: line.deliveryMethod, locationId: locationId(line.locationCode) }],
          contact: { name: 'Test Buyer', email: customer.email, phone: customer.phone },
          shippingAddress: {
            name: 'Test Buyer',
            line1: '1 Nanjing Road',
            postcode: '200001',
            city: 'Shanghai',
            district: 'Huangpu',
            country: 'CN',
          },
          payment:
            line.deliveryMethod === 'PICKUP'
              ? { method: 'PAY_ON_PICKUP' }
              : { method: 'CARD', card: { brand: 'VISA', token: 'tok_visa_fulfilment', last4: '4242' } },
        },
      },
    );
    expect(placed.placeOrder.__typename).toBe('OrderPlaced');
    return placed.placeOrder.order!.id;
  }

  it('takes a pickup order through accept → pick → ready (notification) → handover, posting the sale once', async () => {
    const position = dataset.wms.stock.find(
      (p) => p.locationCode === 'ST001' && free(p) >= 3 && dataset.products.some((x) => x.sku === p.sku && !x.dropShip),
    )!;
    const orderId = await placeOrder({ sku: position.sku, deliveryMethod: 'PICKUP', locationCode: 'ST001' });

    const plan = await call<{ sourcingPlan: { allocations: { locationCode: string }[]; explanation: string } }>(op('SourcingPlan'), {
      orderId,
    });
    expect(plan.sourcingPlan.allocations.map((a) => a.locationCode)).toEqual(['ST001']);
    const sourced = await call<SourceData>(op('SourceOrder'), { orderId });
    expect(sourced.sourceOrder.__typename).toBe('OrderSourced');
    expect(sourced.sourceOrder.created).toMatchObject([{ kind: 'STORE_PICK', method: 'PICKUP', status: 'CREATED', locationCode: 'ST001' }]);
    expect(sourced.sourceOrder.plan.explanation).toMatch(/^Chose ST001 \(store/);
    const again = await call<SourceData>(op('SourceOrder'), { orderId });
    expect(again.sourceOrder).toMatchObject({
      __typename: 'OrderAlreadySourced',
      fulfilments: [{ id: sourced.sourceOrder.created[0]!.id }],
    });
    const id = sourced.sourceOrder.created[0]!.id;
    const queue = await call<{ fulfilmentQueue: { id: string }[] }>(op('StoreQueue'), { locationId: locationId('ST001') }, store);
    expect(queue.fulfilmentQueue.map((f) => f.id)).toContain(id);

    expect(only(await call<ActionData>(op('AcceptFulfilment'), { id }, store))).toMatchObject({
      __typename: 'FulfilmentUpdated',
      changed: true,
      fulfilment: { status: 'ACCEPTED' },
    });
    expect(only(await call<ActionData>(op('MarkReadyForPickup'), { id }, store)).__typename).toBe('InvalidFulfilmentTransition');
    expect(only(await call<ActionData>(op('MarkPicked'), { id }, store)).fulfilment.status).toBe('PICKED');
    expect(only(await call<ActionData>(op('MarkReadyForPickup'), { id }, store)).fulfilment.status).toBe('READY_FOR_PICKUP');

    const ready = await call<OrderData>(op('OrderFulfilment'), { id: orderId });
    expect(ready.order.fulfilmentStatus).toBe('READY_FOR_PICKUP');
    expect(ready.order.notifications).toHaveLength(1);
    expect(ready.order.notifications[0]).toMatchObject({ kind: 'PICKUP_READY', status: 'SENT', recipient: customer.email });
    const code = /pickup code (\d{6})/.exec(ready.order.notifications[0]!.message)![1]!;
    const wrong = code === '000000' ? '111111' : '000000';

    const refused = only(await call<ActionData>(op('ConfirmHandover'), { id, code: wrong }, store));
    expect(refused.__typename).toBe('WrongPickupCode');
    expect((await call<OrderData>(op('OrderFulfilment'), { id: orderId })).order.fulfilments[0]!.status).toBe('READY_FOR_PICKUP');
    expect(stack.simulators.erp!.counts.get(BILLING_POSTS) ?? 0).toBe(0);

    const handed = only(await call<ActionData>(op('ConfirmHandover'), { id, code }, store));
    expect(handed).toMatchObject({ __typename: 'FulfilmentUpdated', changed: true, fulfilment: { status: 'HANDED_OVER' } });
    expect(handed.salePosting?.reference).toMatch(/^ORD-ERP-/);
    const repeat = only(await call<ActionData>(op('ConfirmHandover'), { id, code }, store));
    expect(repeat).toMatchObject({ __typename: 'FulfilmentUpdated', changed: false });

    const done = await call<OrderData>(op('OrderFulfilment'), { id: orderId });
    expect(done.order).toMatchObject({
      status: 'COMPLETED',
      fulfilmentStatus: 'COMPLETED',
      salePosting: { document: handed.salePosting!.document },
    });
    const postings = await new ErpFulfilmentWriter(stack.systems!.erp).salePostings(createCallContext(), [handed.salePosting!.reference]);
    expect(postings).toHaveLength(1);
    expect(stack.simulators.erp!.counts.get(BILLING_POSTS)).toBe(1);
  });

  it('re-sources a rejected fulfilment to another location, keeps stores to their own work, and holds the order after 3 rejections', async () => {
    const sku = dataset.products.find(
      (p) => !p.dropShip && dataset.wms.stock.filter((s) => s.sku === p.sku && free(s) >= 3).length >= 4,
    )!.sku;
    const held = dataset.wms.stock.find((p) => p.sku === sku && free(p) >= 3)!;
    const orderId = await placeOrder({ sku, deliveryMethod: 'SHIP', locationCode: held.locationCode });
    const first = (await call<SourceData>(op('SourceOrder'), { orderId })).sourceOrder.created[0]!;

    if (first.locationCode !== 'ST001') {
      const foreign = await gql(stack.url, op('AcceptFulfilment'), { id: first.id }, store);
      expect(foreign.body.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    }
    type Rejected = { rejectFulfilment: { __typename: string; rejected: Ful; created: Ful[]; rejections?: number } };
    const rejected = await call<Rejected>(op('RejectFulfilment'), { id: first.id, reason: 'OUT_OF_STOCK' });
    expect(rejected.rejectFulfilment.__typename).toBe('FulfilmentResourced');
    expect(rejected.rejectFulfilment.rejected).toMatchObject({ id: first.id, status: 'REJECTED' });
    expect(rejected.rejectFulfilment.created).toHaveLength(1);
    const second = rejected.rejectFulfilment.created[0]!;
    expect(second.locationCode).not.toBe(first.locationCode);
    const plan = await call<{ sourcingPlan: { candidates: { locationCode: string; reasons: string[] }[] } }>(op('SourcingPlan'), {
      orderId,
    });
    expect(plan.sourcingPlan.candidates.find((c) => c.locationCode === first.locationCode)!.reasons).toContain(
      'rejected this order before',
    );
    const order = await call<OrderData>(op('OrderFulfilment'), { id: orderId });
    expect(order.order.fulfilments.map((f) => f.status)).toEqual(['REJECTED', 'CREATED']);
    expect(order.order.fulfilmentStatus).toBe('IN_PROGRESS');

    const third = (await call<Rejected>(op('RejectFulfilment'), { id: second.id, reason: 'NO_CAPACITY' })).rejectFulfilment.created[0]!;
    expect([first.locationCode, second.locationCode]).not.toContain(third.locationCode);
    const onHold = await call<Rejected>(op('RejectFulfilment'), { id: third.id, reason: 'DAMAGED' });
    expect(onHold.rejectFulfilment).toMatchObject({ __typename: 'OrderOnHold', rejections: 3 });
    expect((await call<OrderData>(op('OrderFulfilment'), { id: orderId })).order.fulfilmentStatus).toBe('ON_HOLD');
    expect((await call<SourceData>(op('SourceOrder'), { orderId })).sourceOrder.__typename).toBe('OrderOnHold');
  });

  it('sources and ships a marketplace order, and confirms the shipment to the marketplace', async () => {
    const mp = dataset.marketplace.orders.find(
      (o) =>
        o.orderStatus === 'Unshipped' &&
        !/relay|marketplace\./i.test(o.buyerEmail) &&
        o.items.every((i) => dataset.wms.stock.some((s) => s.sku === i.sellerSku && free(s) >= i.quantityOrdered + 2)),
    )!;
    expect(mp).toBeDefined();
    const orderId = encodeId('ord', 'MARKETPLACE', mp.amazonOrderId);
    const sourced = await call<SourceData>(op('SourceOrder'), { orderId });
    expect(sourced.sourceOrder.__typename).toBe('OrderSourced');
    for (const f of sourced.sourceOrder.created) {
      for (const step of ['AcceptFulfilment', 'MarkPicked', 'MarkPacked']) await call<ActionData>(op(step), { id: f.id });
      const shipped = only(await call<ActionData>(op('ShipFulfilment'), { id: f.id }));
      expect(shipped).toMatchObject({ __typename: 'FulfilmentUpdated', fulfilment: { status: 'SHIPPED' } });
      expect(shipped.fulfilment.trackingNumber).toMatch(/^1Z/);
    }
    const [after] = await stack.systems!.marketplace.getOrders(createCallContext(), [mp.amazonOrderId]);
    expect(after?.sourceStatus).toBe('Shipped');
    const confirmations = stack.simulators.marketplace!.recent.filter(
      (r) => r.method === 'POST' && r.path.includes(`${mp.amazonOrderId}/shipmentConfirmation`),
    );
    expect(confirmations.length).toBe(sourced.sourceOrder.created.length);
    const order = await call<OrderData>(op('OrderFulfilment'), { id: orderId });
    expect(order.order.fulfilmentStatus).toBe('SHIPPED');
    expect(order.order.salePosting?.reference).toBe(`ORD-MARKETPLACE-${mp.amazonOrderId}`);
  });

  it('sends a drop-ship product to its supplier as an ERP purchase order', async () => {
    const product = dataset.products.find((p) => p.dropShip && dataset.wms.stock.some((s) => s.sku === p.sku && free(s) >= 3))!;
    const supplier = dataset.wms.stock.find((s) => s.sku === product.sku && free(s) >= 3)!.locationCode;
    const orderId = await placeOrder({ sku: product.sku, deliveryMethod: 'SHIP', locationCode: supplier });
    const sourced = await call<SourceData>(op('SourceOrder'), { orderId });
    expect(sourced.sourceOrder.created).toMatchObject([{ kind: 'DROP_SHIP', method: 'SHIP', status: 'CREATED', locationCode: supplier }]);
    expect(stack.simulators.erp!.counts.get('POST /sap/opu/odata/sap/API_PURCHASEORDER_PROCESS_SRV/A_PurchaseOrder')).toBe(1);
    expect((await call<SourceData>(op('SourceOrder'), { orderId })).sourceOrder.__typename).toBe('OrderAlreadySourced');
    const order = await call<OrderData>(op('OrderFulfilment'), { id: orderId });
    expect(order.order.fulfilments.map((f) => [f.kind, f.locationCode])).toEqual([['DROP_SHIP', supplier]]);
  });

  it('reports KPIs from the WMS records of the work above', async () => {
    // Two cycle counts at ST001: one finds the book quantity, one does not.
    const counted = dataset.wms.stock.filter((p) => p.locationCode === 'ST001').slice(-2);
    const wms = stack.systems!.wms;
    const [exact, off] = await wms.getStock(
      createCallContext(),
      counted.map((p) => ({ sku: p.sku, locationCode: 'ST001' })),
    );
    await wms.recordCycleCount(createCallContext(), { sku: counted[0]!.sku, locationCode: 'ST001', countedQuantity: exact![0]!.onHand });
    await wms.recordCycleCount(createCallContext(), { sku: counted[1]!.sku, locationCode: 'ST001', countedQuantity: off![0]!.onHand + 1 });
    const atStore = await call<{ fulfilmentKpis: Record<string, number | null> }>(
      op('FulfilmentKpis'),
      { from: '2000-01-01T00:00:00Z', to: '2100-01-01T00:00:00Z', locationId: locationId('ST001') },
      stack.credentials.analyst,
    );
    // Besides the two counts above, the seeded count history of ST001 (docs/dataset.md).
    const seeded = (dataset.wms.cycleCounts ?? []).filter((c) => c.locationCode === 'ST001');
    const seededExact = seeded.filter((c) => c.countedQuantity === c.previousOnHand).length;
    expect(atStore.fulfilmentKpis.cycleCounts).toBe(seeded.length + 2);
    expect(atStore.fulfilmentKpis.stockAccuracy).toBeCloseTo((seededExact + 1) / (seeded.length + 2), 3); // the KPI is rounded to 4 places
    const kpis = await call<{ fulfilmentKpis: Record<string, number | null> }>(
      op('FulfilmentKpis'),
      { from: '2000-01-01T00:00:00Z', to: '2100-01-01T00:00:00Z' },
      stack.credentials.analyst,
    );
    expect(kpis.fulfilmentKpis.fulfilments).toBeGreaterThanOrEqual(5);
    expect(kpis.fulfilmentKpis.rejectionRate).toBeGreaterThan(0);
    expect(kpis.fulfilmentKpis.orderAccuracy).toBe(1);
    expect(kpis.fulfilmentKpis.inventoryTurnover).toBeGreaterThan(0);
    const denied = await gql(stack.url, op('FulfilmentKpis'), { from: '2000-01-01T00:00:00Z', to: '2100-01-01T00:00:00Z' }, store);
    expect(denied.body.errors?.length).toBeGreaterThan(0);
  });

  it('brings a placed order to fulfilment through the release loop, without an agent step', async () => {
    const { FulfilmentService } = await import('../../subgraphs/fulfilment/src/fulfilment/FulfilmentService.ts');
    const { NotificationOutbox } = await import('../../subgraphs/fulfilment/src/fulfilment/notifications.ts');
    const { ReleaseLoop } = await import('../../subgraphs/fulfilment/src/fulfilment/ReleaseLoop.ts');
    const { DefaultSourcingStrategy } = await import('../../subgraphs/fulfilment/src/fulfilment/sourcing/index.ts');
    const service = new FulfilmentService(
      { systems: stack.systems!, store: stack.store },
      { strategy: new DefaultSourcingStrategy(), maxRejections: 3, dueDays: 2 },
    );
    const loop = new ReleaseLoop(service, new NotificationOutbox({ store: stack.store }), {
      intervalMs: 0,
      minAgeMs: 0,
      since: new Date(Date.now() - 1000).toISOString(),
    });
    const position = dataset.wms.stock.find((p) => p.locationCode.startsWith('DC') && free(p) >= 5)!;
    const orderId = await placeOrder({ sku: position.sku, deliveryMethod: 'SHIP', locationCode: position.locationCode });
    const report = await loop.runOnce();
    expect(report.sourced).toContain(orderId);
    const order = await call<OrderData>(op('OrderFulfilment'), { id: orderId });
    expect(order.order.fulfilments).toHaveLength(1);
    expect((await call<SourceData>(op('SourceOrder'), { orderId })).sourceOrder.__typename).toBe('OrderAlreadySourced');
  });
});
