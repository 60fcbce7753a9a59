/**
 * Change feed of the ERP's customer returns (API_CUSTOMER_RETURN_SRV) for the analytical store:
 * returns created at or after a watermark, oldest first, through the adapter's own client. The
 * entity set has no change date (a status change leaves no trace a filter can find), so the feed
 * follows the creation instant the ERP stamps on every return.
 */
import type { z } from 'zod';
import { parseJson, type CallContext, type SystemClient, type SystemResponse } from '../../core/src/index.ts';
import { EXPAND, ReturnsSchema, SERVICE, toRecord, type CustomerReturnRecord } from './customerReturns.ts';
import { encodeQuery, nextLinkQuery } from './odata.ts';

export interface ReturnChangeFeedOptions {
  /** Returns per page ($top of each request). @default 500 */
  pageSize?: number;
  /** Pages followed at most in one read (a runaway `__next` chain stops here). @default 1000 */
  maxPages?: number;
}

function dateTimeOffset(iso: string): string {
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) throw new RangeError(`not an ISO 8601 instant: ${iso}`);
  return `datetimeoffset'${new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z')}'`;
}

/**
 * Customer returns (with items) created at or after `since` (inclusive: callers upsert by
 * return id; undefined reads every return), oldest first.
 */
export async function customerReturnsCreatedSince(
  client: SystemClient,
  ctx: CallContext,
  since: string | undefined,
  options: ReturnChangeFeedOptions = {},
): Promise<CustomerReturnRecord[]> {
  const pageSize = options.pageSize ?? 500;
  const maxPages = options.maxPages ?? 1000;
  const params = {
    ...(since !== undefined && { $filter: `YY1_CreationDateTime_SDH ge ${dateTimeOffset(since)}` }),
    $orderby: 'YY1_CreationDateTime_SDH asc,CustomerReturn asc',
    $expand: EXPAND,
  };
  const out: CustomerReturnRecord[] = [];
  let query: string | undefined = encodeQuery({ ...params, $top: String(pageSize), $format: 'json' });
  for (let page = 0; query !== undefined && page < maxPages; page++) {
    const response: SystemResponse<z.infer<typeof ReturnsSchema>> = await client.request(ctx, {
      operation: 'customerReturnsCreatedSince',
      path: `${SERVICE}/A_CustomerReturn?${query}`,
      parse: parseJson,
      schema: ReturnsSchema,
    });
    const { results, __next } = response.body.d;
    out.push(...results.map(toRecord));
    if (results.length === 0) break;
    // SAP pages by `__next` when it caps the page; a full page without one means ask again with $skip.
    query = __next
      ? nextLinkQuery(__next)
      : results.length < pageSize
        ? undefined
        : encodeQuery({ ...params, $top: String(pageSize), $skip: String(out.length), $format: 'json' });
  }
  return out;
}
