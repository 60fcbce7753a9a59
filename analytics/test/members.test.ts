import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BasketLineRecord, LoyaltyChangeRecord, PointsEntryRecord } from '../../adapters/erp/src/index.ts';
import { AnalyticsStore, memberInsight, upsertBasketLines, upsertMemberAccounts, upsertPointsPostings } from '../src/index.ts';

const P1 = '0010000001';
const P2 = '0010000002';
const P3 = '0010000003';
const P4 = '0010000004';

const account = (id: string, tier: string, points: number, expiringPoints: number, expiresOn?: string): LoyaltyChangeRecord => ({
  customerExternalId: id,
  tier,
  points,
  expiringPoints,
  ...(expiresOn && { expiresOn }),
  cards: [],
  changedOn: '2026-10-01',
});
let postingNo = 0;
/** `at` defaults to local noon (UTC+8) of the day. */
const posting = (id: string, day: string, points: number, reason: PointsEntryRecord['reason'], at = `${day}T04:00:00.000Z`) => ({
  id: `PT${++postingNo}`,
  customerExternalId: id,
  at,
  points,
  reason,
});
const cart = (id: string, lineId: string, updatedAt: string, quantity: number, basket: BasketLineRecord['basket'] = 'CART') => ({
  customerExternalId: id,
  basket,
  lineId,
  sku: 'SKU-1',
  quantity,
  addedAt: updatedAt,
  updatedAt,
});

// Window 2026-10-01 (a Thursday) … 2026-10-18 by week: [10-01..10-04], [10-05..10-11], [10-12..10-18].
const POSTINGS: PointsEntryRecord[] = [
  posting(P1, '2026-09-30', 300, 'PURCHASE'), // before the window
  posting(P1, '2026-10-02', 120, 'PURCHASE'),
  posting(P1, '2026-10-02', -200, 'REDEMPTION'),
  posting(P2, '2026-10-09', 80, 'PURCHASE'),
  posting(P3, '2026-10-12', -40, 'EXPIRY'),
  posting(P3, '2026-10-13', 10, 'ADJUSTMENT'),
  posting(P4, '2026-10-14', 500, 'MIGRATION'), // an opening balance: neither issued nor activity
  posting(P2, '2026-10-16', -5, 'ADJUSTMENT'), // a negative adjustment: neither issued nor redeemed
  // 17:00 UTC on 10-04 is 01:00 on 10-05 in the stores' zone: the second week.
  posting(P2, '2026-10-04', 7, 'PURCHASE', '2026-10-04T17:00:00.000Z'),
];

let store: AnalyticsStore;

beforeAll(async () => {
  store = await AnalyticsStore.open({ path: ':memory:' });
  await upsertMemberAccounts(store, [
    account(P1, 'GOLD', 1000, 100, '2026-10-31'),
    account(P2, 'GOLD', 500, 0, '2026-12-31'),
    account(P3, 'BASIC', 200, 50, '2026-10-15'),
    account(P4, 'BASIC', 0, 0),
  ]);
  // A second read of P4 (its tier moved) replaces the first.
  await upsertMemberAccounts(store, [account(P4, 'SILVER', 0, 0)]);
  await upsertPointsPostings(store, POSTINGS);
  // The inclusive watermark reads a posting again: it must not count twice.
  await upsertPointsPostings(store, [POSTINGS[1]!]);
  await upsertBasketLines(store, [
    cart(P1, '10', '2026-10-01T04:00:00.000Z', 2),
    cart(P1, '20', '2026-10-03T04:00:00.000Z', 1), // P1's last cart change; no purchase since → abandoned on 10-03
    cart(P2, '10', '2026-10-08T04:00:00.000Z', 1), // P2 bought on 10-09 → converted
    cart(P3, '10', '2026-10-19T12:00:00.000Z', 1), // younger than 24 h at "now" → not yet abandoned
    cart(P4, '10', '2026-10-10T04:00:00.000Z', 3, 'WISHLIST'), // wishlists are not carts
  ]);
});
afterAll(() => store.close());

describe('member insight (hand-computed on a small fixture)', () => {
  const options = { period: 'WEEK' as const, abandonedAfterHours: 24, now: new Date('2026-10-20T00:00:00.000Z') };

  it('counts members by tier and activity, with balances and abandoned carts', async () => {
    const { tiers } = await memberInsight(store, '2026-10-01', '2026-10-18', options);
    expect(tiers).toEqual([
      // P3: its only postings are an expiry and an adjustment, so it is not active.
      { tier: 'BASIC', members: 1, activeMembers: 0, inactiveMembers: 1, pointsBalance: 200, expiringPoints: 50, abandonedCartMembers: 0 },
      { tier: 'SILVER', members: 1, activeMembers: 0, inactiveMembers: 1, pointsBalance: 0, expiringPoints: 0, abandonedCartMembers: 0 },
      // P1 bought and redeemed on 10-02, P2 bought on 10-05 and 10-09; 1000 + 500 points, P1's 100 expiring.
      { tier: 'GOLD', members: 2, activeMembers: 2, inactiveMembers: 0, pointsBalance: 1500, expiringPoints: 100, abandonedCartMembers: 1 },
    ]);
  });

  it('sums points issued, redeemed, expired and expiring per week (clipped to the window)', async () => {
    const { periods, abandonedCarts } = await memberInsight(store, '2026-10-01', '2026-10-18', options);
    expect(periods).toEqual([
      {
        start: '2026-10-01',
        end: '2026-10-04',
        activeMembers: 1,
        pointsIssued: 120,
        pointsRedeemed: 200,
        pointsExpired: 0,
        pointsExpiring: 0,
        membersExpiring: 0,
        abandonedCartMembers: 1,
      },
      {
        start: '2026-10-05',
        end: '2026-10-11',
        activeMembers: 1,
        pointsIssued: 87, // 7 (local 10-05 01:00) + 80
        pointsRedeemed: 0,
        pointsExpired: 0,
        pointsExpiring: 0,
        membersExpiring: 0,
        abandonedCartMembers: 0,
      },
      {
        start: '2026-10-12',
        end: '2026-10-18',
        activeMembers: 0,
        pointsIssued: 10, // the +10 adjustment; the migration and the −5 adjustment are neither
        pointsRedeemed: 0,
        pointsExpired: 40,
        pointsExpiring: 50, // P3's 50 lapse on 10-15; P1's 100 on 10-31 are outside the window
        membersExpiring: 1,
        abandonedCartMembers: 0,
      },
    ]);
    expect(abandonedCarts).toEqual({ members: 1, lines: 2, units: 3, olderThanHours: 24 });
  });

  it('groups by month and by day, and a cart becomes abandoned once the wait has passed', async () => {
    const monthly = await memberInsight(store, '2026-09-15', '2026-10-31', { ...options, period: 'MONTH' });
    expect(monthly.periods.map((p) => [p.start, p.end, p.pointsIssued, p.pointsExpiring])).toEqual([
      ['2026-09-15', '2026-09-30', 300, 0],
      ['2026-10-01', '2026-10-31', 217, 150],
    ]);
    const daily = await memberInsight(store, '2026-10-04', '2026-10-05', { ...options, period: 'DAY' });
    expect(daily.periods.map((p) => [p.start, p.pointsIssued])).toEqual([
      ['2026-10-04', 0],
      ['2026-10-05', 7],
    ]);
    // A day later P3's cart (last change 10-19 12:00 UTC, local 10-19) is abandoned too.
    const later = await memberInsight(store, '2026-10-01', '2026-10-31', { ...options, now: new Date('2026-10-21T00:00:00.000Z') });
    expect(later.abandonedCarts).toEqual({ members: 2, lines: 3, units: 4, olderThanHours: 24 });
  });

  it('keeps no partner number, name or card in the store', async () => {
    const rows = await store.query('SELECT * FROM members UNION ALL SELECT member_key, basket, NULL, NULL, NULL, NULL FROM basket_lines');
    const text = JSON.stringify(rows);
    for (const id of [P1, P2, P3, P4]) expect(text).not.toContain(id);
  });

  it('refuses a bad window or setting as RangeError (BAD_USER_INPUT in the subgraph)', async () => {
    await expect(memberInsight(store, '2026-10-18', '2026-10-01')).rejects.toThrow(RangeError);
    await expect(memberInsight(store, '2026-10-01', '2026-10-18', { abandonedAfterHours: -1 })).rejects.toThrow(RangeError);
    await expect(memberInsight(store, '2020-01-01', '2026-10-18', { period: 'DAY' })).rejects.toThrow(RangeError);
  });
});
