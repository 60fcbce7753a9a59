import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { activityDataset } from '../../../legacy/erp/test/activityFixture.ts';
import { NA, WEI } from '../../../legacy/erp/test/fixtures.ts';
import { harness, type Harness } from './helpers.ts';

const POST_POINTS = 'POST /sap/opu/odata/sap/YY1_POINTSTRANSACTION_CDS/YY1_PointsTransaction';
const FETCH_TOKEN = 'GET /sap/opu/odata/sap/YY1_POINTSTRANSACTION_CDS/';

let h: Harness;
beforeAll(async () => {
  h = await harness({ dataset: activityDataset() });
});
afterAll(async () => {
  await h.close();
});

describe('loyalty reads', () => {
  it('reads tier, balance, expiring points and every card kind, aligned to the ids', async () => {
    const [wei, missing, na] = await h.adapter.getLoyalty(h.ctx, [WEI, '0099999999', NA]);
    expect(missing).toBeNull();
    expect(wei).toMatchObject({ customerExternalId: WEI, tier: 'GOLD', points: 12000, expiringPoints: 500, expiresOn: '2026-12-31' });
    expect(wei!.cards).toEqual([
      { kind: 'MEMBER', number: '8800000000000001', blocked: false, issuedOn: '2024-03-01' },
      { kind: 'GIFT', number: '9900000000000002', blocked: false, issuedOn: '2025-01-01', balance: { amount: '50.00', currency: 'CNY' } },
    ]);
    expect(na).toMatchObject({ tier: 'BASIC', points: 100, cards: [] });
  });

  it('reads the points history newest first', async () => {
    const history = await h.adapter.pointsHistory(h.ctx, WEI, 10);
    expect(history.map((e) => [e.points, e.reason, e.orderExternalId])).toEqual([
      [306, 'PURCHASE', '1000000001'],
      [11_694, 'MIGRATION', undefined],
    ]);
  });

  it('reads baskets and service cases per customer in one call each', async () => {
    const [wei, na] = await h.adapter.basketsForCustomers(h.ctx, [WEI, NA]);
    expect(wei!.map((l) => `${l.basket}:${l.sku}x${l.quantity}`).sort()).toEqual([
      'CART:SKU-000001x2',
      'CART:SKU-000002x1',
      'WISHLIST:SKU-000003x1',
    ]);
    expect(na).toEqual([]);
    const [cases] = await h.adapter.serviceCasesForCustomers(h.ctx, [WEI]);
    expect(cases).toEqual([
      {
        id: '8000000001',
        customerExternalId: WEI,
        kind: 'WARRANTY_CLAIM',
        status: 'IN_PROCESS',
        sourceStatus: 'ZWAR/E0002',
        subject: 'Kettle stopped working',
        openedAt: '2026-10-15T03:00:00.000Z',
        updatedAt: '2026-10-16T03:00:00.000Z',
        orderExternalId: '1000000001',
      },
    ]);
  });
});

describe('points postings', () => {
  it('fetches a CSRF token once, posts, and answers a repeated reference with the first posting', async () => {
    h.sim.resetStats();
    const request = { customerExternalId: WEI, points: -200, reason: 'REDEMPTION' as const, reference: "o'brien-1" };
    const first = await h.adapter.postPoints(h.ctx, request);
    const second = await h.adapter.postPoints(h.ctx, request);
    expect(first).toMatchObject({ customerExternalId: WEI, points: -200, reason: 'REDEMPTION', reference: "o'brien-1" });
    expect(second).toEqual(first);
    expect(h.calls(FETCH_TOKEN)).toBe(1);
    expect(h.calls(POST_POINTS)).toBe(2);
    const [after] = await h.adapter.getLoyalty(h.ctx, [WEI]);
    expect(after!.points).toBe(12000 - 200);
  });

  it('returns a typed refusal when the balance is too low or the customer unknown', async () => {
    await expect(
      h.adapter.postPoints(h.ctx, { customerExternalId: NA, points: -5000, reason: 'REDEMPTION', reference: 'r-big' }),
    ).resolves.toMatchObject({ refused: true, code: 'INSUFFICIENT_POINTS' });
    await expect(
      h.adapter.postPoints(h.ctx, { customerExternalId: '0099999999', points: 5, reason: 'ADJUSTMENT', reference: 'r-x' }),
    ).resolves.toMatchObject({ refused: true, code: 'UNKNOWN_CUSTOMER' });
  });

  it('fetches a new token when the ERP no longer knows the old one', async () => {
    const fresh = await harness({ dataset: activityDataset() });
    try {
      await fresh.adapter.postPoints(fresh.ctx, { customerExternalId: WEI, points: 10, reason: 'ADJUSTMENT', reference: 'a-1' });
      // Another simulator (a restarted ERP) has never issued the adapter's token.
      const restarted = await harness({ dataset: activityDataset() });
      try {
        Object.assign(restarted.adapter.writes, { token: 'stale-token' });
        const entry = await restarted.adapter.postPoints(restarted.ctx, {
          customerExternalId: WEI,
          points: 10,
          reason: 'ADJUSTMENT',
          reference: 'a-2',
        });
        expect(entry).toMatchObject({ points: 10, reason: 'ADJUSTMENT' });
        expect(restarted.calls(FETCH_TOKEN)).toBe(1);
        expect(restarted.calls(POST_POINTS)).toBe(2);
      } finally {
        await restarted.close();
      }
    } finally {
      await fresh.close();
    }
  });
});
