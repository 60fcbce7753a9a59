import type { FastifyInstance } from 'fastify';
import { decodeCursor, page } from '../cursor.ts';
import { invalidRequest, notFound } from '../errors.ts';
import type { PosStore } from '../store.ts';
import * as read from '../validate.ts';

const YEAR_MS = 365 * 86_400_000;
const SORT_ORDERS = ['DESC', 'ASC'] as const;
const PAYMENT_SORT = ['CREATED_AT', 'OFFLINE_CREATED_AT', 'UPDATED_AT'] as const;
const REFUND_SORT = ['CREATED_AT', 'UPDATED_AT'] as const;

/**
 * Listings (the writes — refunds, till payments — are in moneyWrites.ts). "Now" for the default one-year window is the
 * dataset's reference date, so the seeded history is visible whatever the wall clock says.
 */
export function paymentRoutes(app: FastifyInstance, store: PosStore): void {
  app.get('/v2/payments', async (request) => {
    const q = request.query;
    const window = timeWindow(q, store.nowMs);
    const sortOrder = read.queryEnum(q, 'sort_order', SORT_ORDERS) ?? 'DESC';
    const sortField = read.queryEnum(q, 'sort_field', PAYMENT_SORT) ?? 'CREATED_AT';
    // Square: "By default, results are returned for the default (main) location".
    const locationId = read.queryParam(q, 'location_id') ?? store.locations[0]?.id;
    const total = read.queryInteger(q, 'total', 0, Number.MAX_SAFE_INTEGER);
    const last4 = read.queryParam(q, 'last_4');
    const brand = read.queryParam(q, 'card_brand');
    const limit = Math.min(100, read.queryInteger(q, 'limit', 1, Number.MAX_SAFE_INTEGER) ?? 100);
    const fp = { op: 'payments', window, sortOrder, sortField, locationId, total, last4, brand };
    const offset = decodeCursor(read.queryParam(q, 'cursor'), fp);
    const key = sortField === 'UPDATED_AT' ? 'updated_at' : 'created_at';
    const matched = store.payments
      .filter(
        (p) =>
          p.location_id === locationId &&
          read.inRange(p.created_at, window) &&
          (total === undefined || p.total_money.amount === total) &&
          (last4 === undefined || p.card_details?.card.last_4 === last4) &&
          (brand === undefined || p.card_details?.card.card_brand === brand.toUpperCase()),
      )
      .sort((a, b) => compare(a[key], b[key], sortOrder) || compare(a.id, b.id, 'ASC'));
    const result = page(matched, offset, limit, fp);
    return { ...(result.items.length > 0 && { payments: result.items }), ...(result.cursor && { cursor: result.cursor }) };
  });

  app.get<{ Params: { payment_id: string } }>('/v2/payments/:payment_id', async (request) => {
    const payment = store.paymentsById.get(request.params.payment_id);
    if (!payment) throw notFound(`Payment with ID \`${request.params.payment_id}\` not found.`);
    return { payment };
  });

  app.get('/v2/refunds', async (request) => {
    const q = request.query;
    const window = timeWindow(q, store.nowMs);
    const sortOrder = read.queryEnum(q, 'sort_order', SORT_ORDERS) ?? 'DESC';
    const sortField = read.queryEnum(q, 'sort_field', REFUND_SORT) ?? 'CREATED_AT';
    const locationId = read.queryParam(q, 'location_id');
    const status = read.queryParam(q, 'status');
    const sourceType = read.queryParam(q, 'source_type');
    const limit = Math.min(100, read.queryInteger(q, 'limit', 1, Number.MAX_SAFE_INTEGER) ?? 100);
    const fp = { op: 'refunds', window, sortOrder, sortField, locationId, status, sourceType };
    const offset = decodeCursor(read.queryParam(q, 'cursor'), fp);
    const key = sortField === 'UPDATED_AT' ? 'updated_at' : 'created_at';
    const matched = store.refunds
      .filter(
        (r) =>
          (locationId === undefined || r.location_id === locationId) &&
          read.inRange(r.created_at, window) &&
          (status === undefined || r.status === status) &&
          (sourceType === undefined || sourceTypeOf(store, r.payment_id) === sourceType),
      )
      .sort((a, b) => compare(a[key], b[key], sortOrder) || compare(a.id, b.id, 'ASC'));
    const result = page(matched, offset, limit, fp);
    return { ...(result.items.length > 0 && { refunds: result.items }), ...(result.cursor && { cursor: result.cursor }) };
  });

  app.get<{ Params: { refund_id: string } }>('/v2/refunds/:refund_id', async (request) => {
    const refund = store.refundsById.get(request.params.refund_id);
    if (!refund) throw notFound(`Refund with ID \`${request.params.refund_id}\` not found.`);
    return { refund };
  });
}

function timeWindow(q: unknown, nowMs: number): read.TimeRange {
  const endMs = read.queryTimestamp(q, 'end_time') ?? nowMs;
  const startMs = read.queryTimestamp(q, 'begin_time') ?? endMs - YEAR_MS;
  if (startMs > endMs) throw invalidRequest('INVALID_TIME_RANGE', '`begin_time` must not be after `end_time`.', 'begin_time');
  return { startMs, endMs };
}

function sourceTypeOf(store: PosStore, paymentId: string | undefined): string | undefined {
  return paymentId ? store.paymentsById.get(paymentId)?.source_type : undefined;
}

function compare(a: string, b: string, order: 'ASC' | 'DESC'): number {
  if (a === b) return 0;
  return (a < b ? -1 : 1) * (order === 'ASC' ? 1 : -1);
}
