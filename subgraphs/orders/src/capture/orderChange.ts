import { createHash } from 'node:crypto';
import { GraphQLError } from 'graphql';
import { decodeId, encodeId } from '../../../../adapters/core/src/index.ts';
import { balanceDue, type ErpChangeRefusal, type OrderDetailsRecord, type OrderHoldReason } from '../../../../adapters/erp/src/index.ts';
import type { ReservationRecord } from '../../../../adapters/wms/src/index.ts';
import { IdempotencyError, badUserInput } from '../../../runtime/src/index.ts';
import type { OrdersContext } from '../context.ts';
import type { OrderChangeRefusalCode } from '../generated/resolvers.ts';
import type { OrderModel } from '../models.ts';
import { toOrderModel } from '../resolvers/customerOrders.ts';

/**
 * What the order-change mutations share: the idempotent run, loading the order fresh from the
 * ERP, its WMS holds, the payment hold's settlement, and the typed answers.
 */

const KEY = /^[\x21-\x7e]{1,100}$/;

export type Refusal = { kind: 'refused'; code: OrderChangeRefusalCode; message: string; lineIds: string[] };
export type Short = { kind: 'short'; line: number; sku: string; locationCode: string; requested: number; available: number };
/** What an idempotency key replays (no personal data: the order is read fresh for the answer). */
export type ChangeOutcome = { kind: 'changed' } | Refusal | Short;

export type ChangeResultModel =
  | { __typename: 'OrderChanged'; order: OrderModel; replayed: boolean }
  | { __typename: 'OrderChangeRefused'; code: OrderChangeRefusalCode; message: string; lineIds: string[] }
  | { __typename: 'OrderInsufficientStock'; line: number; sku: string; locationId: string; requested: number; available: number };

export const refused = (code: OrderChangeRefusalCode, message: string, lineIds: string[] = []): Refusal => ({
  kind: 'refused',
  code,
  message,
  lineIds,
});

/** An ERP refusal of a change, in the schema's codes. */
export function fromErp(r: ErpChangeRefusal, lineIds: string[] = []): Refusal {
  const code = r.code === 'SHIPPED' ? 'LINE_SHIPPED' : r.code === 'CANCELLED' ? 'ORDER_CANCELLED' : 'REJECTED';
  return refused(code, r.message, lineIds);
}

/** The ERP sales order behind an order id, or a typed refusal for orders of other channels. */
export function erpOrderOf(orderId: string): string | Refusal {
  const decoded = decodeId('ord', orderId);
  if (!decoded) throw badUserInput('orderId is not an order id');
  if (decoded.system !== 'ERP') return refused('NOT_CHANGEABLE', `${decoded.system} orders are changed in their own system`);
  return decoded.externalId;
}

/** Reads the order fresh (never from cache): a change must see what it changes. */
export async function loadDetails(ctx: OrdersContext, salesOrder: string): Promise<OrderDetailsRecord> {
  const [details] = await ctx.capture.changes.getDetails(ctx.call, [salesOrder]);
  if (!details) throw badUserInput('orderId is not a known order');
  return details;
}

/** The WMS holds placed for the order (their reference is the order's ERP reference). */
export async function wmsHoldsOf(ctx: OrdersContext, details: OrderDetailsRecord): Promise<ReservationRecord[]> {
  const skus = [...new Set(details.lines.map((l) => l.sku))];
  if (skus.length === 0) return [];
  const held = await ctx.systems.wms.getReservations(ctx.call, { skus, status: 'HELD' });
  return held.filter((r) => r.reference === details.number);
}

/** What is due before delivery is covered: nothing left to pay, or the balance is paid at the pickup till. */
export function paymentCovered(details: OrderDetailsRecord): boolean {
  if (balanceDue(details) === '0.00') return true;
  return details.payOnPickup && !details.payments.some((p) => p.status === 'DECLINED');
}

/** Sets or releases the payment hold to match the payments now recorded. */
export async function settlePaymentHold(ctx: OrdersContext, details: OrderDetailsRecord): Promise<void> {
  const reasons = details.holds.map((h) => h.reason);
  const has = reasons.includes('PAYMENT_NOT_AUTHORIZED');
  const covered = paymentCovered(details);
  if (has === !covered) return;
  const next: OrderHoldReason[] = covered ? reasons.filter((r) => r !== 'PAYMENT_NOT_AUTHORIZED') : [...reasons, 'PAYMENT_NOT_AUTHORIZED'];
  await ctx.capture.changes.setHolds(ctx.call, details.externalId, next);
}

/** Releases WMS holds; one that cannot be released expires on its own (TTL), so it is not fatal. */
export async function releaseAll(ctx: OrdersContext, holds: readonly ReservationRecord[]): Promise<void> {
  await Promise.all(holds.map((h) => ctx.systems.wms.releaseReservation(ctx.call, h.id).catch(() => null)));
}

async function answer(ctx: OrdersContext, salesOrder: string, outcome: ChangeOutcome, replayed: boolean): Promise<ChangeResultModel> {
  if (outcome.kind === 'refused')
    return { __typename: 'OrderChangeRefused', code: outcome.code, message: outcome.message, lineIds: outcome.lineIds };
  if (outcome.kind === 'short') {
    const { line, sku, locationCode, requested, available } = outcome;
    return { __typename: 'OrderInsufficientStock', line, sku, locationId: encodeId('loc', 'WMS', locationCode), requested, available };
  }
  const [record] = await ctx.systems.erp.getOrders(ctx.call, [salesOrder]);
  if (!record) throw badUserInput('orderId is not a known order');
  return { __typename: 'OrderChanged', order: toOrderModel(record), replayed };
}

/**
 * Runs one change of one ERP order under its idempotency key (`null`: the change is naturally
 * repeatable), then drops what it made stale and answers with the order as the ERP has it now.
 */
export async function runChange(
  ctx: OrdersContext,
  mutation: string,
  orderId: string,
  key: string | null,
  args: unknown,
  change: (salesOrder: string) => Promise<ChangeOutcome>,
): Promise<ChangeResultModel> {
  if (key !== null && !KEY.test(key)) throw badUserInput('idempotencyKey must be 1–100 visible ASCII characters');
  const salesOrder = erpOrderOf(orderId);
  if (typeof salesOrder !== 'string') return answer(ctx, '', salesOrder, false);
  const work = async () => {
    try {
      return await change(salesOrder);
    } finally {
      const [d] = await ctx.capture.changes.getDetails(ctx.call, [salesOrder]).catch(() => [null]);
      await ctx.capture.invalidateOrder(salesOrder, d?.lines.map((l) => l.sku) ?? [], d?.customerExternalId);
    }
  };
  if (key === null) return answer(ctx, salesOrder, await work(), false);
  const fingerprint = createHash('sha256')
    .update(JSON.stringify([orderId, args]))
    .digest('base64url');
  try {
    const { result, replayed } = await ctx.capture.idempotency.run(`${mutation}:${key}`, work, { fingerprint });
    return await answer(ctx, salesOrder, result, replayed);
  } catch (err) {
    if (err instanceof IdempotencyError) throw new GraphQLError(err.message, { extensions: { code: err.code } });
    throw err;
  }
}
