import { AdapterError, parseJson, type CallContext, type Money } from '../../core/src/index.ts';
import {
  createGiftCardBody,
  giftCardActivityBody,
  refundPaymentBody,
  tendersOf,
  tillPaymentBody,
  toMoney,
  toRefundRecord,
} from './mapping.ts';
import type { PosAdapter } from './PosAdapter.ts';
import {
  CreatePaymentResponseSchema,
  GiftCardActivityResponseSchema,
  GiftCardResponseSchema,
  RefundPaymentResponseSchema,
  RetrieveOrderResponseSchema,
  type RefundRecord,
  type RefundRequest,
  type StoreCreditRecord,
  type TenderRecord,
  type TillPaymentRequest,
} from './types.ts';

/**
 * The till's money writes for returns and exchanges, beside the read adapter (they share its
 * SystemClient: one breaker and concurrency cap for the POS). Every write carries Square's
 * `idempotency_key`, so SystemClient may retry it and Square answers a retry with the first
 * result: a refund or a store-credit load never happens twice for one key.
 */

/** Square's cap on `idempotency_key`. */
const MAX_KEY = 45;

export interface PosRefusal {
  kind: 'refused';
  code: string;
  message: string;
}

export type PosRefundOutcome = { kind: 'refunded'; refund: RefundRecord } | PosRefusal;

function checkKey(key: string): void {
  if (key.length < 1 || key.length > MAX_KEY) throw new RangeError(`POS idempotency keys are 1–${MAX_KEY} characters`);
}

function refusal(body: { errors?: { code: string; detail?: string | null }[] | null }, operation: string) {
  const e = body.errors?.[0];
  return { code: e?.code ?? 'BAD_REQUEST', message: e?.detail ?? `POS refused ${operation}` };
}

/** The tenders of a till sale (null when the POS does not know the order). */
export async function saleTenders(pos: PosAdapter, ctx: CallContext, orderId: string): Promise<TenderRecord[] | null> {
  const response = await pos.client.request(ctx, {
    operation: 'RetrieveOrder',
    path: `/v2/orders/${encodeURIComponent(orderId)}`,
    passStatuses: [404],
    parse: parseJson,
    schema: RetrieveOrderResponseSchema,
  });
  if (response.status === 404 || !response.body.order) return null;
  return tendersOf(response.body.order);
}

/** RefundPayment to a sale's tender. A refund over what is left is a refusal, not an error. */
export async function refundPayment(pos: PosAdapter, ctx: CallContext, request: RefundRequest): Promise<PosRefundOutcome> {
  checkKey(request.idempotencyKey);
  const response = await pos.client.request(ctx, {
    operation: 'RefundPayment',
    method: 'POST',
    path: '/v2/refunds',
    json: refundPaymentBody(request),
    idempotencyKey: request.idempotencyKey,
    passStatuses: [400, 404],
    parse: parseJson,
    schema: RefundPaymentResponseSchema,
  });
  const refund = response.body.refund;
  if (refund) return { kind: 'refunded', refund: toRefundRecord(refund) };
  return { kind: 'refused', ...refusal(response.body, 'RefundPayment') };
}

/**
 * Store credit: a new digital gift card, activated with the amount (Square has no separate
 * store-credit object). Both calls are keyed from `idempotencyKey`, so a retry finds the card
 * created the first time and does not activate it twice.
 */
export async function issueStoreCredit(
  pos: PosAdapter,
  ctx: CallContext,
  request: { posLocationId: string; amount: Money; reference: string; idempotencyKey: string },
): Promise<StoreCreditRecord> {
  checkKey(`${request.idempotencyKey}-c`);
  const created = await pos.client.request(ctx, {
    operation: 'CreateGiftCard',
    method: 'POST',
    path: '/v2/gift-cards',
    json: createGiftCardBody(`${request.idempotencyKey}-c`, request.posLocationId),
    idempotencyKey: `${request.idempotencyKey}-c`,
    parse: parseJson,
    schema: GiftCardResponseSchema,
  });
  const card = created.body.gift_card;
  if (!card)
    throw new AdapterError({ system: 'POS', code: 'UPSTREAM_BAD_RESPONSE', message: 'POS CreateGiftCard answered without a card' });
  const activated = await giftCardActivity(pos, ctx, 'ACTIVATE', `${request.idempotencyKey}-a`, { id: card.id }, request);
  if ('kind' in activated) throw new AdapterError({ system: 'POS', code: 'UPSTREAM_BAD_RESPONSE', message: activated.message });
  return activated;
}

/** Loads an amount onto an existing gift card (refund to a gift card), by its number. */
export async function loadGiftCard(
  pos: PosAdapter,
  ctx: CallContext,
  request: { giftCardNumber: string; posLocationId: string; amount: Money; reference: string; idempotencyKey: string },
): Promise<StoreCreditRecord | PosRefusal> {
  checkKey(request.idempotencyKey);
  return giftCardActivity(pos, ctx, 'LOAD', request.idempotencyKey, { gan: request.giftCardNumber }, request);
}

async function giftCardActivity(
  pos: PosAdapter,
  ctx: CallContext,
  type: 'ACTIVATE' | 'LOAD',
  key: string,
  card: { id?: string; gan?: string },
  request: { posLocationId: string; amount: Money; reference: string },
): Promise<StoreCreditRecord | PosRefusal> {
  const response = await pos.client.request(ctx, {
    operation: 'CreateGiftCardActivity',
    method: 'POST',
    path: '/v2/gift-cards/activities',
    json: giftCardActivityBody(type, key, card, request),
    idempotencyKey: key,
    passStatuses: [400, 404],
    parse: parseJson,
    schema: GiftCardActivityResponseSchema,
  });
  const activity = response.body.gift_card_activity;
  if (!activity) {
    return { kind: 'refused', ...refusal(response.body, 'CreateGiftCardActivity') };
  }
  return { giftCardNumber: activity.gift_card_gan, balance: toMoney(activity.gift_card_balance_money), activityId: activity.id };
}

/** Records a payment the till took on its own terminal (the customer paying an exchange's difference). */
export async function recordTillPayment(
  pos: PosAdapter,
  ctx: CallContext,
  request: TillPaymentRequest,
): Promise<{ paymentId: string; amount: Money }> {
  checkKey(request.idempotencyKey);
  const response = await pos.client.request(ctx, {
    operation: 'CreatePayment',
    method: 'POST',
    path: '/v2/payments',
    json: tillPaymentBody(request),
    idempotencyKey: request.idempotencyKey,
    parse: parseJson,
    schema: CreatePaymentResponseSchema,
  });
  const payment = response.body.payment;
  if (!payment)
    throw new AdapterError({ system: 'POS', code: 'UPSTREAM_BAD_RESPONSE', message: 'POS CreatePayment answered without a payment' });
  return { paymentId: payment.id, amount: toMoney(payment.amount_money) };
}
