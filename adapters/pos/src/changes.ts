import { z } from 'zod';
import { parseJson, type CallContext, type Money, type OrderRecord, type SystemClient } from '../../core/src/index.ts';
import { chunk } from './batching.ts';
import { isReturnOrder, toMoney, toOrderRecord } from './mapping.ts';
import { parseReceiptNumber } from './receiptNumber.ts';
import { OrderSchema } from './types.ts';

/** A till return line, as the change feed reads it. */
export interface PosReturnLineRecord {
  returnId: string;
  lineId: string;
  /** SKU when the line names it, else Square's catalog variation id (see `skuByCatalogId`). */
  sku: string;
  catalogObjectId?: string;
  quantity: number;
  refund: Money;
  returnedAt: string;
  updatedAt: string;
  posLocationId: string;
  /** Square order id of the sale returned, when the return is linked to one. */
  sourceOrderId?: string;
}

export interface PosChanges {
  sales: OrderRecord[];
  returns: PosReturnLineRecord[];
  /** Catalog variation id → SKU, learnt from sale lines (return lines carry only the id). */
  skuByCatalogId: Map<string, string>;
  /** POS location id → WMS store code, learnt from sales (return orders carry no receipt number). */
  storeCodeByLocation: Map<string, string>;
}

export interface PosChangeFeedOptions {
  /** Orders per SearchOrders page (Square allows up to 1000). @default 500 */
  pageSize?: number;
  /** Pages followed per location chunk at most. @default 1000 */
  maxPages?: number;
  /** WMS store code per POS location id; otherwise read from receipt numbers. @default {} */
  storeCodes?: Record<string, string>;
}

const MoneySchema = z.object({ amount: z.number().int(), currency: z.string().min(1) });
const ReturnOrderSchema = OrderSchema.extend({
  line_items: z
    .array(z.object({ catalog_object_id: z.string().nullish(), metadata: z.record(z.string(), z.string()).nullish() }).loose())
    .nullish(),
  returns: z
    .array(
      z.object({
        source_order_id: z.string().nullish(),
        return_line_items: z
          .array(
            z.object({
              uid: z.string().nullish(),
              catalog_object_id: z.string().nullish(),
              quantity: z.string(),
              total_money: MoneySchema.nullish(),
            }),
          )
          .nullish(),
      }),
    )
    .nullish(),
});
const SearchSchema = z.object({ orders: z.array(z.unknown()).nullish(), cursor: z.string().nullish() });
const MAX_LOCATIONS = 10;

/**
 * Till sales and till returns updated at or after `since` (every order when undefined), oldest
 * update first, through the adapter's client. Square's `date_time_filter.updated_at` is
 * inclusive, so a caller upserts by id.
 */
export async function posOrdersChangedSince(
  client: SystemClient,
  ctx: CallContext,
  posLocationIds: readonly string[],
  since: string | undefined,
  options: PosChangeFeedOptions = {},
): Promise<PosChanges> {
  const pageSize = options.pageSize ?? 500;
  const maxPages = options.maxPages ?? 1000;
  const codes = new Map(Object.entries(options.storeCodes ?? {}));
  const storeCodeOf = (locationId: string, reference: string | undefined) =>
    codes.get(locationId) ?? (reference ? parseReceiptNumber(reference)?.storeCode : undefined);
  const result: PosChanges = { sales: [], returns: [], skuByCatalogId: new Map(), storeCodeByLocation: new Map(codes) };
  for (const locationIds of chunk(posLocationIds, MAX_LOCATIONS)) {
    let cursor: string | undefined;
    for (let page = 0; page < maxPages; page++) {
      const filter = since !== undefined ? { date_time_filter: { updated_at: { start_at: since } } } : {};
      const body = {
        location_ids: locationIds,
        limit: pageSize,
        ...(cursor && { cursor }),
        query: { filter, sort: { sort_field: 'UPDATED_AT', sort_order: 'ASC' } },
      };
      const response = await client.request(ctx, {
        operation: 'SearchOrders',
        method: 'POST',
        path: '/v2/orders/search',
        json: body,
        idempotent: true,
        parse: parseJson,
        schema: SearchSchema,
      });
      for (const raw of response.body.orders ?? []) {
        const sale = OrderSchema.parse(raw);
        if (!isReturnOrder(sale)) {
          const record = toOrderRecord(sale, storeCodeOf);
          result.sales.push(record);
          if (record.storeCode) result.storeCodeByLocation.set(sale.location_id, record.storeCode);
          for (const line of sale.line_items ?? []) {
            if (line.catalog_object_id && line.metadata?.sku) result.skuByCatalogId.set(line.catalog_object_id, line.metadata.sku);
          }
          continue;
        }
        const ret = ReturnOrderSchema.parse(raw);
        for (const r of ret.returns ?? []) {
          (r.return_line_items ?? []).forEach((line, i) => {
            const refund = toMoney(line.total_money ?? { amount: 0, currency: ret.total_money.currency });
            result.returns.push({
              returnId: ret.reference_id ?? ret.id,
              lineId: line.uid ?? String(i + 1),
              sku: line.catalog_object_id ?? '',
              ...(line.catalog_object_id && { catalogObjectId: line.catalog_object_id }),
              quantity: Number(line.quantity),
              refund,
              returnedAt: ret.created_at,
              updatedAt: ret.updated_at ?? ret.created_at,
              posLocationId: ret.location_id,
              ...(r.source_order_id && { sourceOrderId: r.source_order_id }),
            });
          });
        }
      }
      cursor = response.body.cursor ?? undefined;
      if (!cursor) break;
    }
  }
  return result;
}
