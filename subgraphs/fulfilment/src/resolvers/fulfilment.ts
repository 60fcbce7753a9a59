import DataLoader from 'dataloader';
import { decodeId } from '../../../../adapters/core/src/index.ts';
import { assertStoreAccess, badUserInput, perRequest } from '../../../runtime/src/index.ts';
import type { FulfilmentContext } from '../context.ts';
import { decodeOrderId, orderReference } from '../fulfilment/customerOrders.ts';
import type { SourceOutcome } from '../fulfilment/FulfilmentService.ts';
import { loadKpis } from '../fulfilment/kpiSource.ts';
import type {
  FulfilmentUpdatedModel,
  InvalidFulfilmentTransitionModel,
  OrderAlreadySourcedModel,
  OrderNotSourceableModel,
  OrderOnHoldModel,
  OrderSourcedModel,
  SourcingPlanModel,
  WrongPickupCodeModel,
} from '../fulfilment/models.ts';
import { fromTask, type FulfilmentRecord } from '../fulfilment/records.ts';
import type { SourcingPlan } from '../fulfilment/sourcing/index.ts';
import { orderFulfilmentStatus, type ActionOutcome } from '../fulfilment/StoreWorkflow.ts';
import type { Resolvers } from '../generated/resolvers.ts';

type Ctx = FulfilmentContext;

const withStrategy = (ctx: Ctx, plan: SourcingPlan): SourcingPlanModel => ({
  ...plan,
  strategy: ctx.fulfilment.service.options.strategy.name,
});

function referenceOf(orderId: string): string {
  const key = decodeOrderId(orderId);
  if (!key) throw badUserInput(`not an order id: ${orderId}`);
  return orderReference(key.system, key.externalId);
}

/**
 * An order's fulfilments through a per-request loader: a list of orders costs one WMS and one ERP
 * read per batch of 40, and each order is read once however many fields ask.
 */
function fulfilmentsOf(ctx: Ctx, orderId: string): Promise<FulfilmentRecord[]> {
  const loader = perRequest(
    ctx,
    'fulfilment:records',
    () =>
      new DataLoader<string, FulfilmentRecord[]>((refs) => ctx.fulfilment.service.fulfilmentsMany(ctx.call, refs), { maxBatchSize: 40 }),
  );
  return loader.load(referenceOf(orderId));
}

/**
 * The fulfilment a store mutation acts on, after the caller's store check: the store doing the
 * work, or for a transfer's collection steps the pickup store it went to.
 */
async function workOn(ctx: Ctx, id: string, field: string, atTarget = false): Promise<FulfilmentRecord> {
  if (!decodeId('ful', id)) throw badUserInput(`not a fulfilment id: ${id}`);
  const record = await ctx.fulfilment.workflow.load(ctx.call, id);
  if (!record) throw badUserInput(`unknown fulfilment (or not store work): ${id}`);
  assertStoreAccess(ctx.caller, atTarget && record.targetLocationCode ? record.targetLocationCode : record.locationCode, field);
  return record;
}

function actionResult(outcome: ActionOutcome): FulfilmentUpdatedModel | InvalidFulfilmentTransitionModel {
  if (outcome.kind === 'UPDATED') {
    return {
      __typename: 'FulfilmentUpdated',
      fulfilment: outcome.fulfilment,
      changed: outcome.changed,
      salePosting: outcome.posting ?? null,
    };
  }
  const action = outcome.kind === 'INVALID_TRANSITION' ? outcome.action : 'HAND_OVER';
  return {
    __typename: 'InvalidFulfilmentTransition',
    fulfilment: outcome.fulfilment,
    action,
    message: `${action} is not possible while the fulfilment is ${outcome.fulfilment.status}.`,
  };
}

function handoverResult(outcome: ActionOutcome): FulfilmentUpdatedModel | InvalidFulfilmentTransitionModel | WrongPickupCodeModel {
  if (outcome.kind !== 'WRONG_PICKUP_CODE') return actionResult(outcome);
  return {
    __typename: 'WrongPickupCode',
    fulfilment: outcome.fulfilment,
    message: 'The pickup code does not match the one sent to the customer.',
  };
}

type SourceModel = OrderSourcedModel | OrderAlreadySourcedModel | OrderOnHoldModel | OrderNotSourceableModel;

function sourceResult(ctx: Ctx, orderId: string, outcome: SourceOutcome): SourceModel {
  switch (outcome.kind) {
    case 'SOURCED':
      return {
        __typename: 'OrderSourced',
        orderId,
        created: outcome.created,
        fulfilments: outcome.fulfilments,
        plan: withStrategy(ctx, outcome.plan),
      };
    case 'ALREADY_SOURCED':
      return { __typename: 'OrderAlreadySourced', orderId, fulfilments: outcome.fulfilments };
    case 'ON_HOLD':
      return {
        __typename: 'OrderOnHold',
        orderId,
        rejections: outcome.rejections,
        maxRejections: outcome.maxRejections,
        fulfilments: outcome.fulfilments,
      };
    case 'UNFULFILLABLE':
      return { __typename: 'OrderNotSourceable', orderId, plan: withStrategy(ctx, outcome.plan) };
  }
}

const byTypename = (obj: { __typename: string }) => obj.__typename as never;

/** Sourcing and fulfilment orders. */
export const fulfilmentResolvers: Resolvers<FulfilmentContext> = {
  Query: {
    async sourcingPlan(_p, { orderId, priority }, ctx) {
      referenceOf(orderId);
      const order = await ctx.fulfilment.service.order(ctx.call, orderId);
      if (!order) return null;
      const existing = await fulfilmentsOf(ctx, orderId);
      return withStrategy(ctx, await ctx.fulfilment.service.plan(ctx.call, order, existing, priority ?? undefined));
    },
    async fulfilmentOrder(_p, { id }, ctx) {
      if (!decodeId('ful', id)) throw badUserInput(`not a fulfilment id: ${id}`);
      return ctx.fulfilment.workflow.load(ctx.call, id);
    },
    async fulfilmentQueue(_p, { locationId, status }, ctx) {
      const code = decodeId('loc', locationId)?.externalId ?? locationId;
      const tasks = await ctx.systems.wms.getTasks(ctx.call, { locationCodes: [code] });
      const sites = await ctx.fulfilment.service.sites(ctx.call);
      return tasks.filter((t) => !status || t.status === status).map((t) => fromTask(t, (c) => sites.find((s) => s.code === c)?.kind));
    },
    async fulfilmentKpis(_p, { from, to, locationId }, ctx) {
      if (!Number.isFinite(Date.parse(from)) || !Number.isFinite(Date.parse(to)))
        throw badUserInput('from and to must be ISO 8601 instants');
      const code = locationId ? (decodeId('loc', locationId)?.externalId ?? locationId) : null;
      return loadKpis(ctx.systems, ctx.call, { from: new Date(from).toISOString(), to: new Date(to).toISOString(), locationCode: code });
    },
  },
  Mutation: {
    async sourceOrder(_p, { orderId, priority }, ctx) {
      referenceOf(orderId);
      const outcome = await ctx.fulfilment.service.source(ctx.call, orderId, priority ?? undefined);
      if (!outcome) throw badUserInput(`unknown order (or a till sale, which needs no fulfilment): ${orderId}`);
      return sourceResult(ctx, orderId, outcome);
    },
    async acceptFulfilment(_p, { id }, ctx) {
      return actionResult(await ctx.fulfilment.workflow.act(ctx.call, await workOn(ctx, id, 'acceptFulfilment'), 'ACCEPT'));
    },
    async rejectFulfilment(_p, { id, reason }, ctx) {
      const outcome = await ctx.fulfilment.workflow.reject(ctx.call, await workOn(ctx, id, 'rejectFulfilment'), reason);
      if (outcome.kind === 'INVALID_TRANSITION') {
        const { fulfilment, action } = outcome;
        return {
          __typename: 'InvalidFulfilmentTransition',
          fulfilment,
          action,
          message: `${action} is not possible while the fulfilment is ${fulfilment.status}.`,
        };
      }
      const { next, fulfilment } = outcome;
      const orderId = fulfilment.orderId;
      if (next?.kind === 'ON_HOLD') {
        return {
          __typename: 'OrderOnHold',
          orderId,
          rejections: next.rejections,
          maxRejections: next.maxRejections,
          fulfilments: next.fulfilments,
        };
      }
      if (next?.kind === 'UNFULFILLABLE') return { __typename: 'OrderNotSourceable', orderId, plan: withStrategy(ctx, next.plan) };
      // Re-sourced now, or (ALREADY_SOURCED) the rest of the order was covered by other work already.
      const plan =
        next?.kind === 'SOURCED'
          ? next.plan
          : {
              orderId,
              priority: fulfilment.priority ?? 'STANDARD',
              allocations: [],
              unfilledLines: [],
              splits: 0,
              maxSplits: 0,
              candidates: [],
              explanation: 'Nothing left to source: the other fulfilments cover the order.',
            };
      return {
        __typename: 'FulfilmentResourced',
        rejected: fulfilment,
        created: next?.kind === 'SOURCED' ? next.created : [],
        plan: withStrategy(ctx, plan),
      };
    },
    async markPicked(_p, { id, lines }, ctx) {
      const picked = lines?.map((l) => ({ sku: l.sku, quantity: l.quantity }));
      if (picked?.some((l) => !Number.isInteger(l.quantity) || l.quantity < 0))
        throw badUserInput('picked quantities must be whole numbers ≥ 0');
      return actionResult(
        await ctx.fulfilment.workflow.act(ctx.call, await workOn(ctx, id, 'markPicked'), 'PICK', picked ? { pickedLines: picked } : {}),
      );
    },
    async markPacked(_p, { id }, ctx) {
      return actionResult(await ctx.fulfilment.workflow.act(ctx.call, await workOn(ctx, id, 'markPacked'), 'PACK'));
    },
    async shipFulfilment(_p, { id, packages }, ctx) {
      if (packages?.some((p) => !(p.weightKg > 0 && p.weightKg <= 70)))
        throw badUserInput('package weights must be over 0 and at most 70 kg');
      return actionResult(await ctx.fulfilment.workflow.ship(ctx.call, await workOn(ctx, id, 'shipFulfilment'), packages ?? []));
    },
    async markReadyForPickup(_p, { id }, ctx) {
      return actionResult(await ctx.fulfilment.workflow.ready(ctx.call, await workOn(ctx, id, 'markReadyForPickup', true)));
    },
    async confirmHandover(_p, { id, code }, ctx) {
      if (!/^[0-9A-Za-z]{4,12}$/.test(code.trim())) throw badUserInput('a pickup code is 4–12 letters or digits');
      return handoverResult(
        await ctx.fulfilment.workflow.handOver(ctx.call, await workOn(ctx, id, 'confirmHandover', true), code.trim().toUpperCase()),
      );
    },
  },
  Order: {
    fulfilments: (order, _a, ctx) => fulfilmentsOf(ctx, order.id),
    async fulfilmentStatus(order, _a, ctx) {
      return orderFulfilmentStatus(await fulfilmentsOf(ctx, order.id), ctx.fulfilment.maxRejections);
    },
    async salePosting(order, _a, ctx) {
      const [posting] = await ctx.fulfilment.service.documents.salePostings(ctx.call, [referenceOf(order.id)]);
      return posting ?? null;
    },
    notifications: (order, _a, ctx) => ctx.fulfilment.outbox.forOrder(order.id),
  },
  SourcingPlan: {
    candidates: (plan) => plan.candidates,
    allocations: (plan) => plan.allocations,
  },
  SourcingAllocation: { locationKind: (a) => a.kind, transferTo: (a) => a.transferTo ?? null },
  SourcingCandidate: {
    locationKind: (c) => c.kind,
    distanceKm: (c) => c.components.distanceKm,
    distanceScore: (c) => c.components.distance,
    stockDepthScore: (c) => c.components.stockDepth,
    labourScore: (c) => c.components.labour,
    shippingCostScore: (c) => c.components.shippingCost,
    leadTimeScore: (c) => c.components.leadTime,
  },
  SourceOrderResult: { __resolveType: byTypename },
  FulfilmentActionResult: { __resolveType: byTypename },
  RejectFulfilmentResult: { __resolveType: byTypename },
  ConfirmHandoverResult: { __resolveType: byTypename },
};
