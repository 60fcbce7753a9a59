import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodeId } from '../../adapters/core/src/index.ts';
import { getDataset, type StockPosition } from '../../legacy/dataset/src/index.ts';
import { gql, startTestStack, type TestStack } from '../helpers/stack.ts';

/**
 * Order audit, holds, changes, cancellation and payments over the gateway, checked against
 * the ERP (order as it reads back) and the WMS (reserved units).
 */
const SCALE = 0.05;
const base = (p: StockPosition) => p.onHand - p.reserved - p.allocated - p.safetyStock;

const ORDER = `
  id number status
  holds { reason level }
  balanceDue { amount }
  totals { grandTotal { amount } }
  payments { method amount { amount } cardLast4 }
  lines { lineId sku quantity deliveryMethod pickupLocation serviceLevel promisedDate }`;
const CHANGE = `
  __typename
  ... on OrderChanged { replayed order { ${ORDER} } }
  ... on OrderChangeRefused { code message lineIds }
  ... on OrderInsufficientStock { line sku requested available }`;

interface Order {
  id: string;
  number: string;
  status: string;
  holds: { reason: string; level: string }[];
  balanceDue: { amount: string } | null;
  totals: { grandTotal: { amount: string } };
  payments: { method: string; amount: { amount: string }; cardLast4: string | null }[] | null;
  lines: {
    lineId: string;
    sku: string;
    quantity: number;
    deliveryMethod: string;
    pickupLocation: string | null;
    promisedDate: string | null;
  }[];
}
interface Change {
  __typename: string;
  replayed?: boolean;
  order?: Order;
  code?: string;
  lineIds?: string[];
  requested?: number;
  available?: number;
}

describe('order audit, holds, changes and payments (ERP + WMS, over the gateway)', () => {
  let stack: TestStack;
  let headers: Record<string, string>;
  const dataset = getDataset({ scale: SCALE });
  const materials = new Set(dataset.products.map((p) => p.sku));
  const stores = new Set(dataset.locations.filter((l) => l.kind === 'STORE').map((l) => l.code));
  const atStore = dataset.wms.stock.filter((p) => materials.has(p.sku) && stores.has(p.locationCode) && base(p) >= 3 && base(p) < 500);
  const customer = dataset.erp.customers.find((c) => c.phone && c.address.city)!;
  const customerId = encodeId('cus', 'ERP', customer.businessPartner);
  const locId = (code: string) => encodeId('loc', 'WMS', code);
  let used = 0;
  /** A store position no other test of this file touches. */
  const position = () => atStore[used++]!;

  beforeAll(async () => {
    stack = await startTestStack({ scale: SCALE });
    headers = stack.credentials.agent;
  }, 180_000);
  afterAll(async () => {
    await stack?.close();
  });

  async function call<T>(query: string, variables: Record<string, unknown>): Promise<T> {
    const res = await gql<T>(stack.url, query, variables, headers);
    expect(res.body.errors).toBeUndefined();
    return res.body.data!;
  }
  const mutate = async (field: string, args: string, variables: Record<string, unknown>) =>
    (await call<Record<string, Change>>(`mutation(${args}) { r: ${field} { ${CHANGE} } }`, variables)).r!;
  const read = async (id: string) => (await call<{ order: Order }>(`query($id: ID!) { order(id: $id) { ${ORDER} } }`, { id })).order;
  async function reserved(sku: string, code: string): Promise<number> {
    const data = await call<{ product: { availability: { reserved: number }[] } }>(
      'query($sku: ID!, $loc: [ID!]) { product(sku: $sku) { availability(locationIds: $loc) { reserved } } }',
      { sku, loc: [locId(code)] },
    );
    return data.product.availability[0]!.reserved;
  }
  async function place(input: Record<string, unknown>): Promise<Order> {
    const data = await call<{ placeOrder: { __typename: string; order?: Order } }>(
      `mutation($input: PlaceOrderInput!, $key: String!) { placeOrder(input: $input, idempotencyKey: $key) { __typename ... on OrderPlaced { order { ${ORDER} } } } }`,
      { input: { customerId, contact: { phone: customer.phone }, ...input }, key: `k-${crypto.randomUUID()}` },
    );
    expect(data.placeOrder.__typename).toBe('OrderPlaced');
    return data.placeOrder.order!;
  }
  const pickup = (p: StockPosition, quantity = 1) => ({
    sku: p.sku,
    quantity,
    deliveryMethod: 'PICKUP',
    locationId: locId(p.locationCode),
  });
  const card = (last4: string) => ({ brand: 'VISA', token: `tok_${last4}_${crypto.randomUUID().slice(0, 8)}`, last4 });

  it('refuses a quantity raised beyond stock, typed, and changes nothing in the ERP or the WMS', async () => {
    const p = position();
    const order = await place({ lines: [pickup(p, 1)], payment: { method: 'CARD', card: card('1111') } });
    const before = await reserved(p.sku, p.locationCode);
    const lineId = order.lines[0]!.lineId;
    const result = await mutate(
      'modifyOrder(orderId: $id, changes: $changes, idempotencyKey: $key)',
      '$id: ID!, $changes: OrderChangesInput!, $key: String!',
      {
        id: order.id,
        changes: { lines: [{ lineId, quantity: base(p) + 50 }] },
        key: `m-${crypto.randomUUID()}`,
      },
    );
    expect(result).toMatchObject({ __typename: 'OrderInsufficientStock', line: 0, sku: p.sku, requested: base(p) + 50 });
    expect(await reserved(p.sku, p.locationCode)).toBe(before);
    const after = await read(order.id);
    expect(after.lines[0]).toMatchObject({ lineId, quantity: 1 });
    expect(after.totals).toEqual(order.totals);
  });

  it('shrinks a line, removes one and adds one, moving the WMS holds to match', async () => {
    const [p, q, r] = [position(), position(), position()];
    const before = await Promise.all([p, q, r].map((x) => reserved(x.sku, x.locationCode)));
    const order = await place({ lines: [pickup(p, 2), pickup(q, 1)], payment: { method: 'PAY_ON_PICKUP' } });
    const [lp, lq] = order.lines;
    const result = await mutate(
      'modifyOrder(orderId: $id, changes: $changes, idempotencyKey: $key)',
      '$id: ID!, $changes: OrderChangesInput!, $key: String!',
      {
        id: order.id,
        changes: { lines: [{ lineId: lp!.lineId, quantity: 1 }], removeLineIds: [lq!.lineId], addLines: [pickup(r, 1)] },
        key: `m-${crypto.randomUUID()}`,
      },
    );
    expect(result.__typename).toBe('OrderChanged');
    expect(result.order!.lines.map((l) => [l.sku, l.quantity, l.deliveryMethod])).toEqual([
      [p.sku, 1, 'PICKUP'],
      [r.sku, 1, 'PICKUP'],
    ]);
    const after = await Promise.all([p, q, r].map((x) => reserved(x.sku, x.locationCode)));
    expect(after).toEqual([before[0]! + 1, before[1]!, before[2]! + 1]);
  });

  it('refuses to change or cancel a line that has shipped', async () => {
    const shipped = dataset.erp.orders.find((o) => o.deliveryStatus === 'C' && o.rejectionStatus === '' && o.deliveryBlockReason === '')!;
    const id = encodeId('ord', 'ERP', shipped.salesOrder);
    const order = await read(id);
    const lineId = order.lines[0]!.lineId;
    const modify = await mutate(
      'modifyOrder(orderId: $id, changes: $changes, idempotencyKey: $key)',
      '$id: ID!, $changes: OrderChangesInput!, $key: String!',
      {
        id,
        changes: { lines: [{ lineId, quantity: order.lines[0]!.quantity + 1 }] },
        key: `m-${crypto.randomUUID()}`,
      },
    );
    expect(modify).toMatchObject({ __typename: 'OrderChangeRefused', code: 'LINE_SHIPPED', lineIds: [lineId] });
    const cancel = await mutate('cancelOrder(orderId: $id, reason: CUSTOMER_REQUEST, idempotencyKey: $key)', '$id: ID!, $key: String!', {
      id,
      key: `c-${crypto.randomUUID()}`,
    });
    expect(cancel).toMatchObject({ __typename: 'OrderChangeRefused', code: 'LINE_SHIPPED' });
    expect((await read(id)).lines[0]!.quantity).toBe(order.lines[0]!.quantity);
  });

  it('holds an order that fails the audit with a typed reason; approving releases it', async () => {
    const p = position();
    // A SHIP line with an address missing its postcode: customer service must call.
    const order = await place({
      lines: [{ sku: p.sku, quantity: 1, deliveryMethod: 'SHIP', locationId: locId(p.locationCode) }],
      shippingAddress: { line1: customer.address.line1, city: customer.address.city, country: customer.address.country },
      payment: { method: 'CARD', card: card('2222') },
    });
    expect(order.status).toBe('ON_HOLD');
    expect(order.holds).toEqual([{ reason: 'ADDRESS_INCOMPLETE', level: 'CUSTOMER_SERVICE' }]);
    const notThere = await mutate('approveOrderHold(orderId: $id, reason: FRAUD_REVIEW)', '$id: ID!', { id: order.id });
    expect(notThere).toMatchObject({ __typename: 'OrderChangeRefused', code: 'HOLD_NOT_FOUND' });
    const approved = await mutate('approveOrderHold(orderId: $id, reason: ADDRESS_INCOMPLETE)', '$id: ID!', { id: order.id });
    expect(approved).toMatchObject({ __typename: 'OrderChanged', order: { status: 'PENDING', holds: [] } });
  });

  it('rejecting a hold cancels the order and gives its stock back', async () => {
    const p = position();
    const before = await reserved(p.sku, p.locationCode);
    const order = await place({ lines: [pickup(p, 2)] }); // no payment: held by finance
    expect(order.holds).toEqual([{ reason: 'PAYMENT_NOT_AUTHORIZED', level: 'FINANCE' }]);
    expect(await reserved(p.sku, p.locationCode)).toBe(before + 2);
    const rejected = await mutate(
      'rejectOrderHold(orderId: $id, reason: PAYMENT_NOT_AUTHORIZED, idempotencyKey: $key)',
      '$id: ID!, $key: String!',
      {
        id: order.id,
        key: `r-${crypto.randomUUID()}`,
      },
    );
    expect(rejected).toMatchObject({ __typename: 'OrderChanged', order: { status: 'CANCELLED' } });
    expect(await reserved(p.sku, p.locationCode)).toBe(before);
  });

  it('cancels once per key, releasing the holds; a second cancel with another key is refused', async () => {
    const p = position();
    const before = await reserved(p.sku, p.locationCode);
    const order = await place({ lines: [pickup(p, 1)], payment: { method: 'PAY_ON_PICKUP' } });
    expect(order).toMatchObject({ status: 'PENDING', holds: [] });
    const key = `c-${crypto.randomUUID()}`;
    const args = '$id: ID!, $key: String!';
    const field = 'cancelOrder(orderId: $id, reason: CUSTOMER_REQUEST, idempotencyKey: $key)';
    const first = await mutate(field, args, { id: order.id, key });
    const again = await mutate(field, args, { id: order.id, key });
    expect(first).toMatchObject({ __typename: 'OrderChanged', replayed: false, order: { status: 'CANCELLED' } });
    expect(again).toMatchObject({ __typename: 'OrderChanged', replayed: true, order: { status: 'CANCELLED' } });
    expect(await reserved(p.sku, p.locationCode)).toBe(before);
    const other = await mutate(field, args, { id: order.id, key: `c-${crypto.randomUUID()}` });
    expect(other).toMatchObject({ __typename: 'OrderChangeRefused', code: 'ORDER_CANCELLED' });
  });

  it('a deposit leaves a balance held by finance; addPayment with another card brings it to 0 and releases the order', async () => {
    const p = position();
    const order = await place({ lines: [pickup(p, 2)], payment: { method: 'CARD', card: card('3333'), depositAmount: '1.00' } });
    expect(order.status).toBe('ON_HOLD');
    expect(order.holds.map((h) => h.reason)).toEqual(['PAYMENT_NOT_AUTHORIZED']);
    const total = Number(order.totals.grandTotal.amount);
    expect(order.balanceDue).toEqual({ amount: (total - 1).toFixed(2) });
    const key = `p-${crypto.randomUUID()}`;
    const vars = { id: order.id, payment: { ...card('4444'), method: 'CARD' }, key };
    const field = 'addPayment(orderId: $id, payment: $payment, idempotencyKey: $key)';
    const args = '$id: ID!, $payment: CardPaymentInput!, $key: String!';
    const paid = await mutate(field, args, vars);
    expect(paid).toMatchObject({ __typename: 'OrderChanged', order: { status: 'PENDING', holds: [], balanceDue: { amount: '0.00' } } });
    expect(paid.order!.payments!.map((x) => [x.cardLast4, x.amount.amount])).toEqual([
      ['3333', '1.00'],
      ['4444', (total - 1).toFixed(2)],
    ]);
    const replay = await mutate(field, args, vars);
    expect(replay).toMatchObject({ __typename: 'OrderChanged', replayed: true });
    expect(replay.order!.payments).toHaveLength(2);
    const nothing = await mutate(field, args, { ...vars, key: `p-${crypto.randomUUID()}` });
    expect(nothing).toMatchObject({ __typename: 'OrderChangeRefused', code: 'NOTHING_DUE' });
  });

  it('switches a deposit order to pay on pickup, and a declined card stays held', async () => {
    const p = position();
    const order = await place({ lines: [pickup(p, 1)], payment: { method: 'CARD', card: card('5555'), depositAmount: '1.00' } });
    const switched = await mutate(
      'changePaymentMethod(orderId: $id, method: PAY_ON_PICKUP, idempotencyKey: $key)',
      '$id: ID!, $key: String!',
      {
        id: order.id,
        key: `s-${crypto.randomUUID()}`,
      },
    );
    expect(switched).toMatchObject({ __typename: 'OrderChanged', order: { status: 'PENDING', holds: [] } });
    expect(Number(switched.order!.balanceDue!.amount)).toBeGreaterThan(0);

    const q = position();
    const declined = await place({
      lines: [pickup(q, 1)],
      payment: { method: 'CARD', card: { brand: 'MC', token: 'tok_declined_1', last4: '0002' } },
    });
    expect(declined).toMatchObject({ status: 'ON_HOLD', holds: [{ reason: 'PAYMENT_NOT_AUTHORIZED', level: 'FINANCE' }], payments: null });
  });

  it('lists the customer’s payments across channels, newest first', async () => {
    const data = await call<{
      customer: { payments: { orderNumber: string; sourceSystem: string; at: string; method: string; cardLast4: string | null }[] };
    }>(
      'query($id: ID!) { customer(id: $id) { payments(first: 50) { orderNumber sourceSystem at method cardLast4 amount { amount currency } } } }',
      { id: customerId },
    );
    const payments = data.customer.payments;
    // The ERP card payments recorded by the tests above are there.
    expect(payments.filter((x) => x.sourceSystem === 'ERP').map((x) => x.cardLast4)).toEqual(
      expect.arrayContaining(['1111', '4444', '3333']),
    );
    const times = payments.map((x) => x.at);
    expect([...times].sort().reverse()).toEqual(times);
  });
});
