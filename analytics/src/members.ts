import { createHash } from 'node:crypto';
import { isAdapterError, type CallContext } from '../../adapters/core/src/index.ts';
import {
  basketLinesChangedSince,
  loyaltyAccountsChangedSince,
  pointsPostedSince,
  type BasketLineRecord,
  type ErpAdapter,
  type LoyaltyChangeRecord,
  type PointsEntryRecord,
} from '../../adapters/erp/src/index.ts';
import type { AnalyticsStore, WatermarkKey } from './store.ts';

/** The three member feeds of the ERP, each with its own watermark row. */
export const MEMBER_FEEDS = ['ERP:LOYALTY', 'ERP:POINTS', 'ERP:BASKETS'] as const satisfies readonly WatermarkKey[];
export type MemberFeed = (typeof MEMBER_FEEDS)[number];

export interface MemberFeedReport {
  feed: MemberFeed;
  ok: boolean;
  fetched: number;
  watermark: string | null;
  ms: number;
  error?: string;
}

/**
 * The store's key for a member: a one-way digest of the ERP partner number, so distinct
 * members can be counted and a member's rows replaced without the store holding the number.
 * It is pseudonymous, not anonymous (anyone with the ERP can recompute it): docs/analytics.md.
 */
export function memberKey(businessPartner: string): string {
  return createHash('sha256').update(`retail360-member:${businessPartner}`).digest('hex').slice(0, 24);
}

const laterOf = (current: string | null, candidate: string | null | undefined): string | null =>
  candidate && (current === null || candidate > current) ? candidate : current;
const newestInstant = (current: string | null, candidate: string): string | null =>
  current === null || Date.parse(candidate) > Date.parse(current) ? new Date(candidate).toISOString() : current;

/** Loyalty accounts replace the member's previous state (tier, balance, expiry). */
export async function upsertMemberAccounts(store: AnalyticsStore, accounts: readonly LoyaltyChangeRecord[]): Promise<void> {
  if (accounts.length === 0) return;
  await store.exclusive(async () => {
    await store.run(`CREATE OR REPLACE TABLE stage_members (member_key VARCHAR, tier VARCHAR, points DOUBLE, expiring_points DOUBLE,
      expires_on VARCHAR, changed_on VARCHAR)`);
    await store.append(
      'stage_members',
      accounts.map((a) => [
        memberKey(a.customerExternalId),
        a.tier || 'NONE',
        a.points,
        a.expiringPoints,
        a.expiresOn ?? null,
        a.changedOn,
      ]),
    );
    await store.run(`INSERT OR REPLACE INTO members SELECT DISTINCT ON (member_key) member_key, tier, points, expiring_points,
      CAST(expires_on AS DATE), CAST(changed_on AS DATE) FROM stage_members`);
  });
}

/** The ledger is append-only; a posting read twice (inclusive watermark) is replaced by itself. */
export async function upsertPointsPostings(store: AnalyticsStore, postings: readonly PointsEntryRecord[]): Promise<void> {
  if (postings.length === 0) return;
  await store.exclusive(async () => {
    await store.run(`CREATE OR REPLACE TABLE stage_points (posting_id VARCHAR, member_key VARCHAR, posted_at VARCHAR, points DOUBLE,
      reason VARCHAR)`);
    await store.append(
      'stage_points',
      postings.map((p) => [p.id, memberKey(p.customerExternalId), p.at, p.points, p.reason]),
    );
    // The business day of a posting is the local day, as for sales.
    await store.run(`INSERT OR REPLACE INTO points_ledger SELECT DISTINCT ON (posting_id) posting_id, member_key,
      CAST(posted_at AS TIMESTAMPTZ)::TIMESTAMP,
      CAST(CAST(posted_at AS TIMESTAMPTZ)::TIMESTAMP + INTERVAL (${store.offsetMinutes}) MINUTE AS DATE), points, reason FROM stage_points`);
  });
}

/** A basket line replaces its previous state (quantity, change time). */
export async function upsertBasketLines(store: AnalyticsStore, lines: readonly BasketLineRecord[]): Promise<void> {
  if (lines.length === 0) return;
  await store.exclusive(async () => {
    await store.run(`CREATE OR REPLACE TABLE stage_baskets (member_key VARCHAR, basket VARCHAR, line_id VARCHAR, sku VARCHAR,
      quantity DOUBLE, added_at VARCHAR, updated_at VARCHAR)`);
    await store.append(
      'stage_baskets',
      lines.map((l) => [memberKey(l.customerExternalId), l.basket, l.lineId, l.sku, l.quantity, l.addedAt, l.updatedAt]),
    );
    await store.run(`INSERT OR REPLACE INTO basket_lines SELECT DISTINCT ON (member_key, basket, line_id) member_key, basket, line_id,
      sku, quantity, CAST(added_at AS TIMESTAMPTZ)::TIMESTAMP, CAST(updated_at AS TIMESTAMPTZ)::TIMESTAMP FROM stage_baskets
      ORDER BY member_key, basket, line_id, updated_at DESC`);
  });
}

type FeedLoad = (since: string | undefined) => Promise<{ fetched: number; watermark: string | null }>;

/**
 * Loads the three member feeds of the ERP from their watermarks, concurrently and
 * independently: a feed that fails keeps its watermark and records its error.
 */
export async function loadMemberFeeds(
  store: AnalyticsStore,
  erp: ErpAdapter,
  ctx: CallContext,
  now: () => Date,
): Promise<MemberFeedReport[]> {
  const loads: Record<MemberFeed, FeedLoad> = {
    // The partner keeps a change date, not an instant: the watermark is that local day, read again next time.
    'ERP:LOYALTY': async (since) => {
      const accounts = await loyaltyAccountsChangedSince(erp.client, ctx, since);
      await upsertMemberAccounts(store, accounts);
      return { fetched: accounts.length, watermark: accounts.reduce<string | null>((w, a) => laterOf(w, a.changedOn), null) };
    },
    'ERP:POINTS': async (since) => {
      const postings = await pointsPostedSince(erp.client, ctx, since);
      await upsertPointsPostings(store, postings);
      return { fetched: postings.length, watermark: postings.reduce<string | null>((w, p) => newestInstant(w, p.at), null) };
    },
    'ERP:BASKETS': async (since) => {
      const lines = await basketLinesChangedSince(erp.client, ctx, since);
      await upsertBasketLines(store, lines);
      return { fetched: lines.length, watermark: lines.reduce<string | null>((w, l) => newestInstant(w, l.updatedAt), null) };
    },
  };
  return Promise.all(
    MEMBER_FEEDS.map(async (feed): Promise<MemberFeedReport> => {
      const started = Date.now();
      const since = (await store.watermark(feed))?.watermark ?? undefined;
      try {
        const { fetched, watermark } = await loads[feed](since);
        await store.recordSuccess(feed, now().toISOString(), watermark, fetched);
        return { feed, ok: true, fetched, watermark: watermark ?? since ?? null, ms: Date.now() - started };
      } catch (err) {
        const error = isAdapterError(err) ? `${err.code}: ${err.message}` : err instanceof Error ? err.message : String(err);
        await store.recordFailure(feed, now().toISOString(), error);
        return { feed, ok: false, fetched: 0, watermark: since ?? null, ms: Date.now() - started, error };
      }
    }),
  );
}
