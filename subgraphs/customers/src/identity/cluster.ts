import {
  normalizeCard,
  normalizeEmail,
  normalizePhone,
  type CustomerRecord,
  type SystemName,
} from '../../../../adapters/core/src/index.ts';

export type MatchKind = 'EMAIL' | 'PHONE' | 'CARD' | 'MANUAL';

/** Why two records are one person: the key they share, and where each holds it. */
export interface LinkEvidence {
  kind: MatchKind;
  /** The normalised value that matched (email, E.164 phone, card number). */
  value: string;
  between: [string, string];
}

export interface ClusterMember {
  record: CustomerRecord;
  matchedBy: MatchKind;
}

export interface Cluster {
  /** The most authoritative record (ERP, then POS, then marketplace; lowest id). */
  anchor: CustomerRecord;
  members: ClusterMember[];
  evidence: LinkEvidence[];
}

export interface ManualLinks {
  /** Pairs of record keys ("ERP:0010000001") an agent joined. */
  links: [string, string][];
  /** Pairs an agent split apart: no rule may join them directly. */
  unlinks: [string, string][];
}

const SYSTEM_RANK: Record<SystemName, number> = { ERP: 0, POS: 1, MARKETPLACE: 2, WMS: 3, CARRIER: 4 };

export const recordKey = (r: Pick<CustomerRecord, 'system' | 'externalId'>): string => `${r.system}:${r.externalId}`;

/** The normalised identity keys a record carries. Names are deliberately not keys. */
export function identityKeys(record: CustomerRecord): { kind: Exclude<MatchKind, 'MANUAL'>; value: string }[] {
  const keys: { kind: Exclude<MatchKind, 'MANUAL'>; value: string }[] = [];
  for (const e of record.emails) {
    const v = normalizeEmail(e);
    if (v && !isRelayEmail(v)) keys.push({ kind: 'EMAIL', value: v });
  }
  for (const p of record.phones) {
    const v = normalizePhone(p);
    if (v) keys.push({ kind: 'PHONE', value: v });
  }
  for (const c of record.cardNumbers) {
    const v = normalizeCard(c);
    if (v) keys.push({ kind: 'CARD', value: v });
  }
  return keys;
}

/** Marketplace relay addresses stand for an order, not a person; they never join records. */
export function isRelayEmail(email: string): boolean {
  return /@marketplace\./i.test(email);
}

export function compareRecords(a: CustomerRecord, b: CustomerRecord): number {
  return SYSTEM_RANK[a.system] - SYSTEM_RANK[b.system] || a.externalId.localeCompare(b.externalId);
}

/**
 * Groups records into people by deterministic rules: records sharing a normalised email,
 * E.164 phone or member card are one person (transitively); manual links join, manual
 * unlinks keep two records from being joined directly. Sharing only a name joins nothing.
 */
export function clusterRecords(input: CustomerRecord[], manual: ManualLinks = { links: [], unlinks: [] }): Cluster[] {
  const records = dedupe(input).sort(compareRecords);
  const index = new Map(records.map((r, i) => [recordKey(r), i]));
  const parent = records.map((_, i) => i);
  const find = (i: number): number => {
    while (parent[i] !== i) {
      parent[i] = parent[parent[i]!]!;
      i = parent[i]!;
    }
    return i;
  };
  const union = (a: number, b: number) => {
    const ra = find(a);
    const rb = find(b);
    if (ra !== rb) parent[Math.max(ra, rb)] = Math.min(ra, rb);
  };
  const blocked = new Set(manual.unlinks.flatMap(([a, b]) => [`${a}|${b}`, `${b}|${a}`]));
  const evidence: LinkEvidence[] = [];
  const firstHolder = new Map<string, number>();
  const matchedBy = new Map<number, MatchKind>();

  records.forEach((record, i) => {
    for (const key of identityKeys(record)) {
      const k = `${key.kind}:${key.value}`;
      const holder = firstHolder.get(k);
      if (holder === undefined) {
        firstHolder.set(k, i);
        continue;
      }
      const a = recordKey(records[holder]!);
      const b = recordKey(record);
      if (holder === i || blocked.has(`${a}|${b}`)) continue;
      union(holder, i);
      evidence.push({ kind: key.kind, value: key.value, between: [a, b] });
      if (!matchedBy.has(i)) matchedBy.set(i, key.kind);
      if (!matchedBy.has(holder)) matchedBy.set(holder, key.kind);
    }
  });
  for (const [a, b] of manual.links) {
    const ia = index.get(a);
    const ib = index.get(b);
    if (ia === undefined || ib === undefined) continue;
    union(ia, ib);
    evidence.push({ kind: 'MANUAL', value: 'agent link', between: [a, b] });
    matchedBy.set(ib, 'MANUAL');
    if (!matchedBy.has(ia)) matchedBy.set(ia, 'MANUAL');
  }

  const groups = new Map<number, number[]>();
  records.forEach((_, i) => {
    const root = find(i);
    groups.set(root, [...(groups.get(root) ?? []), i]);
  });
  return [...groups.values()].map((idx) => {
    const members = idx.map((i) => ({
      record: records[i]!,
      matchedBy: matchedBy.get(i) ?? primaryKind(records[i]!),
    }));
    const keys = new Set(members.map((m) => recordKey(m.record)));
    return {
      anchor: members[0]!.record,
      members,
      evidence: evidence.filter((e) => keys.has(e.between[0])),
    };
  });
}

/** For a record that stands alone: the strongest key it was found by. */
function primaryKind(record: CustomerRecord): MatchKind {
  return identityKeys(record)[0]?.kind ?? 'MANUAL';
}

function dedupe(records: CustomerRecord[]): CustomerRecord[] {
  const seen = new Map<string, CustomerRecord>();
  for (const r of records) if (!seen.has(recordKey(r))) seen.set(recordKey(r), r);
  return [...seen.values()];
}
