import type { CallContext } from '../../../../adapters/core/src/index.ts';
import type { CustomerReturnRecord, ReturnDisposition } from '../../../../adapters/erp/src/index.ts';
import type { Systems } from '../../../runtime/src/index.ts';
import type { ReturnsServices } from '../context.ts';

export interface Deps {
  systems: Systems;
  services: ReturnsServices;
  call: CallContext;
}

export interface LineDisposition {
  sku: string;
  disposition: ReturnDisposition;
  /** TRANSFER: the destination's WMS code. */
  destination?: string;
}

export type ReceiveOutcome =
  | { kind: 'received'; record: CustomerReturnRecord; replayed: boolean }
  | { kind: 'notChangeable'; record: CustomerReturnRecord; message: string };

/**
 * Receives an APPROVED return: each line's disposition on the ERP return, RESTOCK lines back on
 * hand in the WMS at `locationCode`, then the ERP status RECEIVED. Its log is keyed by the
 * return (not by the client's key), so whatever key a retry carries, units go back on hand once.
 *
 * The WMS has no "receive a customer return" operation; a restock sets the position to the
 * count read before it plus the returned units (RecordCycleCount). The target is logged before
 * it is written, so a retry writes the same absolute count instead of adding the units again.
 * A movement at that SKU and store between the read and the write would be overwritten: the
 * limit is documented in docs/returns.md.
 */
export async function receiveReturn(
  deps: Deps,
  record: CustomerReturnRecord,
  dispositions: readonly LineDisposition[],
  locationCode: string | undefined,
): Promise<ReceiveOutcome> {
  const { services, systems, call } = deps;
  if (record.status === 'RECEIVED' || record.status === 'REFUNDED') return { kind: 'received', record, replayed: true };
  if (record.status !== 'APPROVED') {
    return { kind: 'notChangeable', record, message: `return ${record.id} is ${record.status}; only an APPROVED return can be received` };
  }
  const key = `receive:${record.id}`;
  const steps = await services.log.steps(key);
  if (steps.length === 0) await services.log.begin(key, record.id);
  const stepOf = (name: string) => steps.filter((s) => s.step === name);
  const restocked: string[] = [];
  for (const line of record.lines) {
    const chosen = dispositions.find((d) => d.sku === line.sku);
    const disposition = chosen?.disposition ?? 'RESTOCK';
    const where = disposition === 'TRANSFER' ? chosen?.destination : locationCode;
    const set = await services.returns.setDisposition(call, record.id, line.item, disposition, where);
    if (set.kind === 'refused') return { kind: 'notChangeable', record, message: set.message };
    if (disposition !== 'RESTOCK' || !where) continue;
    const step = `restock:${line.item}`;
    const seen = stepOf(step);
    if (seen.some((s) => s.status === 'done')) continue;
    const planned = seen.find((s) => s.status === 'started')?.ref;
    const target = planned !== undefined ? Number(planned) : await onHandAfter(deps, line.sku, where, line.quantity);
    await services.log.record(key, step, 'started', String(target));
    await systems.wms.recordCycleCount(call, { sku: line.sku, locationCode: where, countedQuantity: target });
    await services.log.record(key, step, 'done', String(target));
    restocked.push(line.sku);
  }
  const moved = await services.returns.setStatus(call, record.id, 'RECEIVED');
  if (moved.kind === 'refused') return { kind: 'notChangeable', record, message: moved.message };
  await services.log.finish(key, 'done');
  await services.invalidateStock(restocked);
  const [fresh] = await services.returns.get(call, [record.id]);
  return { kind: 'received', record: fresh ?? record, replayed: false };
}

async function onHandAfter(deps: Deps, sku: string, locationCode: string, quantity: number): Promise<number> {
  const [positions] = await deps.systems.wms.getStock(deps.call, [{ sku, locationCode }]);
  const here = positions?.find((p) => p.locationCode === locationCode);
  return (here?.onHand ?? 0) + quantity;
}
