import { isAdapterError, type CallContext } from '../../adapters/core/src/index.ts';
import { customerReturnsCreatedSince, type ErpAdapter } from '../../adapters/erp/src/index.ts';
import type { AnalyticsStore, ReturnLineRow } from './store.ts';

/** The ERP's customer returns (web, post and call-centre returns), with their own watermark row. */
export const ERP_RETURN_FEED = 'ERP:RETURNS' as const;

export interface ErpReturnFeedReport {
  ok: boolean;
  fetched: number;
  watermark: string | null;
  ms: number;
  error?: string;
}

/**
 * Returns created since the watermark (inclusive, so the boundary ones come again and replace
 * themselves). The ERP also holds the money side of till returns (origin POS): those are read
 * from the POS already, so they are left out here; rejected returns sent nothing back.
 */
export async function loadErpReturnFeed(
  store: AnalyticsStore,
  erp: ErpAdapter,
  ctx: CallContext,
  now: () => Date,
): Promise<ErpReturnFeedReport> {
  const started = Date.now();
  const since = (await store.watermark(ERP_RETURN_FEED))?.watermark ?? null;
  try {
    const returns = await customerReturnsCreatedSince(erp.client, ctx, since ?? undefined);
    const rows: ReturnLineRow[] = returns
      .filter((r) => r.originSystem !== 'POS' && r.status !== 'REJECTED')
      .flatMap((r) =>
        r.lines.map((l) => ({
          // The original order's system: return rates join a return to its sale by (system, order id).
          system: r.originSystem,
          returnId: r.id,
          lineId: l.item,
          storeCode: r.storeCode,
          sku: l.sku,
          quantity: l.quantity,
          refund: l.amount.amount,
          currency: l.amount.currency,
          returnedAt: r.createdAt,
          sourceOrderId: r.originalOrderId,
        })),
      );
    if (rows.length > 0) await store.upsertReturnLines(rows);
    const newest = returns.reduce<string | null>(
      (w, r) => (w === null || Date.parse(r.createdAt) > Date.parse(w) ? r.createdAt : w),
      since,
    );
    await store.recordSuccess(ERP_RETURN_FEED, now().toISOString(), newest, returns.length);
    return { ok: true, fetched: returns.length, watermark: newest, ms: Date.now() - started };
  } catch (err) {
    const error = isAdapterError(err) ? `${err.code}: ${err.message}` : err instanceof Error ? err.message : String(err);
    await store.recordFailure(ERP_RETURN_FEED, now().toISOString(), error);
    return { ok: false, fetched: 0, watermark: since, ms: Date.now() - started, error };
  }
}
