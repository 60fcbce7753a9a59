import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getDataset, type Shipment, type TrackingStatus } from '../../legacy/dataset/src/index.ts';
import { gql, startTestStack, type TestStack } from '../helpers/stack.ts';

/**
 * interceptShipment across the tracking states, against the carrier simulator's Delivery
 * Intercept: what UPS still accepts, the too-late refusals (delivered; out for delivery for a
 * redirect; at an Access Point; returning; voided), not found, and one carrier request per
 * idempotency key.
 */
const SCALE = 0.02;

const INTERCEPT = /* GraphQL */ `
  mutation ($n: String!, $action: InterceptAction!, $to: RedirectAddressInput, $reason: ShipmentReturnReason, $key: String!) {
    interceptShipment(trackingNumber: $n, action: $action, redirectTo: $to, returnReason: $reason, idempotencyKey: $key) {
      __typename
      ... on InterceptAccepted {
        action
        shipment {
          trackingNumber
          status
          estimatedDelivery
          events {
            status
            description
          }
        }
      }
      ... on InterceptTooLate {
        trackingNumber
        action
        reason
        message
      }
      ... on ShipmentNotFound {
        trackingNumber
      }
    }
  }
`;
const TRACK = /* GraphQL */ `
  query ($n: String!) {
    shipment(trackingNumber: $n) {
      status
      events {
        description
      }
    }
  }
`;

const TO = { name: 'Li Na', line1: '500 Nanjing West Road', city: 'Shanghai', stateCode: 'SH', postalCode: '200041', countryCode: 'CN' };

interface Result {
  interceptShipment: {
    __typename: 'InterceptAccepted' | 'InterceptTooLate' | 'ShipmentNotFound';
    action?: string;
    reason?: string;
    message?: string;
    trackingNumber?: string;
    shipment?: {
      trackingNumber: string;
      status: TrackingStatus;
      estimatedDelivery: string | null;
      events: { status: string; description: string }[];
    };
  };
}

describe('interceptShipment', () => {
  let stack: TestStack;
  const pool = new Map<TrackingStatus, Shipment[]>();
  let keyNo = 0;
  /** A parcel in `status` no other test has used. */
  const take = (status: TrackingStatus): Shipment => {
    const next = pool.get(status)?.shift();
    if (!next) throw new Error(`no more ${status} parcels at scale ${SCALE}`);
    return next;
  };
  const intercept = (n: string, action: string, extra: Record<string, unknown> = {}, key = `k-${++keyNo}`) =>
    gql<Result>(stack.url, INTERCEPT, { n, action, key, ...extra }, stack.credentials.agent);
  const interceptCalls = () =>
    [...stack.simulators.carrier!.counts].filter(([k]) => k.includes('/deliveryintercept/')).reduce((n, [, v]) => n + v, 0);

  beforeAll(async () => {
    for (const s of getDataset({ scale: SCALE }).carrier.shipments) pool.set(s.status, [...(pool.get(s.status) ?? []), s]);
    stack = await startTestStack({ scale: SCALE });
  }, 60_000);
  afterAll(async () => {
    await stack?.close();
  });

  it('in transit: held at a UPS location; the same key answers once, another key meets the pending change', async () => {
    const parcel = take('IN_TRANSIT');
    await gql(stack.url, TRACK, { n: parcel.trackingNumber }, stack.credentials.agent); // cached before the change
    stack.simulators.carrier!.resetStats();
    const first = await intercept(parcel.trackingNumber, 'HOLD_AT_LOCATION', {}, 'hold-1');
    expect(first.body.errors).toBeUndefined();
    const accepted = first.body.data!.interceptShipment;
    expect(accepted.__typename).toBe('InterceptAccepted');
    expect(accepted.action).toBe('HOLD_AT_LOCATION');
    expect(accepted.shipment!.status).toBe('IN_TRANSIT');
    expect(accepted.shipment!.events.at(-1)!.description).toMatch(/Will Call/);

    const repeat = await intercept(parcel.trackingNumber, 'HOLD_AT_LOCATION', {}, 'hold-1');
    expect(repeat.body).toEqual(first.body);
    expect(interceptCalls()).toBe(1);

    const other = await intercept(parcel.trackingNumber, 'HOLD_AT_LOCATION', {}, 'hold-2');
    expect(other.body.data!.interceptShipment).toMatchObject({ __typename: 'InterceptTooLate', reason: 'CHANGE_PENDING' });
    expect(interceptCalls()).toBe(2);

    // The graph's cached tracking was dropped: the change shows at once.
    const tracked = await gql<{ shipment: { events: { description: string }[] } }>(
      stack.url,
      TRACK,
      { n: parcel.trackingNumber },
      stack.credentials.agent,
    );
    expect(tracked.body.data!.shipment.events.at(-1)!.description).toMatch(/Will Call/);
  });

  it('the same key with another parcel or action is refused, not replayed', async () => {
    const parcel = take('IN_TRANSIT');
    await intercept(parcel.trackingNumber, 'RETURN_TO_SENDER', { reason: 'CANCELLED_ORDER' }, 'reuse-1');
    const reused = await intercept(parcel.trackingNumber, 'HOLD_AT_LOCATION', {}, 'reuse-1');
    expect(reused.body.errors?.[0]?.extensions?.code).toBe('IDEMPOTENCY_KEY_REUSED');
  });

  it('out for delivery: a redirect is too late, a hold or a return still accepted', async () => {
    const parcel = take('OUT_FOR_DELIVERY');
    const redirect = await intercept(parcel.trackingNumber, 'REDIRECT', { to: TO });
    expect(redirect.body.data!.interceptShipment).toMatchObject({
      __typename: 'InterceptTooLate',
      action: 'REDIRECT',
      reason: 'OUT_FOR_DELIVERY',
      trackingNumber: parcel.trackingNumber,
    });
    expect(redirect.body.data!.interceptShipment.message).toMatch(/out for delivery/i);
    const back = await intercept(parcel.trackingNumber, 'RETURN_TO_SENDER', { reason: 'CANCELLED_ORDER' });
    expect(back.body.data!.interceptShipment).toMatchObject({
      __typename: 'InterceptAccepted',
      shipment: { status: 'RETURN_TO_SENDER', estimatedDelivery: null },
    });
    const hold = await intercept(take('OUT_FOR_DELIVERY').trackingNumber, 'HOLD_AT_LOCATION');
    expect(hold.body.data!.interceptShipment).toMatchObject({ __typename: 'InterceptAccepted', shipment: { status: 'IN_TRANSIT' } });
  });

  it('delivered: every change is too late', async () => {
    const parcel = take('DELIVERED');
    for (const [action, extra] of [
      ['HOLD_AT_LOCATION', {}],
      ['REDIRECT', { to: TO }],
      ['RETURN_TO_SENDER', {}],
    ] as const) {
      const res = await intercept(parcel.trackingNumber, action, extra);
      expect(res.body.data!.interceptShipment, action).toMatchObject({ __typename: 'InterceptTooLate', action, reason: 'DELIVERED' });
    }
  });

  it('returning, voided, at an Access Point: too late with the reason; the Access Point may still send it back', async () => {
    const cases: [TrackingStatus, string, string][] = [
      ['RETURN_TO_SENDER', 'HOLD_AT_LOCATION', 'RETURNING_TO_SENDER'],
      ['CANCELLED', 'RETURN_TO_SENDER', 'CANCELLED'],
      ['AVAILABLE_FOR_PICKUP', 'HOLD_AT_LOCATION', 'AT_ACCESS_POINT'],
    ];
    for (const [status, action, reason] of cases) {
      const res = await intercept(take(status).trackingNumber, action);
      expect(res.body.data!.interceptShipment, status).toMatchObject({ __typename: 'InterceptTooLate', reason });
    }
    const back = await intercept(take('AVAILABLE_FOR_PICKUP').trackingNumber, 'RETURN_TO_SENDER', { reason: 'REFUSED' });
    expect(back.body.data!.interceptShipment).toMatchObject({ __typename: 'InterceptAccepted', shipment: { status: 'RETURN_TO_SENDER' } });
  });

  it('label created or delivery failed: a redirect is accepted and moves the promised date', async () => {
    for (const status of ['PRE_TRANSIT', 'FAILURE'] as const) {
      const parcel = take(status);
      const res = await intercept(parcel.trackingNumber, 'REDIRECT', { to: TO });
      const result = res.body.data!.interceptShipment;
      expect(result.__typename, status).toBe('InterceptAccepted');
      expect(result.shipment!.status).toBe(status === 'PRE_TRANSIT' ? 'PRE_TRANSIT' : 'IN_TRANSIT');
      expect(result.shipment!.events.at(-1)!.description).toContain('alternate address (Shanghai 200041)');
      expect(result.shipment!.estimatedDelivery! > (parcel.estimatedDelivery ?? '')).toBe(true);
    }
  });

  it('unknown or malformed tracking numbers: not found; a redirect without an address: bad input', async () => {
    for (const n of ['1Z9999999999999999', 'not-a-number']) {
      const res = await intercept(n, 'HOLD_AT_LOCATION');
      expect(res.body.data!.interceptShipment).toEqual({ __typename: 'ShipmentNotFound', trackingNumber: n.toUpperCase() });
    }
    const bad = await intercept(take('IN_TRANSIT').trackingNumber, 'REDIRECT');
    expect(bad.body.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });

  it('needs order:write: an analyst may not intercept', async () => {
    const res = await gql<Result>(
      stack.url,
      INTERCEPT,
      { n: take('IN_TRANSIT').trackingNumber, action: 'HOLD_AT_LOCATION', key: 'analyst-1' },
      stack.credentials.analyst,
    );
    expect(res.body.data?.interceptShipment ?? null).toBeNull();
    expect(res.body.errors?.length).toBeGreaterThan(0);
  });
});
