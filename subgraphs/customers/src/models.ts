import type { Cluster } from './identity/cluster.ts';

/** A resolved person: the cluster of their records across systems. */
export interface CustomerModel {
  id: string;
  cluster: Cluster;
}

export type MemberTier = 'BASIC' | 'SILVER' | 'GOLD' | 'PLATINUM';

/** The membership as the schema shows it, plus the ERP record its history is read from. */
export interface MembershipModel {
  erpCustomerId: string;
  tier: MemberTier;
  points: number;
  nextTier: MemberTier | null;
  pointsToNextTier: number | null;
  progressToNextTier: number;
  expiringPoints: { points: number; expiresOn: string } | null;
}
