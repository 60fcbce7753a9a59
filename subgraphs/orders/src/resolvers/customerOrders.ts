import type { GraphQLResolveInfo } from 'graphql';
import { AdapterError, encodeId, type OrderRecord } from '../../../../adapters/core/src/index.ts';
import { badUserInput } from '../../../runtime/src/index.ts';
import type { OrdersContext } from '../context.ts';
import type { CustomerRefModel, OrderConnectionModel, OrderModel } from '../models.ts';

const MAX_FIRST = 100;

export const toOrderModel = (record: OrderRecord): OrderModel => ({
  ...record,
  id: encodeId('ord', record.system, record.externalId),
});

/** Newest first; ties broken by id so pages never overlap or skip. */
const newestFirst = (a: OrderModel, b: OrderModel) => b.placedAt.localeCompare(a.placedAt) || a.id.localeCompare(b.id);

const encodeCursor = (o: OrderModel) => Buffer.from(JSON.stringify([o.placedAt, o.id])).toString('base64url');

function decodeCursor(cursor: string): [string, string] | undefined {
  try {
    const value = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown;
    return Array.isArray(value) && value.length === 2 && value.every((v) => typeof v === 'string')
      ? (value as [string, string])
      : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Every channel's orders for one person, merged newest first. Each system is asked once per
 * request for all its keys (DataLoader); a system that fails costs only its own orders.
 */
export async function customerOrders(
  customer: CustomerRefModel,
  args: { first?: number | null; after?: string | null },
  ctx: OrdersContext,
  info: GraphQLResolveInfo,
): Promise<OrderConnectionModel> {
  const first = args.first ?? 20;
  if (first < 0 || first > MAX_FIRST) throw badUserInput(`first must be between 0 and ${MAX_FIRST}`);
  const after = args.after ? decodeCursor(args.after) : undefined;
  if (args.after && !after) throw badUserInput('after is not a cursor from this connection');

  const ids = (system: string) => (customer.identities ?? []).filter((i) => i.system === system).map((i) => i.externalId);
  const { loaders } = ctx;
  const fetches: [string[], (id: string) => Promise<OrderRecord[]>][] = [
    [ids('ERP'), (id) => loaders.erpByCustomer.load(id)],
    [ids('POS'), (id) => loaders.posByCustomer.load(id)],
    [ids('MARKETPLACE'), (id) => loaders.marketplaceByBuyer.load(id)],
  ];
  const results = await Promise.all(
    fetches.flatMap(([keys, load]) =>
      keys.map(async (key) => {
        try {
          return await load(key);
        } catch (err) {
          if (!(err instanceof AdapterError)) throw err;
          ctx.partial.report(err, info);
          return [];
        }
      }),
    ),
  );
  const seen = new Set<string>();
  const all = results
    .flat()
    .map(toOrderModel)
    .filter((o) => !seen.has(o.id) && seen.add(o.id))
    .sort(newestFirst);
  const start = after ? all.findIndex((o) => newestFirst(o, { placedAt: after[0], id: after[1] } as OrderModel) > 0) : 0;
  const from = start < 0 ? all.length : start;
  const nodes = all.slice(from, from + first);
  const last = nodes[nodes.length - 1];
  return {
    nodes,
    totalCount: all.length,
    pageInfo: { hasNextPage: from + first < all.length, endCursor: last ? encodeCursor(last) : null },
  };
}
