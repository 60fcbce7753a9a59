/**
 * Change feeds of the loyalty side of the ERP, for the analytical store's member insight:
 * loyalty accounts (tier, balance, expiring points), the points ledger and web shop basket
 * lines, each read by change date through the adapter's own client. Like `changes.ts`, the
 * filters name the change-date fields of the entity sets; the records come out canonical.
 */
import type { ZodType } from 'zod';
import { parseJson, type CallContext, type SystemClient, type SystemResponse } from '../../core/src/index.ts';
import { LOYALTY_SELECT, PATHS, toBasketLine, toLoyaltyRecord, toPointsEntry } from './mapping.ts';
import { encodeQuery, nextLinkQuery, parseODataDate } from './odata.ts';
import type { BasketLineRecord, LoyaltyRecord, PointsEntryRecord } from './records.ts';
import {
  BasketItemSchema,
  LoyaltyAccountSchema,
  PointsTransactionSchema,
  cachedCollectionOf,
  odataDate,
  type Collection,
} from './types.ts';

export interface MemberChangeFeedOptions {
  /** Entities per page ($top of each request). @default 500 */
  pageSize?: number;
  /** Pages followed at most in one read (a runaway `__next` chain stops here). @default 1000 */
  maxPages?: number;
}

/** A loyalty account with the ERP's local change date (YYYY-MM-DD), the feed's watermark. */
export interface LoyaltyChangeRecord extends LoyaltyRecord {
  changedOn: string | null;
}

/** The account's own fields of the loyalty read, without its navigation to the cards. */
const ACCOUNT_FIELDS = LOYALTY_SELECT.split(',').filter((f) => !f.startsWith('to_'));
const LoyaltyChangeSchema = LoyaltyAccountSchema.extend({ LastChangeDate: odataDate.nullish() });

function dateTimeOffset(iso: string): string {
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) throw new RangeError(`not an ISO 8601 instant: ${iso}`);
  return `datetimeoffset'${new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z')}'`;
}

/** Edm.DateTime holds the ERP's local calendar date as midnight UTC: `datetime'2026-11-20T00:00:00'`. */
function localDateLiteral(day: string): string {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(day) || Number.isNaN(Date.parse(day))) throw new RangeError(`not a date: ${day}`);
  return `datetime'${day}T00:00:00'`;
}

/** One filtered, ordered collection read, paged by `__next` or, when SAP caps a page without one, `$skip`. */
async function readChanged<T>(
  client: SystemClient,
  ctx: CallContext,
  operation: string,
  path: string,
  entity: ZodType<T>,
  params: Record<string, string | undefined>,
  options: MemberChangeFeedOptions,
): Promise<T[]> {
  const pageSize = options.pageSize ?? 500;
  const maxPages = options.maxPages ?? 1000;
  const schema: ZodType<Collection<T>> = cachedCollectionOf(entity);
  const out: T[] = [];
  let query: string | undefined = encodeQuery({ ...params, $top: String(pageSize), $format: 'json' });
  for (let page = 0; query !== undefined && page < maxPages; page++) {
    const response: SystemResponse<Collection<T>> = await client.request(ctx, {
      operation,
      path: `${path}?${query}`,
      parse: parseJson,
      schema,
    });
    const { results, __next } = response.body.d;
    out.push(...results);
    if (results.length === 0) break;
    query = __next
      ? nextLinkQuery(__next)
      : results.length < pageSize
        ? undefined
        : encodeQuery({ ...params, $top: String(pageSize), $skip: String(out.length), $format: 'json' });
  }
  return out;
}

/**
 * Loyalty accounts of business partners changed on or after the local day `sinceDay`
 * (YYYY-MM-DD; undefined reads every partner). SAP keeps only a change date on the partner,
 * so the whole boundary day is read again: callers upsert by partner.
 */
export async function loyaltyAccountsChangedSince(
  client: SystemClient,
  ctx: CallContext,
  sinceDay: string | undefined,
  options: MemberChangeFeedOptions = {},
): Promise<LoyaltyChangeRecord[]> {
  const found = await readChanged(
    client,
    ctx,
    'loyaltyAccountsChangedSince',
    PATHS.businessPartner,
    LoyaltyChangeSchema,
    {
      ...(sinceDay !== undefined && { $filter: `LastChangeDate ge ${localDateLiteral(sinceDay)}` }),
      // Cards (numbers, balances) are not asked for: the analytical store keeps no personal data.
      $select: [...ACCOUNT_FIELDS, 'LastChangeDate'].join(','),
      $orderby: 'BusinessPartner asc',
    },
    options,
  );
  return found.map((a) => ({
    ...toLoyaltyRecord(a),
    changedOn: a.LastChangeDate ? new Date(parseODataDate(a.LastChangeDate)).toISOString().slice(0, 10) : null,
  }));
}

/** Points postings made at or after `since` (inclusive; undefined reads the whole ledger), oldest first. */
export async function pointsPostedSince(
  client: SystemClient,
  ctx: CallContext,
  since: string | undefined,
  options: MemberChangeFeedOptions = {},
): Promise<PointsEntryRecord[]> {
  const found = await readChanged(
    client,
    ctx,
    'pointsPostedSince',
    PATHS.pointsTransaction,
    PointsTransactionSchema,
    {
      ...(since !== undefined && { $filter: `PostingDateTime ge ${dateTimeOffset(since)}` }),
      $orderby: 'PostingDateTime asc,PointsTransaction asc',
    },
    options,
  );
  return found.map(toPointsEntry);
}

/**
 * Web shop cart and wishlist lines changed at or after `since` (inclusive), oldest first. A
 * line deleted in the ERP leaves no trace in this feed; see docs/analytics.md.
 */
export async function basketLinesChangedSince(
  client: SystemClient,
  ctx: CallContext,
  since: string | undefined,
  options: MemberChangeFeedOptions = {},
): Promise<BasketLineRecord[]> {
  const found = await readChanged(
    client,
    ctx,
    'basketLinesChangedSince',
    PATHS.basketItem,
    BasketItemSchema,
    {
      ...(since !== undefined && { $filter: `LastChangeDateTime ge ${dateTimeOffset(since)}` }),
      $orderby: 'LastChangeDateTime asc,BusinessPartner asc,BasketItem asc',
    },
    options,
  );
  return found.map(toBasketLine).filter((l): l is BasketLineRecord => l !== null);
}
