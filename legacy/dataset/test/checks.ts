/**
 * Invariants shared by the scale-1 and tiny-scale tests. The normalisers are written
 * again here on purpose: the tests must not trust the generator's own helpers.
 */
import type { Dataset, TrackingStatus } from '../src/index.ts';

export const email = (e: string) => e.trim().toLowerCase();
export function phone(p: string): string {
  const d = p.replace(/\D/g, '');
  if (d.length === 15 && d.startsWith('0086')) return d.slice(4);
  if (d.length === 13 && d.startsWith('86')) return d.slice(2);
  return d;
}

export const ERP_STATES = {
  processStatus: ['A', 'B', 'C'],
  deliveryStatus: ['A', 'B', 'C'],
  deliveryBlockReason: ['', '01', '02'],
  rejectionStatus: ['', 'C'],
} as const;
export const POS_STATES = ['OPEN', 'COMPLETED', 'CANCELED'] as const;
export const MARKETPLACE_STATES = [
  'PendingAvailability',
  'Pending',
  'Unshipped',
  'PartiallyShipped',
  'Shipped',
  'InvoiceUnconfirmed',
  'Canceled',
  'Unfulfillable',
] as const;
export const TRACKING_STATES: readonly TrackingStatus[] = [
  'PRE_TRANSIT',
  'IN_TRANSIT',
  'OUT_FOR_DELIVERY',
  'DELIVERED',
  'AVAILABLE_FOR_PICKUP',
  'RETURN_TO_SENDER',
  'FAILURE',
  'CANCELLED',
];
export const RETURN_STATES = ['REQUESTED', 'APPROVED', 'REJECTED', 'RECEIVED', 'REFUNDED'] as const;

export function countBy<T>(items: readonly T[], key: (t: T) => string): Map<string, number> {
  const m = new Map<string, number>();
  for (const it of items) m.set(key(it), (m.get(key(it)) ?? 0) + 1);
  return m;
}

/** One record per system-side identity: the ERP customer, the POS customer, each marketplace order. */
interface IdentityRecord {
  personId: string;
  system: 'ERP' | 'POS' | 'MARKETPLACE';
  keys: string[];
}

export function identityRecords(ds: Dataset): IdentityRecord[] {
  const out: IdentityRecord[] = [];
  for (const c of ds.erp.customers) {
    out.push({
      personId: c.personId,
      system: 'ERP',
      keys: [`e:${email(c.email)}`, `p:${phone(c.phone)}`, ...c.cards.map((k) => `c:${k.number}`)],
    });
  }
  for (const c of ds.pos.customers) {
    const keys: string[] = [];
    if (c.emailAddress) keys.push(`e:${email(c.emailAddress)}`);
    if (c.phoneNumber) keys.push(`p:${phone(c.phoneNumber)}`);
    if (c.referenceId) keys.push(`c:${c.referenceId}`);
    out.push({ personId: c.personId, system: 'POS', keys });
  }
  for (const o of ds.marketplace.orders) {
    out.push({ personId: o.personId, system: 'MARKETPLACE', keys: [`e:${email(o.buyerEmail)}`, `p:${phone(o.shippingAddress.phone)}`] });
  }
  return out;
}

/** People whose records in different systems are not all connected by shared keys. */
export function unlinkablePeople(ds: Dataset): string[] {
  const byPerson = new Map<string, IdentityRecord[]>();
  for (const r of identityRecords(ds)) byPerson.set(r.personId, [...(byPerson.get(r.personId) ?? []), r]);
  const bad: string[] = [];
  for (const [personId, records] of byPerson) {
    if (new Set(records.map((r) => r.system)).size < 2) continue;
    const reached = new Set<number>([0]);
    const keys = new Set(records[0]?.keys ?? []);
    for (let grew = true; grew;) {
      grew = false;
      records.forEach((r, i) => {
        if (!reached.has(i) && r.keys.some((k) => keys.has(k))) {
          reached.add(i);
          r.keys.forEach((k) => keys.add(k));
          grew = true;
        }
      });
    }
    if (reached.size !== records.length) bad.push(personId);
  }
  return bad;
}

/** Keys (normalised email, phone, card) that two different people share: false merges. */
export function sharedKeys(ds: Dataset): string[] {
  const owner = new Map<string, string>();
  const clash: string[] = [];
  for (const r of identityRecords(ds)) {
    for (const k of r.keys) {
      const o = owner.get(k);
      if (o === undefined) owner.set(k, r.personId);
      else if (o !== r.personId) clash.push(k);
    }
  }
  return clash;
}

export function systemsPerPerson(ds: Dataset): Map<string, Set<string>> {
  const m = new Map<string, Set<string>>(ds.people.map((p) => [p.personId, new Set<string>()]));
  for (const c of ds.erp.customers) m.get(c.personId)?.add('ERP');
  for (const c of ds.pos.customers) m.get(c.personId)?.add('POS');
  for (const o of ds.marketplace.orders) m.get(o.personId)?.add('MARKETPLACE');
  return m;
}
