import type { Money } from '../../../../adapters/core/src/index.ts';
import { recordTillPayment } from '../../../../adapters/pos/src/index.ts';
import { IdempotencyError } from '../../../runtime/src/index.ts';
import { openReturn, referenceOf, type ReturnRequest } from './create.ts';
import { fromCents, toCents, type NotEligible } from './policy.ts';
import { receiveReturn, type Deps } from './receive.ts';
import { refundReturn } from './refund.ts';

export interface ExchangeRequest extends Omit<ReturnRequest, 'lines'> {
  storeCode: string;
  posLocationId?: string;
  /** The ERP customer the replacement order is for. */
  customerExternalId: string;
  lines: readonly { sku: string; quantity: number; replacementSku: string; reason?: string | null }[];
}

export type Settlement = 'EVEN' | 'CHARGED' | 'REFUNDED' | 'DEFERRED';

/** JSON-serialisable: it is what a repeated idempotency key replays. */
export type ExchangeOutcome =
  | { kind: 'exchanged'; returnId: string; salesOrder: string; difference: Money; settlement: Settlement; settlementReference?: string }
  | { kind: 'notEligible'; reasons: NotEligible[] }
  | { kind: 'proofNotFound'; message: string }
  | { kind: 'notPossible'; sku?: string; message: string };

/**
 * Exchange = open the return, hold each replacement at the store, (in a store) receive and
 * restock the returned items, create the ERP sales order for the replacements, link the two,
 * settle the difference. Every step is keyed from the idempotency key (ERP references, WMS hold
 * keys, POS idempotency keys), so a retry after a failure resumes without doubling anything; a
 * step the business refuses undoes the holds and rejects the return that was not received.
 */
export async function exchange(
  deps: Deps,
  key: string,
  request: ExchangeRequest,
): Promise<{ outcome: ExchangeOutcome; replayed: boolean }> {
  const { services, systems, call } = deps;
  const claimKey = `exchange:${key}`;
  const fingerprint = JSON.stringify(request);
  const claim = await services.idempotency.claim<ExchangeOutcome>(claimKey, fingerprint);
  if (claim.state === 'done') return { outcome: claim.result, replayed: true };
  if (claim.state === 'in-progress')
    throw new IdempotencyError('IDEMPOTENCY_KEY_IN_PROGRESS', 'this exchange is still running; retry later');
  const finish = async (outcome: ExchangeOutcome) => {
    await services.idempotency.complete(claimKey, outcome, fingerprint);
    await services.log.finish(claimKey, outcome.kind === 'exchanged' ? 'done' : 'compensated');
    return { outcome, replayed: false };
  };
  const ref = referenceOf('XCH', key);
  const holds: string[] = [];
  const release = async () => {
    for (const id of holds) await systems.wms.releaseReservation(call, id).catch(() => undefined);
  };
  try {
    await services.log.begin(claimKey, ref);
    const replacements = [...new Set(request.lines.map((l) => l.replacementSku))];
    const products = await systems.erp.getProducts(call, replacements);
    const unknown = replacements.find((_, i) => !products[i]);
    if (unknown) return await finish({ kind: 'notPossible', sku: unknown, message: `${unknown} is not a product` });

    const opened = await openReturn(deps, key, { ...request, lines: request.lines }, 'XCH');
    if (opened.kind !== 'created') return await finish(opened);
    let record = opened.record;
    await services.log.record(claimKey, 'return', 'done', record.id);

    for (const [i, line] of request.lines.entries()) {
      const held = await systems.wms.createReservation(call, {
        sku: line.replacementSku,
        locationCode: request.storeCode,
        quantity: line.quantity,
        ttlMinutes: services.holdMinutes,
        reference: ref,
        idempotencyKey: `${ref}-h${i}`,
      });
      if (held.outcome === 'INSUFFICIENT_STOCK') {
        await release();
        await services.returns.setStatus(call, record.id, 'REJECTED');
        const message = `only ${held.available} of ${line.quantity} ${line.replacementSku} can be held at ${request.storeCode}`;
        return await finish({ kind: 'notPossible', sku: line.replacementSku, message });
      }
      holds.push(held.reservation.id);
      await services.log.record(claimKey, `hold:${i}`, 'done', held.reservation.id);
    }
    await services.invalidateStock(replacements);

    if (request.channel === 'STORE') {
      const received = await receiveReturn(deps, record, [], request.storeCode);
      if (received.kind === 'received') record = received.record;
    }

    const created = await services.orders.createSalesOrder(call, {
      customerExternalId: request.customerExternalId,
      channel: 'CALL_CENTRE',
      reference: ref,
      lines: request.lines.map((l) => ({
        sku: l.replacementSku,
        quantity: l.quantity,
        deliveryMethod: 'PICKUP' as const,
        locationCode: request.storeCode,
      })),
    });
    if (created.kind === 'refused') {
      await release();
      if (record.status === 'APPROVED') await services.returns.setStatus(call, record.id, 'REJECTED');
      return await finish({ kind: 'notPossible', message: `the ERP refused the replacement order: ${created.message}` });
    }
    const order = created.order;
    await services.log.record(claimKey, 'order', 'done', order.externalId);
    const linked = await services.returns.setExchangeOrder(call, record.id, order.externalId);
    if (linked.kind === 'refused')
      throw new Error(`ERP refused to link return ${record.id} to order ${order.externalId}: ${linked.message}`);

    const difference = toCents(order.grandTotal) - toCents(record.total);
    const currency = order.grandTotal.currency;
    const base = {
      kind: 'exchanged' as const,
      returnId: record.id,
      salesOrder: order.externalId,
      difference: fromCents(difference, currency),
    };
    if (difference === 0) return await finish({ ...base, settlement: 'EVEN' });
    if (difference > 0) {
      const paid = await recordTillPayment(systems.pos, call, {
        posLocationId: request.posLocationId ?? '',
        amount: fromCents(difference, currency),
        reference: order.number,
        note: `Exchange ${record.id}: difference for order ${order.number}`,
        idempotencyKey: `r360-${record.id}-xc`,
      });
      await services.log.record(claimKey, 'charge', 'done', paid.paymentId);
      return await finish({ ...base, settlement: 'CHARGED', settlementReference: paid.paymentId });
    }
    if (record.status !== 'RECEIVED') return await finish({ ...base, settlement: 'DEFERRED' });
    const [linkedRecord] = await services.returns.get(call, [record.id]);
    const refunded = await refundReturn(deps, linkedRecord ?? record, { tender: 'STORE_CREDIT', amount: fromCents(-difference, currency) });
    if (refunded.kind !== 'refunded') return await finish({ ...base, settlement: 'DEFERRED' });
    return await finish({
      ...base,
      settlement: 'REFUNDED',
      ...(refunded.record.creditMemo && { settlementReference: refunded.record.creditMemo.id }),
    });
  } catch (err) {
    // Every step is keyed, so the client's retry resumes here; the key is given back for it.
    await services.idempotency.release(claimKey).catch(() => undefined);
    throw err;
  }
}
