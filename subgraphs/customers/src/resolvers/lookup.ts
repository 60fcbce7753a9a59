import { decodeId, encodeId, type SystemName } from '../../../../adapters/core/src/index.ts';
import type { CustomersContext } from '../context.ts';
import type { Cluster } from '../identity/cluster.ts';
import type { CustomerModel } from '../models.ts';

export const toModel = (cluster: Cluster): CustomerModel => ({
  id: encodeId('cus', cluster.anchor.system, cluster.anchor.externalId),
  cluster,
});

/** The person behind a customer id, memoised per request (entities and mutations share it). */
export async function resolveById(
  ctx: CustomersContext,
  id: string,
  report: Parameters<CustomersContext['identity']['byRecord']>[3] = () => undefined,
): Promise<CustomerModel | null> {
  const decoded = decodeId('cus', id);
  if (!decoded) return null;
  const memoKey = `customers:byRecord:${decoded.system}:${decoded.externalId}`;
  let pending = ctx.memo.get(memoKey) as Promise<Cluster | undefined> | undefined;
  if (!pending) {
    pending = ctx.identity.byRecord(ctx.call, decoded.system as SystemName, decoded.externalId, report);
    ctx.memo.set(memoKey, pending);
  }
  const cluster = await pending;
  return cluster ? toModel(cluster) : null;
}
