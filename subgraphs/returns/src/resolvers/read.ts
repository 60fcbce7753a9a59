import DataLoader from 'dataloader';
import { decodeId, encodeId } from '../../../../adapters/core/src/index.ts';
import type { CustomerReturnRecord } from '../../../../adapters/erp/src/index.ts';
import { badUserInput, perRequest } from '../../../runtime/src/index.ts';
import type { ReturnsContext } from '../context.ts';
import type { NotEligible, OrderEligibility } from '../domain/policy.ts';
import { eligibilityOf, orderById, orderByProof, purchasesOf } from '../domain/purchases.ts';
import type { ReturnModel } from '../models.ts';

/** Per-request loaders over the ERP's customer returns: one filtered read per kind of key. */
function loaders(ctx: ReturnsContext) {
  return perRequest(ctx, 'returns:loaders', () => {
    const { returns } = ctx.services;
    const c = ctx.call;
    return {
      byId: new DataLoader<string, CustomerReturnRecord | null>((ids) => returns.get(c, ids), { maxBatchSize: 20 }),
      byCustomer: new DataLoader<string, CustomerReturnRecord[]>((ids) => returns.forCustomers(c, ids), { maxBatchSize: 20 }),
      byPosCustomer: new DataLoader<string, CustomerReturnRecord[]>((ids) => returns.forPosCustomers(c, ids), { maxBatchSize: 20 }),
      byOrder: new DataLoader<string, CustomerReturnRecord[]>((ids) => returns.forOriginalOrders(c, ids), { maxBatchSize: 20 }),
      byExchange: new DataLoader<string, CustomerReturnRecord | null>((ids) => returns.forExchangeOrders(c, ids), { maxBatchSize: 20 }),
    };
  });
}

export const returnId = (record: CustomerReturnRecord) => encodeId('ret', 'ERP', record.id);

/** The ERP return number behind a `ret_…` id. */
export function returnNumberOf(id: string): string {
  const ref = decodeId('ret', id);
  if (ref?.system !== 'ERP') throw badUserInput('returnId is not a return id');
  return ref.externalId;
}

export async function loadReturn(ctx: ReturnsContext, id: string): Promise<CustomerReturnRecord | null> {
  return loaders(ctx).byId.load(returnNumberOf(id));
}

export function reasonModel(r: NotEligible) {
  return { line: r.line, sku: r.sku, code: r.code, message: r.message };
}

export function eligibilityModel(e: OrderEligibility) {
  return {
    order: { id: encodeId('ord', e.order.system, e.order.externalId) },
    windowClosesOn: e.windowClosesOn,
    lines: e.lines.map((l) => ({
      sku: l.sku,
      purchased: l.purchased,
      alreadyReturned: l.alreadyReturned,
      returnable: l.returnable,
      reasons: l.reasons.map(reasonModel),
    })),
  };
}

export const readResolvers = {
  Query: {
    async return(_: unknown, args: { id: string }, ctx: ReturnsContext) {
      return loadReturn(ctx, args.id);
    },
    returnPolicy(_: unknown, __: unknown, ctx: ReturnsContext) {
      const p = ctx.services.policy;
      return { windowDays: p.windowDays, marketplaceWindowDays: p.marketplaceWindowDays, finalSaleCategories: [...p.finalSaleCategories] };
    },
    async returnEligibility(_: unknown, args: { orderId?: string | null; orderNumber?: string | null }, ctx: ReturnsContext) {
      if (!args.orderId && !args.orderNumber) throw badUserInput('give orderId or orderNumber');
      const order = args.orderId
        ? await orderById(ctx.systems, ctx.call, args.orderId)
        : await orderByProof(ctx.systems, ctx.call, { orderNumber: args.orderNumber ?? null }, []);
      if (!order) return null;
      const { systems, services, call } = ctx;
      const [e] = await eligibilityOf(systems, services.returns, call, services.policy, [order], services.now());
      return e ? eligibilityModel(e) : null;
    },
    async identifyReturn(
      _: unknown,
      args: { customerId: string; item: { sku?: string | null; barcode?: string | null; serial?: string | null } },
      ctx: ReturnsContext,
    ) {
      const { sku, barcode, serial } = args.item;
      if (!sku && !barcode && !serial) throw badUserInput('item needs a sku, a barcode or a serial');
      if (!sku && !barcode) {
        // Serial numbers are printed on some items but recorded by none of the systems.
        return {
          __typename: 'ItemNotIdentified' as const,
          reason: 'no system records serial numbers: identify the item by its SKU or barcode',
        };
      }
      const purchases = await purchasesOf(ctx.systems, ctx.call, args.customerId);
      let wanted = sku ?? undefined;
      if (!wanted && barcode) {
        const skus = [...new Set(purchases.flatMap((o) => (o.lines ?? []).map((l) => l.sku)))];
        const products = skus.length ? await ctx.systems.erp.getProducts(ctx.call, skus) : [];
        wanted = products.find((p) => p?.barcode === barcode.trim())?.sku;
      }
      const holding = purchases.filter((o) => o.lines?.some((l) => l.sku === wanted));
      if (!wanted || holding.length === 0) {
        return {
          __typename: 'ItemNotIdentified' as const,
          reason: `none of the customer's purchases holds ${sku ?? `barcode ${barcode}`}`,
        };
      }
      const { systems, services, call } = ctx;
      const found = await eligibilityOf(systems, services.returns, call, services.policy, holding, services.now());
      return {
        __typename: 'ReturnCandidates' as const,
        sku: wanted,
        candidates: found.map((e) => {
          const model = eligibilityModel(e);
          return { ...model, lines: model.lines.filter((l) => l.sku === wanted) };
        }),
      };
    },
  },
  Customer: {
    async returns(parent: object, _: unknown, ctx: ReturnsContext) {
      // The gateway sends the identities this field @requires (the customers subgraph's links).
      const { identities } = parent as { identities?: { system: string; externalId: string }[] | null };
      const ids = (system: string) => (identities ?? []).filter((i) => i.system === system).map((i) => i.externalId);
      const l = loaders(ctx);
      const found = [...(await l.byCustomer.loadMany(ids('ERP'))), ...(await l.byPosCustomer.loadMany(ids('POS')))];
      const failed = found.find((f): f is Error => f instanceof Error);
      if (failed) throw failed;
      const seen = new Set<string>();
      return (found as CustomerReturnRecord[][])
        .flat()
        .filter((r) => !seen.has(r.id) && seen.add(r.id))
        .sort((a, b) => (a.createdAt < b.createdAt ? 1 : -1));
    },
  },
  Order: {
    __resolveReference: (ref: { id: string }) => ({ id: ref.id }),
    async returns(order: { id: string }, _: unknown, ctx: ReturnsContext) {
      const ref = decodeId('ord', order.id);
      if (!ref) return [];
      const found = await loaders(ctx).byOrder.load(ref.externalId);
      return found.filter((r) => r.originSystem === ref.system);
    },
    async exchangedFrom(order: { id: string }, _: unknown, ctx: ReturnsContext) {
      const ref = decodeId('ord', order.id);
      return ref?.system === 'ERP' ? loaders(ctx).byExchange.load(ref.externalId) : null;
    },
  },
  Return: {
    __resolveReference: (ref: { id: string }, ctx: ReturnsContext) => loadReturn(ctx, ref.id),
    id: (r: ReturnModel) => returnId(r),
    number: (r: ReturnModel) => r.id,
    originalOrder: (r: ReturnModel) => ({ id: encodeId('ord', r.originSystem, r.originalOrderId) }),
    exchangeOrder: (r: ReturnModel) => (r.exchangeOrderId ? { id: encodeId('ord', 'ERP', r.exchangeOrderId) } : null),
    refund: (r: ReturnModel) =>
      r.creditMemo
        ? {
            tender: r.creditMemo.tender,
            amount: r.creditMemo.amount,
            creditMemo: r.creditMemo.id,
            reference: r.creditMemo.refundReference ?? null,
          }
        : null,
  },
  ReturnLine: {
    product: (l: { sku: string }) => ({ sku: l.sku }),
  },
};
