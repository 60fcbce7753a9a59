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

interface StoredManual {
  links: [string, string][];
  unlinks: [string, string][];
}

/**
 * The only data the graph keeps about people: which records belong together (and why), and
 * the links agents made or split by hand. The records themselves stay in their systems.
 */
export class LinkStore {
  private readonly keyv: Keyv<StoredCluster | string | StoredManual>;
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
    return cluster && typeof cluster === 'object' && 'members' in cluster ? cluster.members : [];
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

  /** Manual links and unlinks touching any of `keys`. */
  async manualFor(keys: string[]): Promise<ManualLinks> {
    const manual = (await this.safeGet('manual')) as StoredManual | undefined;
    if (!manual) return { links: [], unlinks: [] };
    const touched = new Set(keys);
    const touches = ([a, b]: [string, string]) => touched.has(a) || touched.has(b);
    return { links: manual.links.filter(touches), unlinks: manual.unlinks.filter(touches) };
  }

  private async safeGet(key: string): Promise<StoredCluster | string | StoredManual | undefined> {
    try {
      return (await this.keyv.get(key)) ?? undefined;
    } catch {
      return undefined;
    }
  }

  private async safeSet(key: string, value: StoredCluster | string | StoredManual): Promise<void> {
    try {
      await this.keyv.set(key, value, this.ttlMs);
    } catch {
      /* a store outage loses only a shortcut: clusters are recomputed from the systems */
    }
  }
}
