import type { SystemName } from '../../../../adapters/core/src/index.ts';
import { identityKeys, recordKey, type Cluster, type ClusterMember, type MatchKind } from './cluster.ts';

/**
 * How much each kind of shared key is trusted to mean "the same person". A member card is
 * issued to one person; an email is occasionally shared by a household; a phone more often
 * (family numbers, recycled numbers). An agent's link is taken as fact.
 */
export const CONFIDENCE: Readonly<Record<MatchKind, number>> = { CARD: 0.99, EMAIL: 0.95, PHONE: 0.9, MANUAL: 1 };

export interface MemberEvidence {
  kind: MatchKind;
  value: string;
  systems: SystemName[];
}

export interface MemberMatch {
  confidence: number;
  evidence: MemberEvidence[];
}

/**
 * Why this record is in the cluster: every key that joined it to another member (as the rules
 * recorded it), with the systems of the members holding that key. Its confidence is the
 * strongest of those; a person with a single record is certain.
 */
export function memberMatch(cluster: Cluster, member: ClusterMember): MemberMatch {
  const key = recordKey(member.record);
  if (cluster.members.length === 1) return { confidence: 1, evidence: [] };
  const systemOf = new Map(cluster.members.map((m) => [recordKey(m.record), m.record.system]));
  const holders = new Map<string, Set<SystemName>>();
  for (const m of cluster.members) {
    for (const k of identityKeys(m.record)) {
      const id = `${k.kind}:${k.value}`;
      holders.set(id, (holders.get(id) ?? new Set()).add(m.record.system));
    }
  }
  const found = new Map<string, MemberEvidence>();
  for (const e of cluster.evidence) {
    if (e.between[0] !== key && e.between[1] !== key) continue;
    const id = `${e.kind}:${e.value}`;
    const systems = new Set(found.get(id)?.systems ?? holders.get(id) ?? []);
    for (const k of e.between) {
      const s = systemOf.get(k);
      if (s) systems.add(s);
    }
    found.set(id, { kind: e.kind, value: e.value, systems: [...systems].sort() });
  }
  const evidence = [...found.values()].sort((a, b) => CONFIDENCE[b.kind] - CONFIDENCE[a.kind] || a.value.localeCompare(b.value));
  const confidence = evidence.reduce((best, e) => Math.max(best, CONFIDENCE[e.kind]), 0);
  return { confidence, evidence };
}
