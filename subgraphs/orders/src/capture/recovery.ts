import type { CallContext, OrderRecord } from '../../../../adapters/core/src/index.ts';
import type { OpenSaga, SagaStep } from '../../../runtime/src/index.ts';
import { claimKey, holdKey, orderReference, releaseHolds, type PlaceOrderOutcome, type PlaceOrderSagaDeps } from './placeOrderSaga.ts';

export interface RecoveryOptions {
  /**
   * Only sagas idle this long are touched, so a saga still running elsewhere is left alone.
   * Keep it at least the idempotency store's lock time. @default 60000
   */
  idleMs?: number;
}

export interface RecoveryReport {
  /** Sagas whose ERP order existed: finished as placed, its holds kept. */
  resumed: string[];
  /** Sagas without an ERP order: every hold released, the key given back for a retry. */
  compensated: string[];
  /** Sagas that could not be settled now (a system down); tried again next run. */
  pending: string[];
}

interface Hold {
  attempt: number;
  line: number;
  id?: string;
  request?: { sku: string; locationCode: string; quantity: number; ttlMinutes: number };
}

/** The holds a saga's log says were asked for, with the WMS number when the step finished. */
function holdsOf(steps: readonly SagaStep[]): Hold[] {
  const holds = new Map<string, Hold>();
  for (const s of steps) {
    const m = /^reserve:(\d+):(\d+)$/.exec(s.step);
    if (!m) continue;
    const hold = holds.get(s.step) ?? { attempt: Number(m[1]), line: Number(m[2]) };
    if (s.status === 'started' && s.ref) hold.request = JSON.parse(s.ref) as Hold['request'];
    if (s.status === 'done') hold.id = s.ref;
    if (s.status === 'failed') holds.delete(s.step);
    else holds.set(s.step, hold);
  }
  const released = new Set(steps.filter((s) => s.step.startsWith('release:') && s.status === 'compensated').map((s) => s.ref));
  return [...holds.values()].filter((h) => h.id === undefined || !released.has(h.id));
}

function customerOf(steps: readonly SagaStep[]): string | undefined {
  const begin = steps.find((s) => s.step === 'begin' && s.ref);
  return begin?.ref?.slice(begin.ref.indexOf(':') + 1);
}

/** The attempt that created the ERP order, when the log or the ERP says one exists. */
async function erpOrderOf(
  deps: PlaceOrderSagaDeps,
  ctx: CallContext,
  saga: OpenSaga,
): Promise<{ order: OrderRecord; attempt: number } | null> {
  const erpSteps = saga.steps.filter((s) => s.step.startsWith('erpOrder:'));
  if (erpSteps.length === 0) return null;
  const customer = customerOf(saga.steps);
  if (!customer) return null;
  const order = await deps.erp.findByReference(ctx, customer, orderReference(saga.key));
  if (!order) return null;
  const attempt = Math.max(...erpSteps.map((s) => Number(s.step.split(':')[1])));
  return { order, attempt };
}

/**
 * Settles place-order sagas a crash left open: when the ERP has the order, the saga is
 * finished as placed (the client's retry gets that order); otherwise every hold it took is
 * released (holds whose answer was lost are found again by their WMS idempotency key) and the
 * key is given back. Run at subgraph start and periodically; safe to run concurrently with
 * itself, since every step it takes is idempotent.
 */
export async function recoverPlaceOrders(
  deps: PlaceOrderSagaDeps,
  ctx: CallContext,
  options: RecoveryOptions = {},
): Promise<RecoveryReport> {
  const report: RecoveryReport = { resumed: [], compensated: [], pending: [] };
  for (const saga of await deps.log.open(options.idleMs ?? 60_000)) {
    try {
      const placed = await erpOrderOf(deps, ctx, saga);
      const reference = orderReference(saga.key);
      const toRelease: string[] = [];
      for (const hold of holdsOf(saga.steps)) {
        if (placed && hold.attempt === placed.attempt) continue;
        if (hold.id) toRelease.push(hold.id);
        else if (hold.request) {
          // The create's answer was lost: asking again with its key returns the hold if it was made.
          const again = await deps.wms.createReservation(ctx, {
            ...hold.request,
            reference,
            idempotencyKey: holdKey(reference, hold.attempt, hold.line),
          });
          if (again.outcome === 'HELD') toRelease.push(again.reservation.id);
        }
      }
      if (!(await releaseHolds(deps, ctx, saga.key, toRelease))) {
        report.pending.push(saga.key);
        continue;
      }
      const claim = await deps.idempotency.claim<PlaceOrderOutcome>(claimKey(saga.key));
      if (placed) {
        if (claim.state !== 'done')
          await deps.idempotency.complete(claimKey(saga.key), { kind: 'placed', order: placed.order } satisfies PlaceOrderOutcome);
        await deps.log.finish(saga.key, 'done');
        report.resumed.push(saga.key);
      } else {
        if (claim.state !== 'done') await deps.idempotency.release(claimKey(saga.key));
        await deps.log.finish(saga.key, 'compensated');
        report.compensated.push(saga.key);
      }
    } catch {
      report.pending.push(saga.key);
    }
  }
  return report;
}
