import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MARKETPLACE_IDS } from '../src/index.ts';
import { start, type Started } from './helpers.ts';

/** confirmShipment as ordersV0.json declares it: body, 204, the order turning Shipped, errors, quota. */
const UNSHIPPED = '111-0000002-0000002';
const PARTIAL = '111-0000006-0000006';

interface Item {
  OrderItemId: string;
  QuantityOrdered: number;
  QuantityShipped?: number;
}

let s: Started;
beforeAll(async () => {
  // A fixed clock refills no bucket: the functional tests get a large one; the quota is tested apart.
  s = await start({
    clock: () => Date.parse('2026-11-01T03:00:00Z'),
    rateLimits: { confirmShipment: { ratePerSecond: 1000, burst: 1000 } },
  });
});
afterAll(async () => {
  await s.sim.close();
});

const confirm = (orderId: string, body: unknown, token: string | null = s.token) =>
  fetch(`${s.url}/orders/v0/orders/${orderId}/shipmentConfirmation`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token !== null && { 'x-amz-access-token': token }) },
    body: JSON.stringify(body),
  });
const items = async (orderId: string) =>
  ((await (await s.get(`/orders/v0/orders/${orderId}/orderItems`)).json()) as { payload: { OrderItems: Item[] } }).payload.OrderItems;
const status = async (orderId: string) =>
  ((await (await s.get(`/orders/v0/orders/${orderId}`)).json()) as { payload: { OrderStatus: string; LastUpdateDate: string } }).payload;

function body(
  orderItems: { orderItemId: string; quantity: number }[],
  extra: Record<string, unknown> = {},
  pkg: Record<string, unknown> = {},
) {
  return {
    marketplaceId: MARKETPLACE_IDS.AMAZON,
    packageDetail: {
      packageReferenceId: '1',
      carrierCode: 'UPS',
      trackingNumber: '1ZR360A1110000001',
      shipDate: '2026-11-01T02:00:00Z',
      orderItems,
      ...pkg,
    },
    ...extra,
  };
}

describe('POST /orders/v0/orders/{orderId}/shipmentConfirmation', () => {
  it('part of the items: 204 without a body, the order PartiallyShipped; the rest: Shipped, as getOrder shows', async () => {
    const [first, second] = await items(UNSHIPPED);
    const part = await confirm(UNSHIPPED, body([{ orderItemId: first!.OrderItemId, quantity: first!.QuantityOrdered }]));
    expect(part.status).toBe(204);
    expect(await part.text()).toBe('');
    expect(part.headers.get('x-amzn-ratelimit-limit')).toBe('1000');
    expect(part.headers.get('x-amzn-requestid')).toBeTruthy();
    expect((await status(UNSHIPPED)).OrderStatus).toBe('PartiallyShipped');

    // The same package again (a retry) changes nothing.
    expect((await confirm(UNSHIPPED, body([{ orderItemId: first!.OrderItemId, quantity: first!.QuantityOrdered }]))).status).toBe(204);

    const rest = await confirm(
      UNSHIPPED,
      body(
        [{ orderItemId: second!.OrderItemId, quantity: second!.QuantityOrdered }],
        {},
        { packageReferenceId: '2', trackingNumber: '1ZR360A1110000002' },
      ),
    );
    expect(rest.status).toBe(204);
    const after = await status(UNSHIPPED);
    expect(after.OrderStatus).toBe('Shipped');
    expect(after.LastUpdateDate).toBe('2026-11-01T03:00:00Z');
    expect((await items(UNSHIPPED)).map((i) => i.QuantityShipped)).toEqual([first!.QuantityOrdered, second!.QuantityOrdered]);
  });

  it('400 InvalidInput (ConfirmShipmentErrorResponse) for bad bodies, unknown items, too many, wrong marketplace, unshippable orders', async () => {
    const [item] = await items(PARTIAL);
    const left = item!.QuantityOrdered - (item!.QuantityShipped ?? 0);
    const cases: [string, unknown][] = [
      [PARTIAL, { packageDetail: {} }],
      [PARTIAL, body([{ orderItemId: item!.OrderItemId, quantity: 1 }], {}, { packageReferenceId: 'abc' })],
      [PARTIAL, body([{ orderItemId: item!.OrderItemId, quantity: 1 }], {}, { shipDate: '01/11/2026' })],
      [PARTIAL, body([{ orderItemId: 'nope', quantity: 1 }], {}, { packageReferenceId: '7' })],
      [PARTIAL, body([{ orderItemId: item!.OrderItemId, quantity: left + 1 }], {}, { packageReferenceId: '8' })],
      [PARTIAL, body([{ orderItemId: item!.OrderItemId, quantity: 1 }], { marketplaceId: MARKETPLACE_IDS.JD })],
      ['222-0000003-0000003', body([{ orderItemId: 'x', quantity: 1 }], { marketplaceId: MARKETPLACE_IDS.JD })],
      ['222-0000005-0000005', body([{ orderItemId: 'x', quantity: 1 }], { marketplaceId: MARKETPLACE_IDS.JD })],
    ];
    for (const [orderId, b] of cases) {
      const res = await confirm(orderId, b);
      expect(res.status, JSON.stringify(b)).toBe(400);
      const errors = ((await res.json()) as { errors: { code: string; message: string; details: string }[] }).errors;
      expect(errors[0]).toMatchObject({ code: 'InvalidInput' });
    }
  });

  it('404 for an unknown order, 403 without a valid token', async () => {
    expect((await confirm('111-9999999-9999999', body([{ orderItemId: 'x', quantity: 1 }]))).status).toBe(404);
    const denied = await confirm(UNSHIPPED, body([{ orderItemId: 'x', quantity: 1 }]), 'Atza|nope');
    expect(denied.status).toBe(403);
    expect(((await denied.json()) as { errors: { code: string }[] }).errors[0]!.code).toBe('Unauthorized');
  });

  it('429 QuotaExceeded past the published burst of 10', async () => {
    const limited = await start({
      rateLimits: { confirmShipment: { ratePerSecond: 2, burst: 10 } },
      clock: () => Date.parse('2026-11-01T03:00:00Z'),
    });
    try {
      const codes: number[] = [];
      for (let i = 0; i < 11; i++) {
        const res = await fetch(`${limited.url}/orders/v0/orders/111-9999999-9999999/shipmentConfirmation`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'x-amz-access-token': limited.token },
          body: '{}',
        });
        codes.push(res.status);
      }
      expect(codes.slice(0, 10).every((c) => c === 404)).toBe(true);
      expect(codes[10]).toBe(429);
    } finally {
      await limited.sim.close();
    }
  });
});
