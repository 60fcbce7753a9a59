import { describe, expect, it } from 'vitest';
import type { CustomerRecord } from '../../../adapters/core/src/index.ts';
import type { BasketLineRecord, LoyaltyRecord } from '../../../adapters/erp/src/index.ts';
import { ABANDONED_AFTER_DAYS, basketView, maskCardNumber } from '../src/account/baskets.ts';
import { toMembership } from '../src/account/membership.ts';
import { clusterRecords } from '../src/identity/cluster.ts';
import { CONFIDENCE, memberMatch } from '../src/identity/evidence.ts';
import { nameSimilarity, rankCandidates } from '../src/identity/nameMatch.ts';

const rec = (system: CustomerRecord['system'], externalId: string, p: Partial<CustomerRecord> = {}): CustomerRecord => ({
  system,
  externalId,
  firstName: 'Wei',
  lastName: 'Zhang',
  emails: [],
  phones: [],
  cardNumbers: [],
  ...p,
});

const loyalty = (tier: string, points: number, expiring = 0, expiresOn?: string): LoyaltyRecord => ({
  customerExternalId: '0010000001',
  tier,
  points,
  expiringPoints: expiring,
  ...(expiresOn && { expiresOn }),
  cards: [],
});

describe('membership math (thresholds SILVER 2 000, GOLD 8 000, PLATINUM 20 000)', () => {
  it.each([
    // tier, points → next tier, points to it, progress (hand-computed)
    ['BASIC', 500, 'SILVER', 1_500, 0.25], // (500 − 0) / (2 000 − 0)
    ['SILVER', 5_000, 'GOLD', 3_000, 0.5], // (5 000 − 2 000) / (8 000 − 2 000)
    ['GOLD', 12_000, 'PLATINUM', 8_000, 0.3333], // (12 000 − 8 000) / (20 000 − 8 000)
    ['GOLD', 7_000, 'PLATINUM', 13_000, 0], // below its own threshold (the ERP kept the tier): clamped
    ['SILVER', 8_000, 'GOLD', 0, 1], // enough for GOLD, not yet upgraded by the ERP
  ] as const)('%s with %i points → %s, %i to go, progress %f', (tier, points, next, toGo, progress) => {
    expect(toMembership(loyalty(tier, points))).toMatchObject({
      tier,
      points,
      nextTier: next,
      pointsToNextTier: toGo,
      progressToNextTier: progress,
    });
  });

  it('has no next tier at the top, and reports expiring points only when there are some', () => {
    expect(toMembership(loyalty('PLATINUM', 31_000, 900, '2026-12-31'))).toMatchObject({
      nextTier: null,
      pointsToNextTier: null,
      progressToNextTier: 1,
      expiringPoints: { points: 900, expiresOn: '2026-12-31' },
    });
    expect(toMembership(loyalty('BASIC', 10, 0, '2026-12-31')).expiringPoints).toBeNull();
  });
});

describe('carts', () => {
  const now = Date.parse('2026-11-23T12:00:00Z');
  const line = (basket: BasketLineRecord['basket'], lineId: string, updatedAt: string): BasketLineRecord => ({
    customerExternalId: '1',
    basket,
    lineId,
    sku: `SKU-${lineId}`,
    quantity: 1,
    addedAt: updatedAt,
    updatedAt,
  });

  it('ages a cart by its newest line and calls it abandoned after the threshold', () => {
    const fresh = basketView([line('CART', '10', '2026-11-10T00:00:00Z'), line('CART', '20', '2026-11-20T12:00:00Z')], 'CART', now);
    expect(fresh).toMatchObject({ updatedAt: '2026-11-20T12:00:00Z', ageDays: 3, abandoned: false });
    const edge = basketView([line('CART', '10', new Date(now - ABANDONED_AFTER_DAYS * 86_400_000).toISOString())], 'CART', now);
    expect(edge).toMatchObject({ ageDays: 7, abandoned: false });
    const old = basketView([line('CART', '10', new Date(now - 8 * 86_400_000).toISOString())], 'CART', now);
    expect(old).toMatchObject({ ageDays: 8, abandoned: true });
  });

  it('keeps carts and wishlists apart; an empty basket is null', () => {
    const lines = [line('WISHLIST', '10', '2026-11-01T00:00:00Z')];
    expect(basketView(lines, 'CART', now)).toBeNull();
    expect(basketView(lines, 'WISHLIST', now)?.items).toEqual([{ sku: 'SKU-10', quantity: 1, addedAt: '2026-11-01T00:00:00Z' }]);
  });

  it('masks card numbers to the last four', () => {
    expect(maskCardNumber('8800123456789012')).toBe('************9012');
  });
});

describe('identity confidence and evidence', () => {
  it('lists which key matched in which systems, and the strongest decides the confidence', () => {
    const [cluster] = clusterRecords([
      rec('ERP', '0010000001', { emails: ['wei@example.com'], phones: ['+8613800138000'], cardNumbers: ['8800000000000001'] }),
      rec('POS', 'SQ1', { phones: ['138 0013 8000'], cardNumbers: ['8800000000000001'] }),
      rec('MARKETPLACE', 'wei@example.com', { emails: ['WEI@example.com'] }),
    ]);
    const byKey = new Map(cluster!.members.map((m) => [m.record.system, memberMatch(cluster!, m)]));
    expect(byKey.get('POS')).toEqual({
      confidence: CONFIDENCE.CARD,
      evidence: [
        { kind: 'CARD', value: '8800000000000001', systems: ['ERP', 'POS'] },
        { kind: 'PHONE', value: '+8613800138000', systems: ['ERP', 'POS'] },
      ],
    });
    expect(byKey.get('MARKETPLACE')).toEqual({
      confidence: CONFIDENCE.EMAIL,
      evidence: [{ kind: 'EMAIL', value: 'wei@example.com', systems: ['ERP', 'MARKETPLACE'] }],
    });
    expect(byKey.get('ERP')!.confidence).toBe(0.99);
  });

  it('an agent link is certain, and a lone record is its own person', () => {
    const clusters = clusterRecords([rec('ERP', '1', { emails: ['a@example.com'] }), rec('POS', 'X', { emails: ['b@example.com'] })], {
      links: [['ERP:1', 'POS:X']],
      unlinks: [],
    });
    expect(clusters).toHaveLength(1);
    const pos = clusters[0]!.members.find((m) => m.record.system === 'POS')!;
    expect(memberMatch(clusters[0]!, pos)).toEqual({
      confidence: 1,
      evidence: [{ kind: 'MANUAL', value: 'agent link', systems: ['ERP', 'POS'] }],
    });
    const [alone] = clusterRecords([rec('POS', 'Y')]);
    expect(memberMatch(alone!, alone!.members[0]!)).toEqual({ confidence: 1, evidence: [] });
  });
});

describe('name and postcode candidates', () => {
  const address = (postcode: string) => ({ line1: '1 Road', city: 'Shanghai', postcode, country: 'CN' });

  it('ignores case, punctuation and name order, and tolerates a typo', () => {
    expect(nameSimilarity('Wei Zhang', 'ZHANG wei')).toBe(1);
    expect(nameSimilarity('Siobhan O’Neill', "siobhan o'neill")).toBeGreaterThan(0.9);
    expect(nameSimilarity('Wei Zhang', 'Wei Zhnag')).toBeGreaterThan(0.7);
    expect(nameSimilarity('Wei Zhang', 'Na Li')).toBeLessThan(0.4);
  });

  it('keeps two people sharing a name apart and ranks the one at the postcode first', () => {
    const clusters = clusterRecords([
      rec('ERP', '0010000001', { emails: ['wei.a@example.com'], address: address('200001') }),
      rec('ERP', '0010000002', { emails: ['wei.b@example.com'], address: address('100002') }),
      rec('ERP', '0010000003', { firstName: 'Na', lastName: 'Li', emails: ['na@example.com'], address: address('100002') }),
    ]);
    expect(clusters).toHaveLength(3);
    const ranked = rankCandidates(clusters, 'Wei Zhang', '100 002');
    expect(ranked.map((c) => [c.cluster.anchor.externalId, c.score, c.postcodeMatch])).toEqual([
      ['0010000002', 1, true],
      ['0010000001', 0.7, false],
    ]);
  });
});
