import { parseJson, type CallContext, type OrderRecord, type SystemClient, type SystemResponse } from '../../core/src/index.ts';
import { ORDER_EXPAND, PATHS, toOrderRecord } from './mapping.ts';
import { encodeQuery, nextLinkQuery } from './odata.ts';
import { SalesOrderSchema, cachedCollectionOf, type Collection, type SalesOrder } from './types.ts';

export interface ErpChangeFeedOptions {
  /** Orders per page ($top of each request). @default 500 */
  pageSize?: number;
  /** Pages followed at most in one read (a runaway `__next` chain stops here). @default 1000 */
  maxPages?: number;
  /** The ERP's time zone in minutes east of UTC, as the adapter is configured. @default 480 */
  utcOffsetMinutes?: number;
}

/** `2026-11-01T10:00:00.000Z` → the `datetimeoffset'…'` literal SAP accepts (no milliseconds). */
function dateTimeOffset(iso: string): string {
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) throw new RangeError(`not an ISO 8601 instant: ${iso}`);
  return `datetimeoffset'${new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z')}'`;
}

/**
 * Sales orders (with lines) changed at or after `since`, oldest change first, through the
 * adapter's own client (its timeouts, retries, breaker and bulkhead). `since` undefined reads
 * every order. The boundary instant is inclusive, so a caller upserts by order id.
 */
export async function salesOrdersChangedSince(
  client: SystemClient,
  ctx: CallContext,
  since: string | undefined,
  options: ErpChangeFeedOptions = {},
): Promise<OrderRecord[]> {
  const pageSize = options.pageSize ?? 500;
  const maxPages = options.maxPages ?? 1000;
  const mapping = { utcOffsetMinutes: options.utcOffsetMinutes ?? 480 };
  const schema = cachedCollectionOf(SalesOrderSchema);
  const out: OrderRecord[] = [];
  let skip = 0;
  let query: string | undefined = encodeQuery({
    ...(since !== undefined && { $filter: `LastChangeDateTime ge ${dateTimeOffset(since)}` }),
    $orderby: 'LastChangeDateTime asc,SalesOrder asc',
    $expand: ORDER_EXPAND,
    $top: String(pageSize),
    $format: 'json',
  });
  for (let page = 0; query !== undefined && page < maxPages; page++) {
    const response: SystemResponse<Collection<SalesOrder>> = await client.request(ctx, {
      operation: 'salesOrdersChangedSince',
      path: `${PATHS.salesOrder}?${query}`,
      parse: parseJson,
      schema,
    });
    const { results, __next } = response.body.d;
    out.push(...results.map((so) => toOrderRecord(so, mapping)));
    skip += results.length;
    if (results.length === 0) break;
    // SAP pages by `__next` when it caps the page; a full page without one means ask again with $skip.
    query = __next
      ? nextLinkQuery(__next)
      : results.length < pageSize
        ? undefined
        : encodeQuery({
            ...(since !== undefined && { $filter: `LastChangeDateTime ge ${dateTimeOffset(since)}` }),
            $orderby: 'LastChangeDateTime asc,SalesOrder asc',
            $expand: ORDER_EXPAND,
            $top: String(pageSize),
            $skip: String(skip),
            $format: 'json',
          });
  }
  return out;
}
