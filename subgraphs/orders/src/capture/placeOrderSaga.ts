import { createHash } from 'node:crypto';
import type { CallContext, OrderRecord } from '../../../../adapters/core/src/index.ts';
import {
  balanceDue,
  type ErpOrderChanges,
  type ErpOrderWriter,
  type OrderAddressRecord,
  type OrderContactRecord,
  type OrderHoldReason,
  type OrderServiceLevel,
  type SalesOrderChannel,
  type SalesOrderPaymentRequest,
} from '../../../../adapters/erp/src/index.ts';
import type { WmsAdapter } from '../../../../adapters/wms/src/index.ts';
import { IdempotencyError, type IdempotencyStore, type SagaLog, type SagaStep } from '../../../runtime/src/index.ts';

/** One line to place: the WMS location that fulfils it is where its stock is held. */
export interface PlaceOrderLine {
  sku: string;
  quantity: number;
  deliveryMethod: 'SHIP' | 'PICKUP';
  locationCode: string;
  /** ISO date promised to the customer. */
  promisedDate?: string;
  /** @default "STANDARD" */
  serviceLevel?: OrderServiceLevel;
}

/** What the saga places. It holds personal data (contact, address): only its hash is stored. */
export interface PlaceOrderCommand {
  customerExternalId: string;
  channel: SalesOrderChannel;
  lines: readonly PlaceOrderLine[];
  /** The order audit's holds (payment aside: the saga checks it after paying). @default none */
  holds?: readonly OrderHoldReason[];
  /** @default none */
  shipTo?: OrderAddressRecord;
  /** @default none */
  contact?: OrderContactRecord;
  /** @default false */
  completeDelivery?: boolean;
  /** Nothing is due before the pickup (PAY_ON_PICKUP, or a deposit's balance at the till). @default false */
  payOnPickup?: boolean;
  /** A card or gift card charged when the order exists; `amount` a deposit, else the order's value. @default none */
  payment?: Omit<SalesOrderPaymentRequest, 'amount'> & { amount?: string };
}

export type PlaceOrderOutcome =
  | { kind: 'placed'; order: OrderRecord }
  | { kind: 'insufficientStock'; line: number; sku: string; locationCode: string; requested: number; available: number }
  | { kind: 'rejected'; reason: string };

export interface PlaceOrderSagaDeps {
  wms: WmsAdapter;
  erp: ErpOrderWriter;
  /** Pays and settles the payment hold after the create. */
  changes: ErpOrderChanges;
  idempotency: IdempotencyStore;
  log: SagaLog;
}

export interface PlaceOrderSagaOptions {
  /** How long an order's stock stays held in the WMS, in minutes (the WMS allows a week). @default 10080 */
  holdMinutes?: number;
  /**
   * Awaited after each step is recorded (tracing; tests stop a saga here to model a process
   * that died between steps). @default none
   */
  afterStep?: (step: string) => Promise<void>;
}

export const PLACE_ORDER_SAGA = 'placeOrder';

/** The ERP reference (PurchaseOrderByCustomer, ≤ 35 chars) that ties an ERP order to its key. */
export function orderReference(idempotencyKey: string): string {
  return `R360-${createHash('sha256').update(idempotencyKey).digest('base64url').slice(0, 24)}`;
}

/** The WMS idempotency key of one line's hold in one attempt (a retry after compensation is a new attempt). */
export const holdKey = (reference: string, attempt: number, line: number) => `${reference}-${attempt}-${line}`;

export const claimKey = (key: string) => `${PLACE_ORDER_SAGA}:${key}`;

/** Reads the attempts (`begin` entries) so far and what each step of the saga recorded. */
export function attemptsOf(steps: readonly SagaStep[]): number {
  return steps.filter((s) => s.step === 'begin').length;
}

/**
 * Place order = hold each line's stock in the WMS, then create the ERP sales order. Every
 * step is logged before and after it runs, so a crash leaves enough behind for
 * `recoverPlaceOrders` to finish the order (the ERP has it) or release the holds (it does not).
 * A finished saga's outcome is replayed for its idempotency key; a failure that leaves nothing
 * behind gives the key back so the client can retry.
 */
export async function placeOrderSaga(
  deps: PlaceOrderSagaDeps,
  ctx: CallContext,
  key: string,
  command: PlaceOrderCommand,
  options: PlaceOrderSagaOptions = {},
): Promise<{ outcome: PlaceOrderOutcome; replayed: boolean }> {
  const { idempotency, log, wms, erp } = deps;
  const fingerprint = createHash('sha256').update(JSON.stringify(command)).digest('base64url');
  const claim = await idempotency.claim<PlaceOrderOutcome>(claimKey(key), fingerprint);
  if (claim.state === 'done') return { outcome: claim.result, replayed: true };
  if (claim.state === 'in-progress') {
    throw new IdempotencyError('IDEMPOTENCY_KEY_IN_PROGRESS', 'an order with this idempotency key is still being placed; retry later');
  }
  const reference = orderReference(key);
  const attempt = attemptsOf(await log.steps(key)) + 1;
  const after = options.afterStep ?? (async () => undefined);
  const holdMinutes = options.holdMinutes ?? 10_080;
  await log.begin(key, `${attempt}:${command.customerExternalId}`);

  const held: string[] = [];
  // A hold that could not be released keeps the saga open: recovery releases it later.
  let released = true;
  const finish = async (outcome: PlaceOrderOutcome, end: 'done' | 'compensated') => {
    await idempotency.complete(claimKey(key), outcome, fingerprint);
    if (released) await log.finish(key, end);
    return { outcome, replayed: false };
  };
  const undo = async () => {
    released = await releaseHolds(deps, ctx, key, held);
  };

  try {
    for (const [i, line] of command.lines.entries()) {
      const step = `reserve:${attempt}:${i}`;
      await log.record(
        key,
        step,
        'started',
        JSON.stringify({ sku: line.sku, locationCode: line.locationCode, quantity: line.quantity, ttlMinutes: holdMinutes }),
      );
      const result = await wms.createReservation(ctx, {
        sku: line.sku,
        locationCode: line.locationCode,
        quantity: line.quantity,
        ttlMinutes: holdMinutes,
        reference,
        idempotencyKey: holdKey(reference, attempt, i),
      });
      if (result.outcome === 'INSUFFICIENT_STOCK') {
        await log.record(key, step, 'failed');
        await undo();
        const { sku, locationCode } = line;
        return await finish(
          { kind: 'insufficientStock', line: i, sku, locationCode, requested: result.requested, available: result.available },
          'compensated',
        );
      }
      held.push(result.reservation.id);
      await log.record(key, step, 'done', result.reservation.id);
      await after(step);
    }

    const step = `erpOrder:${attempt}`;
    await log.record(key, step, 'started', reference);
    const created = await createOrFind(deps, ctx, reference, command);
    if (created.kind === 'refused') {
      await log.record(key, step, 'failed');
      await undo();
      return await finish({ kind: 'rejected', reason: created.message }, 'compensated');
    }
    await log.record(key, step, 'done', created.order.externalId);
    await after(step);
    const order = await settlePayment(deps, ctx, key, attempt, command, created.order);
    return await finish({ kind: 'placed', order }, 'done');
  } catch (err) {
    // Nothing may stay held for an order that does not exist; the key is given back for a retry.
    await undo().catch(() => (released = false));
    if (released) {
      await log.finish(key, 'compensated').catch(() => undefined);
      await idempotency.release(claimKey(key)).catch(() => undefined);
    }
    throw err;
  }

  async function createOrFind(d: PlaceOrderSagaDeps, c: CallContext, ref: string, cmd: PlaceOrderCommand) {
    try {
      return await erp.createSalesOrder(c, {
        customerExternalId: cmd.customerExternalId,
        channel: cmd.channel,
        reference: ref,
        // Created blocked for payment whenever something is due before delivery: released once paid.
        holds: [...(cmd.holds ?? []), ...(cmd.payOnPickup ? [] : (['PAYMENT_NOT_AUTHORIZED'] as const))],
        ...(cmd.shipTo && { shipTo: cmd.shipTo }),
        ...(cmd.contact && { contact: cmd.contact }),
        ...(cmd.payOnPickup && { payOnPickup: true }),
        ...(cmd.completeDelivery && { completeDelivery: true }),
        lines: cmd.lines.map((l) => ({
          sku: l.sku,
          quantity: l.quantity,
          deliveryMethod: l.deliveryMethod,
          locationCode: l.locationCode,
          ...(l.serviceLevel && { serviceLevel: l.serviceLevel }),
          ...(l.promisedDate && { requestedDate: l.promisedDate }),
        })),
      });
    } catch (err) {
      // A create whose answer was lost may still have happened: ask before undoing anything.
      const found = await d.erp.findByReference(c, cmd.customerExternalId, ref).catch(() => null);
      if (found) return { kind: 'created' as const, order: found, replayed: true };
      throw err;
    }
  }
}

/** Releases holds, logging each; a release that fails is logged and left for recovery. */
export async function releaseHolds(
  deps: Pick<PlaceOrderSagaDeps, 'wms' | 'log'>,
  ctx: CallContext,
  key: string,
  ids: readonly string[],
): Promise<boolean> {
  let all = true;
  for (const id of ids) {
    try {
      await deps.wms.releaseReservation(ctx, id);
      await deps.log.record(key, `release:${id}`, 'compensated', id);
    } catch {
      all = false;
      await deps.log.record(key, `release:${id}`, 'failed', id).catch(() => undefined);
    }
  }
  return all;
}

/**
 * After the create: charges the card (the deposit, or the order's value as the ERP priced it)
 * and, when what is due before delivery is covered, releases the payment hold. A declined card
 * leaves the order on hold for finance, placed all the same. Errors here never undo the order:
 * it exists, held for payment, which is the safe state.
 */
async function settlePayment(
  deps: PlaceOrderSagaDeps,
  ctx: CallContext,
  key: string,
  attempt: number,
  command: PlaceOrderCommand,
  order: OrderRecord,
): Promise<OrderRecord> {
  const step = `payment:${attempt}`;
  try {
    if (command.payment) {
      await deps.log.record(key, step, 'started');
      const amount = command.payment.amount ?? order.grandTotal.amount;
      const paid = await deps.changes.addPayment(ctx, order.externalId, { ...command.payment, amount });
      await deps.log.record(key, step, paid.kind === 'done' ? 'done' : 'failed', paid.kind === 'done' ? paid.value.id : undefined);
    }
    const [details] = await deps.changes.getDetails(ctx, [order.externalId]);
    const declined = details?.payments.some((p) => p.status === 'DECLINED') ?? true;
    // As paymentCovered (orderChange.ts): nothing left to pay, or the balance is paid at the pickup till.
    const covered = details != null && (balanceDue(details) === '0.00' || (command.payOnPickup === true && !declined));
    if (!covered) return order;
    await deps.changes.setHolds(ctx, order.externalId, command.holds ?? []);
    return (await deps.erp.findByReference(ctx, order.customerExternalId ?? '', order.number)) ?? order;
  } catch {
    await deps.log.record(key, step, 'failed').catch(() => undefined);
    return order;
  }
}
