import type Keyv from 'keyv';
import { keyvOf, type CacheStore } from '../../../../adapters/core/src/index.ts';
import { recordKey, type Cluster, type LinkEvidence, type ManualLinks } from './cluster.ts';

export interface LinkStoreOptions {
  /** Backing keyv store (memory by default, Redis when configured). @default an in-memory Map */
  store?: CacheStore;
  /** How long a remembered cluster is kept, in ms. @default 30 days */
  ttlMs?: number;
}

interface StoredCluster {
  anchor: string;
  members: string[];
  evidence: LinkEvidence[];
  at: string;
}

/** An agent's decision about one pair of records; the latest decision per pair wins. */
interface StoredPair {
  a: string;
  b: string;
  state: 'LINKED' | 'UNLINKED';
  changeId: string;
}

/** One audited manual change (what the agent did, to which record, why). */
export interface IdentityAuditEntry {
  id: string;
  action: 'LINK' | 'UNLINK';
  /** Record key ("POS:SQ1") the agent linked or unlinked. */
  record: string;
  customerId: string;
  reason: string;
  actor: string;
  at: string;
}

type Stored = StoredCluster | string | string[] | StoredPair | IdentityAuditEntry[];

/** Most audit entries kept per record (oldest dropped). */
const MAX_AUDIT = 200;

/**
 * The only data the graph keeps about people: which records belong together (and why), and
 * the links agents made or split by hand. The records themselves stay in their systems.
 */
export class LinkStore {
  private readonly keyv: Keyv<Stored>;
  private readonly ttlMs: number;

  constructor(options: LinkStoreOptions = {}) {
    this.keyv = keyvOf(options.store, 'identity');
    this.ttlMs = options.ttlMs ?? 30 * 24 * 3600 * 1000;
  }

  /** Record keys last seen in the same cluster as `key` (itself included), or []. */
  async membersOf(key: string): Promise<string[]> {
    const anchor = await this.safeGet(`member:${key}`);
    if (typeof anchor !== 'string') return [];
    const cluster = await this.safeGet(`cluster:${anchor}`);
    return cluster && typeof cluster === 'object' && 'members' in cluster ? (cluster as StoredCluster).members : [];
  }

  async remember(clusters: Cluster[]): Promise<void> {
    const at = new Date().toISOString();
    await Promise.all(
      clusters.flatMap((c) => {
        const anchor = recordKey(c.anchor);
        const members = c.members.map((m) => recordKey(m.record));
        return [
          this.safeSet(`cluster:${anchor}`, { anchor, members, evidence: c.evidence, at }),
          ...members.map((m) => this.safeSet(`member:${m}`, anchor)),
        ];
      }),
    );
  }

  /** Manual links and unlinks touching any of `keys`, read pair by pair. */
  async manualFor(keys: string[]): Promise<ManualLinks> {
    const pairKeys = new Set<string>();
    await Promise.all(
      [...new Set(keys)].map(async (key) => {
        const partners = await this.safeGet(`pairs:${key}`);
        if (Array.isArray(partners)) for (const p of partners as string[]) pairKeys.add(pairKey(key, p));
      }),
    );
    const pairs = await Promise.all([...pairKeys].map((k) => this.safeGet(k)));
    const out: ManualLinks = { links: [], unlinks: [] };
    for (const p of pairs) {
      if (!p || typeof p !== 'object' || !('state' in p)) continue;
      (p.state === 'LINKED' ? out.links : out.unlinks).push([p.a, p.b]);
    }
    return out;
  }

  /**
   * Records an agent's decision for each pair `[record, other]`, then the audit entry under
   * every record involved. Unlike the cluster shortcuts, a failure here is the caller's error:
   * the agent must know the fix did not stick.
   */
  async decide(state: StoredPair['state'], record: string, others: readonly string[], entry: IdentityAuditEntry): Promise<void> {
    for (const other of others) {
      if (other === record) continue;
      const [a, b] = [record, other].sort() as [string, string];
      await this.keyv.set(pairKey(a, b), { a, b, state, changeId: entry.id });
      await this.addPartner(a, b);
      await this.addPartner(b, a);
    }
    await Promise.all([record, ...others].map((k) => this.appendAudit(k, entry)));
  }

  /** Audit entries of manual changes touching any of `keys`, newest first. */
  async auditFor(keys: readonly string[]): Promise<IdentityAuditEntry[]> {
    const lists = await Promise.all([...new Set(keys)].map((k) => this.safeGet(`audit:${k}`)));
    const byId = new Map<string, IdentityAuditEntry>();
    for (const list of lists) if (Array.isArray(list)) for (const e of list as IdentityAuditEntry[]) byId.set(e.id, e);
    return [...byId.values()].sort((x, y) => y.at.localeCompare(x.at) || y.id.localeCompare(x.id));
  }

  // Read-modify-write: two agents fixing the same record at the same instant may lose one
  // index entry in Redis; the pair itself is still stored under its own key.
  private async addPartner(key: string, partner: string): Promise<void> {
    const current = await this.keyv.get(`pairs:${key}`);
    const list = Array.isArray(current) ? (current as string[]) : [];
    if (!list.includes(partner)) await this.keyv.set(`pairs:${key}`, [...list, partner]);
  }

  private async appendAudit(key: string, entry: IdentityAuditEntry): Promise<void> {
    const current = await this.keyv.get(`audit:${key}`);
    const list = Array.isArray(current) ? (current as IdentityAuditEntry[]) : [];
    await this.keyv.set(`audit:${key}`, [...list, entry].slice(-MAX_AUDIT));
  }

  private async safeGet(key: string): Promise<Stored | undefined> {
    try {
      return (await this.keyv.get(key)) ?? undefined;
    } catch {
      return undefined;
    }
  }

  private async safeSet(key: string, value: Stored): Promise<void> {
    try {
      await this.keyv.set(key, value, this.ttlMs);
    } catch {
      /* a store outage loses only a shortcut: clusters are recomputed from the systems */
    }
  }
}

const pairKey = (a: string, b: string) => `pair:${[a, b].sort().join('|')}`;
