import type { LoyaltyRecord } from '../../../../adapters/erp/src/index.ts';
import type { MemberTier, MembershipModel } from '../models.ts';

/**
 * Points a member needs to hold each tier, in order. The ERP decides the tier (it may also
 * weigh spend); the graph uses these thresholds only to say how far the next tier is.
 */
export const TIER_THRESHOLDS: readonly (readonly [MemberTier, number])[] = [
  ['BASIC', 0],
  ['SILVER', 2_000],
  ['GOLD', 8_000],
  ['PLATINUM', 20_000],
];

const isTier = (t: string): t is MemberTier => TIER_THRESHOLDS.some(([name]) => name === t);

/**
 * Membership and progress from the ERP's account: the next tier is the one above the ERP's
 * tier; points to it are `threshold(next) − points` (never below 0); progress is the share of
 * the way from this tier's threshold to the next one's, clamped to 0–1 (1 at the top tier).
 * An unknown tier code reads as BASIC.
 */
export function toMembership(loyalty: LoyaltyRecord): MembershipModel {
  const tier: MemberTier = isTier(loyalty.tier) ? loyalty.tier : 'BASIC';
  const index = TIER_THRESHOLDS.findIndex(([name]) => name === tier);
  const floor = TIER_THRESHOLDS[index]![1];
  const next = TIER_THRESHOLDS[index + 1];
  const points = loyalty.points;
  const expiring =
    loyalty.expiringPoints > 0 && loyalty.expiresOn ? { points: loyalty.expiringPoints, expiresOn: loyalty.expiresOn } : null;
  if (!next) {
    return {
      erpCustomerId: loyalty.customerExternalId,
      tier,
      points,
      nextTier: null,
      pointsToNextTier: null,
      progressToNextTier: 1,
      expiringPoints: expiring,
    };
  }
  const [nextTier, ceiling] = next;
  const progress = Math.min(1, Math.max(0, (points - floor) / (ceiling - floor)));
  return {
    erpCustomerId: loyalty.customerExternalId,
    tier,
    points,
    nextTier,
    pointsToNextTier: Math.max(0, ceiling - points),
    progressToNextTier: Math.round(progress * 10_000) / 10_000,
    expiringPoints: expiring,
  };
}
