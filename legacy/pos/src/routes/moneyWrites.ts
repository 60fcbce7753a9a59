import { createHash } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { invalidRequest, notFound } from '../errors.ts';
import { squareId } from '../ids.ts';
import type { PosStore } from '../store.ts';
import * as read from '../validate.ts';
import type { SquareMoney, SquarePayment, SquarePaymentRefund } from '../wire.ts';
import type { GiftCardBook, SquareGiftCard } from './giftCards.ts';

/**
 * The till's money writes used by returns and exchanges: RefundPayment (`POST /v2/refunds`),
 * CreatePayment (`POST /v2/payments`, only the `CASH` and `EXTERNAL` sources a till records),
 * CreateGiftCard (`POST /v2/gift-cards`) and CreateGiftCardActivity (`POST
 * /v2/gift-cards/activities`, ACTIVATE and LOAD). Square makes every one idempotent by its
 * `idempotency_key`: the same key and body answer with the first result, the same key with
 * another body is refused (IDEMPOTENCY_KEY_REUSED), so a client retry never moves money twice.
 */

const MAX_KEY = 45;
const MAX_AMOUNT = 100_000_000;

interface Remembered {
  fingerprint: string;
  response: unknown;
}

export interface GiftCardActivity {
  id: string;
  type: 'ACTIVATE' | 'LOAD';
  location_id: string;
  created_at: string;
  gift_card_id: string;
  gift_card_gan: string;
  gift_card_balance_money: SquareMoney;
  activate_activity_details?: { amount_money: SquareMoney; reference_id?: string };
  load_activity_details?: { amount_money: SquareMoney; reference_id?: string };
}

export function moneyWriteRoutes(app: FastifyInstance, store: PosStore, giftCards: GiftCardBook): void {
  const seen = new Map<string, Remembered>();
  const activities: GiftCardActivity[] = [];
  let giftCardSeq = 0;

  /** Runs `create` once per (operation, key); a replay answers with the recorded response. */
  const once = (operation: string, body: read.JsonObject, create: () => unknown): unknown => {
    const key = read.string(body.idempotency_key, 'idempotency_key');
    if (!key) throw invalidRequest('MISSING_REQUIRED_PARAMETER', 'Field must be set', 'idempotency_key');
    if (key.length > MAX_KEY) throw invalidRequest('VALUE_TOO_LONG', `Field must not be greater than ${MAX_KEY} length`, 'idempotency_key');
    const fingerprint = JSON.stringify(body);
    const found = seen.get(`${operation}:${key}`);
    if (found) {
      if (found.fingerprint !== fingerprint) {
        throw invalidRequest('IDEMPOTENCY_KEY_REUSED', 'The idempotency key was already used for a different request.', 'idempotency_key');
      }
      return found.response;
    }
    const response = create();
    seen.set(`${operation}:${key}`, { fingerprint, response });
    return response;
  };

  app.post('/v2/refunds', async (request) => {
    const b = read.body(request.body);
    return once('refund', b, () => {
      const paymentId = read.string(b.payment_id, 'payment_id');
      if (!paymentId) throw invalidRequest('MISSING_REQUIRED_PARAMETER', 'Field must be set', 'payment_id');
      const payment = store.paymentsById.get(paymentId);
      if (!payment) throw notFound(`Payment with ID \`${paymentId}\` not found.`);
      const amount = money(b.amount_money, 'amount_money', payment.amount_money.currency);
      const refunded = payment.refunded_money?.amount ?? 0;
      if (payment.status !== 'COMPLETED') throw invalidRequest('PAYMENT_NOT_REFUNDABLE', `Payment is ${payment.status}.`, 'payment_id');
      if (refunded + amount.amount > payment.total_money.amount) {
        throw invalidRequest(
          'REFUND_AMOUNT_INVALID',
          'The requested refund amount exceeds the amount available to refund.',
          'amount_money',
        );
      }
      const now = new Date().toISOString();
      const refund: SquarePaymentRefund = {
        id: `${payment.id}_${squareId(`refund:${payment.id}:${(payment.refund_ids ?? []).length}:${now}`, 10)}`,
        status: 'COMPLETED',
        location_id: payment.location_id,
        unlinked: false,
        destination_type: payment.source_type === 'CARD' ? 'CARD' : payment.source_type,
        amount_money: amount,
        payment_id: payment.id,
        order_id: payment.order_id,
        reason: read.string(b.reason, 'reason')?.slice(0, 192) ?? '',
        created_at: now,
        updated_at: now,
      };
      store.refunds.push(refund);
      store.refundsById.set(refund.id, refund);
      payment.refunded_money = { amount: refunded + amount.amount, currency: amount.currency };
      payment.refund_ids = [...(payment.refund_ids ?? []), refund.id];
      payment.updated_at = now;
      return { refund };
    });
  });

  app.post('/v2/payments', async (request) => {
    const b = read.body(request.body);
    return once('payment', b, () => {
      const source = read.string(b.source_id, 'source_id');
      if (source !== 'CASH' && source !== 'EXTERNAL') {
        throw invalidRequest('INVALID_VALUE', 'This till records only `CASH` and `EXTERNAL` payments.', 'source_id');
      }
      const locationId = read.string(b.location_id, 'location_id') ?? store.locations[0]?.id ?? '';
      if (!store.locationsById.has(locationId)) throw notFound(`Location with ID \`${locationId}\` not found.`);
      const amount = money(b.amount_money, 'amount_money', 'CNY');
      const reference = read.string(b.reference_id, 'reference_id') ?? '';
      const now = new Date().toISOString();
      const id = squareId(`payment:${locationId}:${reference}:${now}:${store.payments.length}`, 22);
      const external = read.object(b.external_details, 'external_details');
      const payment: SquarePayment = {
        id,
        created_at: now,
        updated_at: now,
        amount_money: amount,
        total_money: amount,
        approved_money: amount,
        status: 'COMPLETED',
        source_type: source,
        ...(source === 'CASH'
          ? { cash_details: { buyer_supplied_money: amount, change_back_money: { amount: 0, currency: amount.currency } } }
          : { external_details: { type: 'OTHER' as const, source: read.string(external?.source, 'external_details.source') ?? 'till' } }),
        location_id: locationId,
        order_id: reference,
        receipt_number: id.slice(0, 4),
      };
      store.payments.push(payment);
      store.paymentsById.set(payment.id, payment);
      return { payment: { ...payment, ...(reference && { reference_id: reference }) } };
    });
  });

  app.post('/v2/gift-cards', async (request) => {
    const b = read.body(request.body);
    return once('giftCard', b, () => {
      const locationId = read.string(b.location_id, 'location_id');
      if (!locationId || !store.locationsById.has(locationId)) throw notFound(`Location with ID \`${locationId ?? ''}\` not found.`);
      const type = read.enumValue(read.object(b.gift_card, 'gift_card')?.type, 'gift_card.type', ['DIGITAL', 'PHYSICAL'] as const);
      if (!type) throw invalidRequest('MISSING_REQUIRED_PARAMETER', 'Field must be set', 'gift_card.type');
      const seq = ++giftCardSeq;
      const gan = `7783${createHash('sha256').update(`gan:${locationId}:${seq}:${Date.now()}`).digest('hex').replace(/\D/g, '').padEnd(12, '7').slice(0, 12)}`;
      const card: SquareGiftCard = {
        id: `gftc:${createHash('sha256').update(gan).digest('hex').slice(0, 32)}`,
        type,
        gan_source: 'SQUARE',
        state: 'PENDING',
        balance_money: { amount: 0, currency: 'CNY' },
        gan,
        created_at: new Date().toISOString(),
      };
      giftCards.byId.set(card.id, card);
      giftCards.byGan.set(card.gan, card);
      return { gift_card: card };
    });
  });

  app.post('/v2/gift-cards/activities', async (request) => {
    const b = read.body(request.body);
    return once('giftCardActivity', b, () => {
      const a = read.object(b.gift_card_activity, 'gift_card_activity');
      if (!a) throw invalidRequest('MISSING_REQUIRED_PARAMETER', 'Field must be set', 'gift_card_activity');
      const type = read.enumValue(a.type, 'gift_card_activity.type', ['ACTIVATE', 'LOAD'] as const);
      if (!type) throw invalidRequest('MISSING_REQUIRED_PARAMETER', 'Field must be set', 'gift_card_activity.type');
      const locationId = read.string(a.location_id, 'gift_card_activity.location_id');
      if (!locationId || !store.locationsById.has(locationId)) throw notFound(`Location with ID \`${locationId ?? ''}\` not found.`);
      const id = read.string(a.gift_card_id, 'gift_card_activity.gift_card_id');
      const gan = read.string(a.gift_card_gan, 'gift_card_activity.gift_card_gan');
      const card = id ? giftCards.byId.get(id) : gan ? giftCards.byGan.get(gan) : undefined;
      if (!card) throw notFound('Gift card not found.');
      const detailsField = type === 'ACTIVATE' ? 'activate_activity_details' : 'load_activity_details';
      const details = read.object(a[detailsField], `gift_card_activity.${detailsField}`);
      const amount = money(details?.amount_money, `gift_card_activity.${detailsField}.amount_money`, card.balance_money.currency);
      const wanted = type === 'ACTIVATE' ? 'PENDING' : 'ACTIVE';
      if (card.state !== wanted) {
        throw invalidRequest('INVALID_GIFT_CARD_STATE', `A ${type} activity needs a ${wanted} gift card; this one is ${card.state}.`);
      }
      card.state = 'ACTIVE';
      card.balance_money = { amount: card.balance_money.amount + amount.amount, currency: amount.currency };
      const reference = read.string(details?.reference_id, `gift_card_activity.${detailsField}.reference_id`);
      const activity: GiftCardActivity = {
        id: `gcact_${squareId(`activity:${card.id}:${activities.length}`, 24).toLowerCase()}`,
        type,
        location_id: locationId,
        created_at: new Date().toISOString(),
        gift_card_id: card.id,
        gift_card_gan: card.gan,
        gift_card_balance_money: { ...card.balance_money },
        [detailsField]: { amount_money: amount, ...(reference && { reference_id: reference }) },
      };
      activities.push(activity);
      return { gift_card_activity: activity };
    });
  });
}

function money(value: unknown, field: string, currency: string): SquareMoney {
  const m = read.object(value, field);
  if (!m) throw invalidRequest('MISSING_REQUIRED_PARAMETER', 'Field must be set', field);
  const amount = read.integer(m.amount, `${field}.amount`, 1, MAX_AMOUNT);
  if (amount === undefined) throw invalidRequest('MISSING_REQUIRED_PARAMETER', 'Field must be set', `${field}.amount`);
  const cur = read.string(m.currency, `${field}.currency`) ?? currency;
  if (cur !== currency) throw invalidRequest('INVALID_CURRENCY', `Expected currency ${currency}.`, `${field}.currency`);
  return { amount, currency: cur };
}
