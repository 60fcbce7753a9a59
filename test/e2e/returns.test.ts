/**
 * Returns anywhere, end to end over the gateway (issue 8, items 4 and 5): an online order taken
 * back in a store, restocked (ATP rises) and refunded once as store credit; an item without
 * proof identified to its purchase; the policy's typed refusal; exchanges in a store, even and
 * with a price difference. The ERP keeps the returns and credit memos, the POS moves the money,
 * the WMS takes the stock back: every check below reads them back through the graph.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodeId } from '../../adapters/core/src/index.ts';
import { getDataset, type StockPosition } from '../../legacy/dataset/src/index.ts';
import { gql, startTestStack, type TestStack } from '../helpers/stack.ts';

const SCALE = 0.05;
const STORE = 'ST001';
const DAY_MS = 86_400_000;

const dataset = getDataset({ scale: SCALE });
const base = (p: StockPosition) => p.onHand - p.reserved - p.allocated - p.safetyStock;
const products = new Map(dataset.products.map((p) => [p.sku, p]));
const priceAt = (sku: string, code: string) => products.get(sku)!.storePrices[code] ?? products.get(sku)!.price;
const dcs = new Set(dataset.locations.filter((l) => l.kind === 'DC').map((l) => l.code));
const atStore = dataset.wms.stock.filter((p) => p.locationCode === STORE && base(p) >= 3).map((p) => p.sku);
/** A: bought online (shipped from a DC), also stocked at the store. B: same price at the store. C: another price. */
const pick = (() => {
  for (const a of dataset.wms.stock) {
    const product = products.get(a.sku)!;
    if (!dcs.has(a.locationCode) || base(a) < 6 || !atStore.includes(a.sku) || product.category === 'grocery') continue;
    const even = atStore.find((s) => s !== a.sku && priceAt(s, STORE) === product.price);
    // Dearer at the store than what was paid online: the customer pays the difference.
    const other = atStore.find((s) => s !== a.sku && Number(priceAt(s, STORE)) > Number(product.price));
    if (even && other) return { a: a.sku, dc: a.locationCode, even, other };
  }
  throw new Error('the dataset has no SKUs for this test');
})();
const customer = dataset.erp.customers.find((c) => c.email)!;
const customerId = encodeId('cus', 'ERP', customer.businessPartner);
const oldOrder = dataset.erp.orders.find(
  (o) =>
    o.rejectionStatus !== 'C' &&
    Date.parse(o.createdAt) < Date.now() - 60 * DAY_MS &&
    o.items.every((i) => products.get(i.material)?.category !== 'grocery'),
)!;
const CUSTOMER_360 = readFileSync(new URL('../../docs/customer-360.graphql', import.meta.url), 'utf8');
const loc = (code: string) => encodeId('loc', 'WMS', code);

const PLACE = /* GraphQL */ `
  mutation ($input: PlaceOrderInput!, $key: String!) {
    placeOrder(input: $input, idempotencyKey: $key) {
      __typename
      ... on OrderPlaced {
        order {
          id
          number
        }
      }
    }
  }
`;
const RETURN_FIELDS = /* GraphQL */ `
  id
  number
  status
  channel
  storeCode
  originalOrder {
    id
  }
  lines {
    sku
    quantity
    amount {
      amount
    }
    disposition
  }
  total {
    amount
    currency
  }
  refund {
    tender
    amount {
      amount
    }
    creditMemo
    reference
  }
  exchangeOrder {
    id
  }
`;
const CREATE = /* GraphQL */ `
  mutation ($input: CreateReturnInput!, $key: String!) {
    createReturn(input: $input, idempotencyKey: $key) {
      __typename
      ... on ReturnCreated { replayed return { ${RETURN_FIELDS} } }
      ... on ReturnNotEligible { reasons { line sku code message } }
      ... on ReturnProofNotFound { message }
    }
  }
`;
const RECEIVE = /* GraphQL */ `
  mutation ($input: ReceiveReturnInput!, $key: String!) {
    receiveReturn(input: $input, idempotencyKey: $key) {
      __typename
      ... on ReturnReceived { replayed return { ${RETURN_FIELDS} } }
      ... on ReturnNotChangeable { status message }
    }
  }
`;
const REFUND = /* GraphQL */ `
  mutation ($input: RefundReturnInput!, $key: String!) {
    refundReturn(input: $input, idempotencyKey: $key) {
      __typename
      ... on ReturnRefunded { method replayed return { ${RETURN_FIELDS} } }
      ... on ReturnNotRefundable { status message }
    }
  }
`;
const EXCHANGE = /* GraphQL */ `
  mutation ($input: CreateExchangeInput!, $key: String!) {
    createExchange(input: $input, idempotencyKey: $key) {
      __typename
      ... on ExchangeCreated {
        replayed
        settlement
        settlementReference
        difference { amount currency }
        replacementOrder { id number totals { grandTotal { amount } } exchangedFrom { id number } }
        return { ${RETURN_FIELDS} }
      }
      ... on ExchangeNotPossible { sku message }
      ... on ReturnNotEligible { reasons { code message } }
      ... on ReturnProofNotFound { message }
    }
  }
`;
const STOCK = /* GraphQL */ `
  query ($sku: ID!, $ids: [ID!]) {
    product(sku: $sku) {
      availability(locationIds: $ids) {
        onHand
        reserved
        atp
      }
    }
  }
`;

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

describe('returns anywhere (issue 8 items 4 and 5)', () => {
  let stack: TestStack;
  const run = async (query: string, variables: Json, who: 'agent' | 'store' = 'agent'): Promise<Json> => {
    const res = await gql<Json>(stack.url, query, variables, stack.credentials[who]);
    expect(res.body.errors, JSON.stringify(res.body.errors)).toBeUndefined();
    return res.body.data!;
  };
  const placeOnline = async (key: string, sku: string, quantity: number) => {
    const data = await run(PLACE, {
      key,
      input: { customerId, channel: 'WEB', lines: [{ sku, quantity, deliveryMethod: 'SHIP', locationId: loc(pick.dc) }] },
    });
    expect(data.placeOrder.__typename).toBe('OrderPlaced');
    return data.placeOrder.order as { id: string; number: string };
  };
  const stockAt = async (sku: string) =>
    (await run(STOCK, { sku, ids: [loc(STORE)] })).product.availability[0] as { onHand: number; reserved: number; atp: number };

  beforeAll(async () => {
    stack = await startTestStack({ scale: SCALE });
  }, 180_000);
  afterAll(async () => {
    await stack?.close();
  });

  it('takes an online order back in a store, restocks it (ATP rises), refunds store credit exactly once', async () => {
    const order = await placeOnline('ret-online-1', pick.a, 2);
    const created = await run(
      CREATE,
      {
        key: 'ret-create-1',
        input: {
          proof: { orderNumber: order.number },
          channel: 'STORE',
          storeId: loc(STORE),
          lines: [{ sku: pick.a, quantity: 1, reason: 'Wrong size' }],
        },
      },
      'store',
    );
    expect(created.createReturn.__typename).toBe('ReturnCreated');
    const ret = created.createReturn.return;
    expect(ret).toMatchObject({ status: 'APPROVED', channel: 'STORE', storeCode: STORE, originalOrder: { id: order.id } });
    expect(ret.total.amount).toBe(Number(products.get(pick.a)!.price).toFixed(2));
    // The same key replays the first answer; no second return is opened.
    const again = await run(
      CREATE,
      {
        key: 'ret-create-1',
        input: {
          proof: { orderNumber: order.number },
          channel: 'STORE',
          storeId: loc(STORE),
          lines: [{ sku: pick.a, quantity: 1, reason: 'Wrong size' }],
        },
      },
      'store',
    );
    expect(again.createReturn).toMatchObject({ replayed: true, return: { id: ret.id } });

    const before = await stockAt(pick.a);
    const received = await run(
      RECEIVE,
      { key: 'ret-receive-1', input: { returnId: ret.id, lines: [{ sku: pick.a, disposition: 'RESTOCK' }] } },
      'store',
    );
    expect(received.receiveReturn.return).toMatchObject({ status: 'RECEIVED', lines: [{ sku: pick.a, disposition: 'RESTOCK' }] });
    const after = await stockAt(pick.a);
    expect(after.onHand).toBe(before.onHand + 1);
    expect(after.atp).toBe(before.atp + 1);

    const refund = { key: 'ret-refund-1', input: { returnId: ret.id, tender: 'STORE_CREDIT' } };
    const first = await run(REFUND, refund, 'store');
    expect(first.refundReturn).toMatchObject({ __typename: 'ReturnRefunded', method: 'STORE_CREDIT', replayed: false });
    const memo = first.refundReturn.return.refund;
    expect(memo).toMatchObject({ tender: 'STORE_CREDIT', amount: { amount: ret.total.amount } });
    expect(memo.reference).toMatch(/^gcact_/);
    const repeated = await run(REFUND, refund, 'store');
    expect(repeated.refundReturn).toMatchObject({ __typename: 'ReturnRefunded', replayed: true, return: { refund: memo } });
    const otherKey = await run(REFUND, { ...refund, key: 'ret-refund-1-bis' }, 'store');
    expect(otherKey.refundReturn).toMatchObject({ __typename: 'ReturnNotRefundable', status: 'REFUNDED' });

    const linked = await run(`query ($id: ID!, $c: ID!) { order(id: $id) { returns { id status } } customer(id: $c) { returns { id } } }`, {
      id: order.id,
      c: customerId,
    });
    expect(linked.order.returns).toEqual([{ id: ret.id, status: 'REFUNDED' }]);
    expect(linked.customer.returns.map((r: Json) => r.id)).toContain(ret.id);
    // The agent's one-request customer screen (docs/customer-360.graphql) shows it too.
    const screen = await run(CUSTOMER_360, { id: customerId });
    expect(screen.customer.returns).toContainEqual(
      expect.objectContaining({ id: ret.id, status: 'REFUNDED', originalOrder: expect.objectContaining({ id: order.id }) }),
    );
  });

  it('refuses a store associate at another store', async () => {
    const other = dataset.locations.find((l) => l.kind === 'STORE' && l.code !== STORE)!;
    const res = await gql<Json>(
      stack.url,
      CREATE,
      {
        key: 'ret-other-store',
        input: {
          proof: { orderId: encodeId('ord', 'ERP', oldOrder.salesOrder) },
          channel: 'STORE',
          storeId: loc(other.code),
          lines: [{ sku: oldOrder.items[0]!.material, quantity: 1 }],
        },
      },
      stack.credentials.store,
    );
    expect(res.body.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });

  it('identifies an item brought back without proof to the purchase that holds it', async () => {
    const order = await placeOnline('ret-identify', pick.other, 1);
    const query = `query ($c: ID!, $item: ReturnItemInput!) {
      identifyReturn(customerId: $c, item: $item) {
        __typename
        ... on ReturnCandidates { sku candidates { order { id } windowClosesOn lines { sku purchased returnable } } }
        ... on ItemNotIdentified { reason }
      }
    }`;
    for (const item of [{ sku: pick.other }, { barcode: products.get(pick.other)!.barcode }]) {
      const found = (await run(query, { c: customerId, item })).identifyReturn;
      expect(found.__typename).toBe('ReturnCandidates');
      expect(found.sku).toBe(pick.other);
      expect(found.candidates[0]).toMatchObject({ order: { id: order.id }, lines: [{ sku: pick.other, purchased: 1, returnable: 1 }] });
    }
    const serial = (await run(query, { c: customerId, item: { serial: 'SN-123' } })).identifyReturn;
    expect(serial.__typename).toBe('ItemNotIdentified');
  });

  it('answers a return outside the window with the typed reason, and creates nothing', async () => {
    const orderId = encodeId('ord', 'ERP', oldOrder.salesOrder);
    const sku = oldOrder.items[0]!.material;
    const refused = await run(CREATE, { key: 'ret-late', input: { proof: { orderId }, channel: 'POST', lines: [{ sku, quantity: 1 }] } });
    expect(refused.createReturn.__typename).toBe('ReturnNotEligible');
    expect(refused.createReturn.reasons).toContainEqual(expect.objectContaining({ line: 0, sku, code: 'WINDOW_CLOSED' }));
    const eligibility = await run(
      `query ($id: ID) { returnEligibility(orderId: $id) { windowClosesOn lines { sku returnable reasons { code } } } }`,
      {
        id: orderId,
      },
    );
    expect(eligibility.returnEligibility.lines[0]).toMatchObject({ returnable: 0, reasons: [{ code: 'WINDOW_CLOSED' }] });
    expect((await run(`query ($id: ID!) { order(id: $id) { returns { id } } }`, { id: orderId })).order.returns).toEqual([]);
  });

  it('exchanges an online purchase in store: the new size is held, an even exchange moves no money', async () => {
    const order = await placeOnline('ret-exchange-even', pick.a, 1);
    const before = await stockAt(pick.even);
    const done = await run(
      EXCHANGE,
      {
        key: 'xch-even',
        input: {
          proof: { orderId: order.id },
          channel: 'STORE',
          storeId: loc(STORE),
          customerId,
          lines: [{ sku: pick.a, quantity: 1, replacementSku: pick.even, reason: 'Wrong size' }],
        },
      },
      'store',
    );
    const x = done.createExchange;
    expect(x).toMatchObject({
      __typename: 'ExchangeCreated',
      settlement: 'EVEN',
      settlementReference: null,
      difference: { amount: '0.00' },
    });
    expect(x.return).toMatchObject({ status: 'RECEIVED', originalOrder: { id: order.id }, exchangeOrder: { id: x.replacementOrder.id } });
    expect(x.replacementOrder.exchangedFrom).toMatchObject({ id: x.return.id });
    const after = await stockAt(pick.even);
    expect(after.reserved).toBe(before.reserved + 1);
    expect(after.atp).toBe(before.atp - 1);
  });

  it("answers the chatbot's persisted CanIReturnIt with the policy's reason", async () => {
    const manifest = JSON.parse(readFileSync(new URL('../../schema/persisted-operations.json', import.meta.url), 'utf8')) as {
      operations: { id: string; name: string }[];
    };
    const id = manifest.operations.find((o) => o.name === 'CanIReturnIt')!.id;
    const res = await fetch(stack.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...stack.credentials.chatbot },
      body: JSON.stringify({ id, variables: { id: encodeId('ord', 'ERP', oldOrder.salesOrder) } }),
    });
    const body = (await res.json()) as { data?: Json; errors?: unknown[] };
    expect(body.errors).toBeUndefined();
    expect(body.data!.returnEligibility.lines[0]).toMatchObject({ returnable: 0, reasons: [{ code: 'WINDOW_CLOSED' }] });
  });

  it('charges the difference at the till when the replacement costs more', async () => {
    const order = await placeOnline('ret-exchange-diff', pick.a, 1);
    const done = await run(
      EXCHANGE,
      {
        key: 'xch-diff',
        input: {
          proof: { orderId: order.id },
          channel: 'STORE',
          storeId: loc(STORE),
          customerId,
          lines: [{ sku: pick.a, quantity: 1, replacementSku: pick.other }],
        },
      },
      'store',
    );
    const x = done.createExchange;
    const cents = Math.round(Number(priceAt(pick.other, STORE)) * 100) - Math.round(Number(products.get(pick.a)!.price) * 100);
    expect(x.__typename).toBe('ExchangeCreated');
    expect(x.difference.amount).toBe(`${cents < 0 ? '-' : ''}${(Math.abs(cents) / 100).toFixed(2)}`);
    expect(cents).toBeGreaterThan(0);
    expect(x.settlement).toBe('CHARGED');
    expect(x.settlementReference).toBeTruthy();
    expect(x.replacementOrder.totals.grandTotal.amount).toBe(Number(priceAt(pick.other, STORE)).toFixed(2));
    const replay = await run(
      EXCHANGE,
      {
        key: 'xch-diff',
        input: {
          proof: { orderId: order.id },
          channel: 'STORE',
          storeId: loc(STORE),
          customerId,
          lines: [{ sku: pick.a, quantity: 1, replacementSku: pick.other }],
        },
      },
      'store',
    );
    expect(replay.createExchange).toMatchObject({
      replayed: true,
      settlementReference: x.settlementReference,
      replacementOrder: { id: x.replacementOrder.id },
    });
  });
});
