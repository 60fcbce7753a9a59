import {
  AdapterError,
  normalizeCard,
  normalizeEmail,
  normalizePhone,
  type CallContext,
  type CustomerQuery,
  type CustomerRecord,
  type OrderRecord,
  type SystemName,
} from '../../../../adapters/core/src/index.ts';
import { clusterRecords, isRelayEmail, recordKey, type Cluster } from './cluster.ts';
import type { IdentityAuditEntry, LinkStore } from './LinkStore.ts';
import { rankCandidates, type Candidate } from './nameMatch.ts';

/** What the identity service needs from one system that holds people. */
export interface CustomerSource {
  system: SystemName;
  /** Which query fields the system can search on. */
  searchable: readonly (keyof CustomerQuery)[];
  findCustomers(ctx: CallContext, query: CustomerQuery): Promise<CustomerRecord[]>;
  getCustomers(ctx: CallContext, ids: readonly string[]): Promise<(CustomerRecord | null)[]>;
  findOrdersByNumber?(ctx: CallContext, number: string): Promise<OrderRecord[]>;
}

/** Called once per system that failed, so the response can say what is missing and why. */
export type FailureReporter = (error: AdapterError) => void;

/** Expansion rounds after the first search: enough for card → email → marketplace chains. */
const MAX_ROUNDS = 2;

/**
 * Finds people across systems: searches every system that can answer the question, then
 * follows the emails, phones and cards it found into the other systems, and clusters the
 * records by the deterministic rules in cluster.ts.
 */
export class IdentityService {
  constructor(
    private readonly sources: readonly CustomerSource[],
    private readonly links: LinkStore,
  ) {}

  async search(ctx: CallContext, query: CustomerQuery, report: FailureReporter): Promise<Cluster[]> {
    const seeds = await this.searchAll(ctx, [query], report, new Set());
    return this.expandAndCluster(ctx, seeds, report, query.name !== undefined && !hasKey(query), query);
  }

  async searchByOrderNumber(ctx: CallContext, number: string, report: FailureReporter): Promise<Cluster[]> {
    const found = await Promise.all(
      this.sources.map(async (source) => {
        if (!source.findOrdersByNumber) return [];
        try {
          const orders = await source.findOrdersByNumber(ctx, number);
          const ids = [...new Set(orders.map((o) => o.customerExternalId).filter((id): id is string => !!id))];
          if (ids.length === 0) return [];
          return (await source.getCustomers(ctx, ids)).filter((r): r is CustomerRecord => r !== null);
        } catch (err) {
          return this.fail(err, report);
        }
      }),
    );
    return this.expandAndCluster(ctx, found.flat(), report, false);
  }

  /**
   * People by name, ranked by name similarity and postcode. Each name hit is expanded through
   * its emails, phones and cards like any search, so a candidate shows all its records; the
   * name itself never joins anything.
   */
  async candidates(ctx: CallContext, name: string, postcode: string | undefined, report: FailureReporter): Promise<Candidate[]> {
    const words = name.trim().split(/\s+/);
    // Till records often have the family name first: ask for both orders.
    const names = [...new Set([words.join(' '), [...words].reverse().join(' ')])];
    const seeds = await this.searchAll(
      ctx,
      names.map((n) => ({ name: n })),
      report,
      new Set(),
    );
    const clusters = await this.expandAndCluster(ctx, seeds, report, false);
    return rankCandidates(clusters, name, postcode);
  }

  /** Whether `key` names a record some system holds (used before an agent links it). */
  async exists(ctx: CallContext, key: string, report: FailureReporter): Promise<boolean> {
    return (await this.fetchRecords(ctx, [key], report)).length > 0;
  }

  /** Joins `record` to the person `cluster` by hand; answers the person as they are now. */
  async link(
    ctx: CallContext,
    cluster: Cluster,
    record: string,
    entry: IdentityAuditEntry,
    report: FailureReporter,
  ): Promise<Cluster | undefined> {
    const anchor = recordKey(cluster.anchor);
    await this.links.decide('LINKED', record, [anchor], entry);
    return this.byKey(ctx, anchor, report);
  }

  /**
   * Splits `record` off the person: every pair it forms with another of their records is
   * marked unlinked, so no rule joins it back directly. Answers the rest of the person.
   */
  async unlink(
    ctx: CallContext,
    cluster: Cluster,
    record: string,
    entry: IdentityAuditEntry,
    report: FailureReporter,
  ): Promise<Cluster | undefined> {
    const others = cluster.members.map((m) => recordKey(m.record)).filter((k) => k !== record);
    await this.links.decide('UNLINKED', record, others, entry);
    return others[0] === undefined ? undefined : this.byKey(ctx, others[0], report);
  }

  /** The audit trail of manual changes touching the person's records. */
  audit(cluster: Cluster): Promise<IdentityAuditEntry[]> {
    return this.links.auditFor(cluster.members.map((m) => recordKey(m.record)));
  }

  private byKey(ctx: CallContext, key: string, report: FailureReporter): Promise<Cluster | undefined> {
    const colon = key.indexOf(':');
    return this.byRecord(ctx, key.slice(0, colon) as SystemName, key.slice(colon + 1), report);
  }

  /** The person a record belongs to, from any of their record keys. */
  async byRecord(ctx: CallContext, system: SystemName, externalId: string, report: FailureReporter): Promise<Cluster | undefined> {
    const stored = await this.links.membersOf(`${system}:${externalId}`);
    const wanted = stored.length > 0 ? stored : [`${system}:${externalId}`];
    const seeds = await this.fetchRecords(ctx, wanted, report);
    const clusters = await this.expandAndCluster(ctx, seeds, report, false);
    const key = `${system}:${externalId}`;
    return clusters.find((c) => c.members.some((m) => recordKey(m.record) === key)) ?? clusters[0];
  }

  private async expandAndCluster(
    ctx: CallContext,
    seeds: CustomerRecord[],
    report: FailureReporter,
    nameOnly: boolean,
    alreadyAsked: CustomerQuery = {},
  ): Promise<Cluster[]> {
    const records = new Map(seeds.map((r) => [recordKey(r), r]));
    if (!nameOnly) {
      const asked = askedKeys(alreadyAsked);
      let frontier = seeds;
      for (let round = 0; round < MAX_ROUNDS && frontier.length > 0; round++) {
        const queries = nextQueries(frontier, asked);
        if (queries.length === 0) break;
        const found = await this.searchAll(ctx, queries, report, new Set(records.keys()));
        frontier = found.filter((r) => !records.has(recordKey(r)));
        for (const r of frontier) records.set(recordKey(r), r);
      }
    }
    const manual = await this.links.manualFor([...records.keys()]);
    const missing = manual.links.flat().filter((k) => !records.has(k));
    for (const r of await this.fetchRecords(ctx, missing, report)) records.set(recordKey(r), r);
    const clusters = clusterRecords([...records.values()], manual);
    await this.links.remember(clusters);
    return clusters;
  }

  /** Runs each query against every system that can search its fields, in parallel. */
  private async searchAll(
    ctx: CallContext,
    queries: CustomerQuery[],
    report: FailureReporter,
    known: Set<string>,
  ): Promise<CustomerRecord[]> {
    const failed = new Set<SystemName>();
    const calls = this.sources.flatMap((source) =>
      queries
        .filter((q) => (Object.keys(q) as (keyof CustomerQuery)[]).some((f) => q[f] !== undefined && source.searchable.includes(f)))
        .map(async (q) => {
          try {
            return await source.findCustomers(ctx, pick(q, source.searchable));
          } catch (err) {
            if (failed.has(source.system)) return [];
            failed.add(source.system);
            return this.fail(err, report);
          }
        }),
    );
    return (await Promise.all(calls)).flat().filter((r) => !known.has(recordKey(r)));
  }

  private async fetchRecords(ctx: CallContext, keys: string[], report: FailureReporter): Promise<CustomerRecord[]> {
    const bySystem = new Map<string, string[]>();
    for (const key of keys) {
      const colon = key.indexOf(':');
      const system = key.slice(0, colon);
      bySystem.set(system, [...(bySystem.get(system) ?? []), key.slice(colon + 1)]);
    }
    const results = await Promise.all(
      [...bySystem].map(async ([system, ids]) => {
        const source = this.sources.find((s) => s.system === system);
        if (!source) return [];
        try {
          return (await source.getCustomers(ctx, ids)).filter((r): r is CustomerRecord => r !== null);
        } catch (err) {
          return this.fail(err, report);
        }
      }),
    );
    return results.flat();
  }

  private fail(err: unknown, report: FailureReporter): never[] {
    if (err instanceof AdapterError) {
      report(err);
      return [];
    }
    throw err;
  }
}

function askedKeys(q: CustomerQuery): Set<string> {
  const asked = new Set<string>();
  if (q.email) asked.add(`EMAIL:${q.email}`);
  if (q.phone) asked.add(`PHONE:${q.phone}`);
  if (q.cardNumber) asked.add(`CARD:${q.cardNumber}`);
  return asked;
}

function hasKey(q: CustomerQuery): boolean {
  return q.email !== undefined || q.phone !== undefined || q.cardNumber !== undefined;
}

function pick(q: CustomerQuery, fields: readonly (keyof CustomerQuery)[]): CustomerQuery {
  const out: CustomerQuery = {};
  for (const f of fields) if (q[f] !== undefined) out[f] = q[f];
  return out;
}

/** One query per identity key not asked yet. */
function nextQueries(records: CustomerRecord[], asked: Set<string>): CustomerQuery[] {
  const queries: CustomerQuery[] = [];
  const add = (k: string, q: CustomerQuery) => {
    if (asked.has(k)) return;
    asked.add(k);
    queries.push(q);
  };
  for (const r of records) {
    for (const e of r.emails) {
      const v = normalizeEmail(e);
      if (v && !isRelayEmail(v)) add(`EMAIL:${v}`, { email: v });
    }
    for (const p of r.phones) {
      const v = normalizePhone(p);
      if (v) add(`PHONE:${v}`, { phone: v });
    }
    for (const c of r.cardNumbers) {
      const v = normalizeCard(c);
      if (v) add(`CARD:${v}`, { cardNumber: v });
    }
  }
  return queries;
}
