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
 * Restock is the WMS's ReceiveStock of kind CUSTOMER_RETURN, referenced by the return and its
 * line: it adds the units and books each reference once.
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
  const restocked: string[] = [];
  for (const line of record.lines) {
    const chosen = dispositions.find((d) => d.sku === line.sku);
    const disposition = chosen?.disposition ?? 'RESTOCK';
    const where = disposition === 'TRANSFER' ? chosen?.destination : locationCode;
    const set = await services.returns.setDisposition(call, record.id, line.item, disposition, where);
    if (set.kind === 'refused') return { kind: 'notChangeable', record, message: set.message };
    if (disposition !== 'RESTOCK' || !where) continue;
    // The WMS books a customer return once per reference, so a retry or a resumed saga cannot
    // add the units twice, and the units are added, never set: a sale in between is kept.
    await systems.wms.receiveStock(call, {
      locationCode: where,
      reference: `${record.id}-${line.item}`.slice(0, 40),
      kind: 'CUSTOMER_RETURN',
      lines: [{ sku: line.sku, quantity: line.quantity }],
    });
    restocked.push(line.sku);
  }
  const moved = await services.returns.setStatus(call, record.id, 'RECEIVED');
  if (moved.kind === 'refused') return { kind: 'notChangeable', record, message: moved.message };
  await services.log.finish(key, 'done');
  await services.invalidateStock(restocked);
  const [fresh] = await services.returns.get(call, [record.id]);
  return { kind: 'received', record: fresh ?? record, replayed: false };
}
