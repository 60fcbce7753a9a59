import DataLoader from 'dataloader';
import type { OrderRecord } from '../../../../adapters/core/src/index.ts';
import type { BasketLineRecord, LoyaltyRecord, ServiceCaseRecord } from '../../../../adapters/erp/src/index.ts';
import type { GiftCardBalanceRecord } from '../../../../adapters/pos/src/index.ts';
import { perRequest, type SubgraphContext } from '../../../runtime/src/index.ts';

/**
 * Per-request loaders for the account sections of a customer. None is cached across requests:
 * points and gift balances move with every redemption and purchase, and an agent acting on a
 * customer must see the balance the systems hold now.
 */
export interface AccountLoaders {
  loyalty: DataLoader<string, LoyaltyRecord | null>;
  baskets: DataLoader<string, BasketLineRecord[]>;
  serviceCases: DataLoader<string, ServiceCaseRecord[]>;
  giftBalances: DataLoader<string, GiftCardBalanceRecord | null>;
  /** ERP sales orders by number, for the web shop numbers customers know. */
  erpOrders: DataLoader<string, OrderRecord | null>;
}

export function accountLoaders(ctx: SubgraphContext): AccountLoaders {
  const { erp, pos } = ctx.systems;
  return perRequest(ctx, 'customers:account', () => ({
    loyalty: new DataLoader((ids: readonly string[]) => erp.getLoyalty(ctx.call, ids), { maxBatchSize: 40 }),
    baskets: new DataLoader((ids: readonly string[]) => erp.basketsForCustomers(ctx.call, ids), { maxBatchSize: 40 }),
    serviceCases: new DataLoader((ids: readonly string[]) => erp.serviceCasesForCustomers(ctx.call, ids), { maxBatchSize: 40 }),
    giftBalances: new DataLoader((numbers: readonly string[]) => pos.giftCardBalances(ctx.call, numbers), { maxBatchSize: 20 }),
    erpOrders: new DataLoader((ids: readonly string[]) => erp.getOrders(ctx.call, ids), { maxBatchSize: 40 }),
  }));
}

/** The customer-facing number of each ERP order (web shop number when there is one). */
export async function orderNumbers(loaders: AccountLoaders, salesOrders: readonly (string | undefined)[]): Promise<(string | null)[]> {
  const wanted = salesOrders.filter((s): s is string => !!s);
  if (wanted.length === 0) return salesOrders.map(() => null);
  const found = await loaders.erpOrders.loadMany(wanted);
  const bySo = new Map(wanted.map((so, i) => [so, found[i]]));
  return salesOrders.map((so) => {
    if (!so) return null;
    const order = bySo.get(so);
    // An order the ERP cannot return now still has its own number.
    return order && !(order instanceof Error) ? order.number : so;
  });
}
