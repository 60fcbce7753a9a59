import { balanceDue, type OrderCancelReason, type OrderDetailsRecord, type OrderHoldReason } from '../../../../adapters/erp/src/index.ts';
import { badUserInput } from '../../../runtime/src/index.ts';
import type { OrdersContext } from '../context.ts';
import type { CardPaymentInput, PaymentMethodChoice } from '../generated/resolvers.ts';
import {
  fromErp,
  loadDetails,
  refused,
  releaseAll,
  runChange,
  settlePaymentHold,
  wmsHoldsOf,
  type ChangeOutcome,
  type ChangeResultModel,
} from './orderChange.ts';
import { toCard } from './placeOrderInput.ts';

/** Rejects every open line (SAP's cancellation) and releases the order's WMS holds. */
async function cancel(ctx: OrdersContext, details: OrderDetailsRecord, reason: OrderCancelReason): Promise<ChangeOutcome> {
  if (details.cancelled) return refused('ORDER_CANCELLED', `order ${details.number} is already cancelled`);
  const open = details.lines.filter((l) => !l.rejected);
  const shipped = open.filter((l) => l.shipped).map((l) => l.lineId);
  if (shipped.length > 0)
    return refused('LINE_SHIPPED', 'lines have already left: intercept the shipment or take a return instead', shipped);
  const holds = await wmsHoldsOf(ctx, details);
  for (const line of open) {
    const done = await ctx.capture.changes.rejectLine(ctx.call, details.externalId, line.lineId, reason);
    if (done.kind !== 'done') return fromErp(done, [line.lineId]);
  }
  await releaseAll(ctx, holds);
  return { kind: 'changed' };
}

export function cancelOrder(
  args: { orderId: string; reason: Exclude<OrderCancelReason, 'HOLD_REJECTED'>; idempotencyKey: string },
  ctx: OrdersContext,
): Promise<ChangeResultModel> {
  return runChange(ctx, 'cancelOrder', args.orderId, args.idempotencyKey, args.reason, async (so) =>
    cancel(ctx, await loadDetails(ctx, so), args.reason),
  );
}

export function approveOrderHold(args: { orderId: string; reason: OrderHoldReason }, ctx: OrdersContext): Promise<ChangeResultModel> {
  // Releasing a hold sets the remaining ones: repeating it changes nothing, so it needs no key.
  return runChange(ctx, 'approveOrderHold', args.orderId, null, args.reason, async (so) => {
    const details = await loadDetails(ctx, so);
    if (details.cancelled) return refused('ORDER_CANCELLED', `order ${details.number} is cancelled`);
    const reasons = details.holds.map((h) => h.reason);
    if (!reasons.includes(args.reason)) return refused('HOLD_NOT_FOUND', `order ${details.number} has no ${args.reason} hold`);
    const done = await ctx.capture.changes.setHolds(
      ctx.call,
      so,
      reasons.filter((r) => r !== args.reason),
    );
    return done.kind === 'done' ? { kind: 'changed' } : fromErp(done);
  });
}

export function rejectOrderHold(
  args: { orderId: string; reason: OrderHoldReason; idempotencyKey: string },
  ctx: OrdersContext,
): Promise<ChangeResultModel> {
  return runChange(ctx, 'rejectOrderHold', args.orderId, args.idempotencyKey, args.reason, async (so) => {
    const details = await loadDetails(ctx, so);
    if (!details.cancelled && !details.holds.some((h) => h.reason === args.reason)) {
      return refused('HOLD_NOT_FOUND', `order ${details.number} has no ${args.reason} hold`);
    }
    return cancel(ctx, details, 'HOLD_REJECTED');
  });
}

async function charge(ctx: OrdersContext, details: OrderDetailsRecord, card: CardPaymentInput, name: string): Promise<ChangeOutcome> {
  const payment = toCard(card, name);
  const due = balanceDue(details);
  if (due === '0.00') return refused('NOTHING_DUE', `nothing is due on order ${details.number}`);
  const amount = payment.amount ?? due;
  if (Number(amount) > Number(due)) throw badUserInput(`${name}.amount is more than the balance due (${due})`);
  const paid = await ctx.capture.changes.addPayment(ctx.call, details.externalId, { ...payment, amount });
  if (paid.kind !== 'done') return fromErp(paid);
  if (paid.value.status === 'DECLINED')
    return refused('PAYMENT_DECLINED', `the payment provider declined the card ending ${payment.last4}`);
  return { kind: 'changed' };
}

export function addPayment(
  args: { orderId: string; payment: CardPaymentInput; idempotencyKey: string },
  ctx: OrdersContext,
): Promise<ChangeResultModel> {
  return runChange(ctx, 'addPayment', args.orderId, args.idempotencyKey, args.payment, async (so) => {
    const details = await loadDetails(ctx, so);
    if (details.cancelled) return refused('ORDER_CANCELLED', `order ${details.number} is cancelled`);
    const outcome = await charge(ctx, details, args.payment, 'payment');
    await settlePaymentHold(ctx, await loadDetails(ctx, so));
    return outcome;
  });
}

export function changePaymentMethod(
  args: { orderId: string; method: PaymentMethodChoice; card?: CardPaymentInput | null; idempotencyKey: string },
  ctx: OrdersContext,
): Promise<ChangeResultModel> {
  if (args.method !== 'PAY_ON_PICKUP' && !args.card) throw badUserInput('card is required for CARD and GIFT_CARD');
  return runChange(ctx, 'changePaymentMethod', args.orderId, args.idempotencyKey, [args.method, args.card], async (so) => {
    const details = await loadDetails(ctx, so);
    if (details.cancelled) return refused('ORDER_CANCELLED', `order ${details.number} is cancelled`);
    const { changes } = ctx.capture;
    if (args.method === 'PAY_ON_PICKUP') {
      const ship = details.lines.filter((l) => !l.rejected && l.deliveryMethod === 'SHIP').map((l) => l.lineId);
      if (ship.length > 0) return refused('REJECTED', 'pay on pickup needs every open line to be a pickup', ship);
      const done = await changes.setPayOnPickup(ctx.call, so, true);
      if (done.kind !== 'done') return fromErp(done);
    } else {
      const outcome = await charge(ctx, details, { ...args.card!, method: args.method }, 'card');
      if (outcome.kind !== 'changed') return outcome;
      if (details.payOnPickup) {
        const done = await changes.setPayOnPickup(ctx.call, so, false);
        if (done.kind !== 'done') return fromErp(done);
      }
    }
    await settlePaymentHold(ctx, await loadDetails(ctx, so));
    return { kind: 'changed' };
  });
}
