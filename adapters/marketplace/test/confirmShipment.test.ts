import { afterEach, describe, expect, it } from 'vitest';
import { AdapterError } from '../../core/src/index.ts';
import { MARKETPLACE_PUBLISHED_RATE_LIMITS } from '../../../legacy/marketplace/src/index.ts';
import { MARKETPLACE_PUBLISHED_QUOTAS } from '../src/index.ts';
import { harness, ROOMY, type Harness } from './helpers.ts';

const UNSHIPPED = '111-0000002-0000002';
const PATH = `POST /orders/v0/orders/${UNSHIPPED}/shipmentConfirmation`;

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

async function itemsOf(harness: Harness, orderId: string) {
  const [lines] = await harness.adapter.orderLines(harness.ctx, [orderId]);
  return lines!;
}

describe('MarketplaceAdapter.confirmShipment', () => {
  it('confirms every line: the order reads Shipped afterwards; the marketplace found without being told', async () => {
    h = await harness({ rateLimits: { ...ROOMY, confirmShipment: { ratePerSecond: 1000, burst: 1000 } } });
    const lines = await itemsOf(h, UNSHIPPED);
    expect(lines.length).toBeGreaterThan(0);
    const [before] = await h.adapter.getOrders(h.ctx, [UNSHIPPED]);
    expect(before!.sourceStatus).toBe('Unshipped');
    const request = {
      orderId: UNSHIPPED,
      trackingNumber: '1ZR360A1110000009',
      carrierCode: 'UPS',
      shipDate: '2026-11-01',
      items: lines.map((l) => ({ orderItemId: l.lineId, quantity: l.quantity })),
    };
    await h.adapter.confirmShipment(h.ctx, request);
    const [after] = await h.adapter.getOrders(h.ctx, [UNSHIPPED]);
    expect(after!.sourceStatus).toBe('Shipped');
    expect(after!.status).toBe('SHIPPED');
    expect(h.calls(PATH)).toBe(1);
    // Confirming the same parcel again is harmless (same package reference).
    await h.adapter.confirmShipment(h.ctx, request);
    expect(h.calls(PATH)).toBe(2);
  });

  it('a refusal is UPSTREAM_REJECTED with the marketplace’s reason, not retried', async () => {
    h = await harness({ rateLimits: { ...ROOMY, confirmShipment: { ratePerSecond: 1000, burst: 1000 } } });
    const err = await h.adapter
      .confirmShipment(h.ctx, {
        orderId: '222-0000005-0000005',
        marketplaceId: 'A3JDCN7Q4PXR2M',
        trackingNumber: '1ZR360A1110000010',
        carrierCode: 'UPS',
        shipDate: '2026-11-01T00:00:00Z',
        items: [{ orderItemId: 'x', quantity: 1 }],
      })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AdapterError);
    expect((err as AdapterError).code).toBe('UPSTREAM_REJECTED');
    expect((err as AdapterError).message).toMatch(/Canceled/);
    expect(h.calls('POST /orders/v0/orders/222-0000005-0000005/shipmentConfirmation')).toBe(1);
  });

  it('stays inside the published confirmShipment plan (2/s, burst 10): no 429 across a burst of 12', async () => {
    expect(MARKETPLACE_PUBLISHED_QUOTAS.confirmShipment).toEqual(MARKETPLACE_PUBLISHED_RATE_LIMITS.confirmShipment);
    h = await harness({ rateLimits: { ...ROOMY, confirmShipment: MARKETPLACE_PUBLISHED_RATE_LIMITS.confirmShipment } });
    expect(h.adapter.quota?.rate('confirmShipment')).toBe(2);
    const outcomes = await Promise.all(
      Array.from({ length: 12 }, (_, i) =>
        h!.adapter
          .confirmShipment(h!.ctx, {
            orderId: '111-9999999-9999999',
            marketplaceId: 'AAHKV2X7AFYLW',
            trackingNumber: `1ZR360A11100001${String(i).padStart(2, '0')}`,
            carrierCode: 'UPS',
            shipDate: '2026-11-01T00:00:00Z',
            items: [{ orderItemId: 'x', quantity: 1 }],
          })
          .catch((e: AdapterError) => e.status),
      ),
    );
    // Every call reached the marketplace and met "no such order", none its quota.
    expect(outcomes).toEqual(Array.from({ length: 12 }, () => 404));
    expect(h.events.filter((e) => e.operation === 'confirmShipment' && e.status === 429)).toEqual([]);
  });
});
