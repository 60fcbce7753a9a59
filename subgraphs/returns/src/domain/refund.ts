import type { Money } from '../../../../adapters/core/src/index.ts';
import type { CustomerReturnRecord, RefundTender } from '../../../../adapters/erp/src/index.ts';
import { issueStoreCredit, loadGiftCard, refundPayment, saleTenders } from '../../../../adapters/pos/src/index.ts';
import { fromCents, toCents } from './policy.ts';
import type { Deps } from './receive.ts';

export type RefundMethod = 'POS_REFUND' | 'STORE_CREDIT' | 'GIFT_CARD_LOAD' | 'ERP_CREDIT_MEMO' | 'MARKETPLACE';

export type RefundOutcome =
  | { kind: 'refunded'; record: CustomerReturnRecord; method: RefundMethod }
  | { kind: 'notRefundable'; record: CustomerReturnRecord; message: string };

export interface RefundRequest {
  tender: RefundTender;
  giftCardNumber?: string;
  /** What to pay back; the return's value (less what an exchange used) when absent. */
  amount?: Money;
}

/**
 * Refund = move the money, then post the ERP credit memo. Exactly once per return, whatever
 * key the client sends: every POS write is keyed by the return (`r360-<return>-…`, which the POS
 * dedupes), and the ERP takes one credit memo per return. A failure between the two leaves the
 * money step recorded; the retry replays it at the POS and posts the memo.
 */
export async function refundReturn(deps: Deps, record: CustomerReturnRecord, request: RefundRequest): Promise<RefundOutcome> {
  const { services, call } = deps;
  if (record.status === 'REFUNDED') {
    const memo = record.creditMemo ? ` by credit memo ${record.creditMemo.id}` : '';
    return { kind: 'notRefundable', record, message: `return ${record.id} was already refunded${memo}` };
  }
  if (record.status !== 'RECEIVED') {
    return { kind: 'notRefundable', record, message: `return ${record.id} is ${record.status}; it is refunded once RECEIVED` };
  }
  const amount = request.amount ?? (await refundableValue(deps, record));
  if (toCents(amount) <= 0) {
    return { kind: 'notRefundable', record, message: `return ${record.id} paid for its exchange order: nothing is left to refund` };
  }
  const key = `refund:${record.id}`;
  const steps = await services.log.steps(key);
  if (steps.length === 0) await services.log.begin(key, record.id);
  await services.log.record(key, 'money', 'started', request.tender);
  const money = await moveMoney(deps, record, request, amount);
  if (money.kind === 'refused') {
    await services.log.record(key, 'money', 'failed');
    await services.log.finish(key, 'compensated');
    return { kind: 'notRefundable', record, message: money.message };
  }
  await services.log.record(key, 'money', 'done', money.reference);
  const memo = await services.returns.postCreditMemo(call, record.id, {
    amount,
    tender: request.tender,
    reference: `CM-${record.id}`,
    ...(money.reference && { refundReference: money.reference.slice(0, 40) }),
  });
  if (memo.kind === 'refused') return { kind: 'notRefundable', record, message: memo.message };
  await services.log.record(key, 'creditMemo', 'done', memo.value.id);
  await services.log.finish(key, 'done');
  const [fresh] = await services.returns.get(call, [record.id]);
  return { kind: 'refunded', record: fresh ?? record, method: money.method };
}

/** The return's value, less the replacement order an exchange paid for with it. */
async function refundableValue(deps: Deps, record: CustomerReturnRecord): Promise<Money> {
  if (!record.exchangeOrderId) return record.total;
  const [order] = await deps.systems.erp.getOrders(deps.call, [record.exchangeOrderId]);
  const used = order ? toCents(order.grandTotal) : 0;
  return fromCents(Math.max(0, toCents(record.total) - used), record.total.currency);
}

type MoneyMoved = { kind: 'moved'; method: RefundMethod; reference?: string } | { kind: 'refused'; message: string };

async function posLocationOf(deps: Deps, storeCode: string | undefined): Promise<string | undefined> {
  const sites = await deps.systems.wms.getLocations(deps.call);
  const store = sites.find((s) => s.code === storeCode && s.posLocationId) ?? sites.find((s) => s.kind === 'STORE' && s.posLocationId);
  return store?.posLocationId;
}

async function moveMoney(deps: Deps, record: CustomerReturnRecord, request: RefundRequest, amount: Money): Promise<MoneyMoved> {
  const { systems, call } = deps;
  const reference = `RET-${record.id}`;
  if (request.tender === 'STORE_CREDIT' || request.tender === 'GIFT_CARD') {
    const posLocationId = await posLocationOf(deps, record.storeCode);
    if (!posLocationId) return { kind: 'refused', message: 'no POS store can issue store credit' };
    if (request.tender === 'STORE_CREDIT') {
      const credit = await issueStoreCredit(systems.pos, call, {
        posLocationId,
        amount,
        reference,
        idempotencyKey: `r360-${record.id}-sc`,
      });
      return { kind: 'moved', method: 'STORE_CREDIT', reference: credit.activityId };
    }
    const loaded = await loadGiftCard(systems.pos, call, {
      giftCardNumber: request.giftCardNumber ?? '',
      posLocationId,
      amount,
      reference,
      idempotencyKey: `r360-${record.id}-gc`,
    });
    if ('kind' in loaded) return { kind: 'refused', message: `gift card: ${loaded.message}` };
    return { kind: 'moved', method: 'GIFT_CARD_LOAD', reference: loaded.activityId };
  }
  if (record.originSystem === 'ERP') return { kind: 'moved', method: 'ERP_CREDIT_MEMO' };
  if (record.originSystem === 'MARKETPLACE') return { kind: 'moved', method: 'MARKETPLACE' };
  return refundTenders(deps, record, amount);
}

/** Till sale: back to its tenders, the largest first, until the amount is covered. */
async function refundTenders(deps: Deps, record: CustomerReturnRecord, amount: Money): Promise<MoneyMoved> {
  const tenders = await saleTenders(deps.systems.pos, deps.call, record.originalOrderId);
  if (!tenders?.length) return { kind: 'refused', message: `the POS has no tender of sale ${record.originalOrderId} to refund to` };
  let left = toCents(amount);
  const ids: string[] = [];
  const ordered = [...tenders].sort((a, b) => toCents(b.amount) - toCents(a.amount));
  for (const [i, tender] of ordered.entries()) {
    if (left <= 0) break;
    const part = Math.min(left, toCents(tender.amount));
    const outcome = await refundPayment(deps.systems.pos, deps.call, {
      paymentId: tender.paymentId,
      amount: fromCents(part, amount.currency),
      reason: `Return ${record.id}`,
      idempotencyKey: `r360-${record.id}-t${i}`,
    });
    if (outcome.kind === 'refused') return { kind: 'refused', message: `POS refused the refund: ${outcome.message}` };
    ids.push(outcome.refund.id);
    left -= part;
  }
  if (left > 0) return { kind: 'refused', message: 'the sale’s tenders cannot cover the refund' };
  return { kind: 'moved', method: 'POS_REFUND', reference: ids.join(',') };
}
