import { createHash } from 'node:crypto';
import { GraphQLError, type GraphQLResolveInfo } from 'graphql';
import { AdapterError } from '../../../../adapters/core/src/index.ts';
import type { PointsEntryRecord, PointsPostingRequest } from '../../../../adapters/erp/src/index.ts';
import { IdempotencyError, badUserInput } from '../../../runtime/src/index.ts';
import { basketView, maskCardNumber } from '../account/baskets.ts';
import { accountLoaders, orderNumbers, type AccountLoaders } from '../account/loaders.ts';
import { toMembership } from '../account/membership.ts';
import type { CustomersContext } from '../context.ts';
import type { PointsErrorCode, Resolvers } from '../generated/resolvers.ts';
import type { Cluster } from '../identity/cluster.ts';
import type { CustomerModel, MembershipModel } from '../models.ts';
import { resolveById } from './lookup.ts';

const MAX_POINTS = 1_000_000;
const MAX_HISTORY = 200;

/** The person's ERP record (the loyalty account): the anchor when it is one, else the first. */
export function erpIdOf(cluster: Cluster): string | undefined {
  if (cluster.anchor.system === 'ERP') return cluster.anchor.externalId;
  return cluster.members.find((m) => m.record.system === 'ERP')?.record.externalId;
}

async function entryView(loaders: AccountLoaders, entries: readonly PointsEntryRecord[]) {
  const numbers = await orderNumbers(
    loaders,
    entries.map((e) => e.orderExternalId),
  );
  return entries.map((e, i) => ({
    id: e.id,
    at: e.at,
    points: e.points,
    reason: e.reason,
    orderNumber: numbers[i] ?? null,
    note: e.text ?? null,
  }));
}

/** The ERP's reference for a posting: unique per customer and key, short enough for the ERP field. */
const erpReference = (erpId: string, key: string) => `r360-${createHash('sha256').update(`${erpId}|${key}`).digest('hex').slice(0, 40)}`;

interface StoredOutcome {
  entry?: PointsEntryRecord;
  refusal?: { code: PointsErrorCode; message: string };
}

interface PostArgs {
  customerId: string;
  points: number;
  reason: PointsPostingRequest['reason'];
  idempotencyKey: string;
  orderNumber?: string | null | undefined;
  note?: string | null | undefined;
}

async function postPoints(ctx: CustomersContext, info: GraphQLResolveInfo, args: PostArgs) {
  const key = args.idempotencyKey.trim();
  if (key.length < 8 || key.length > 100) throw badUserInput('idempotencyKey must be 8–100 characters (a UUID, say)');
  if (!Number.isSafeInteger(args.points) || args.points === 0 || Math.abs(args.points) > MAX_POINTS) {
    return {
      ok: false,
      replayed: false,
      error: { code: 'INVALID_AMOUNT' as const, message: `points must be a non-zero whole number up to ${MAX_POINTS}` },
    };
  }
  if (args.note && args.note.length > 120) throw badUserInput('note/reason must be at most 120 characters');
  const customer = await resolveById(ctx, args.customerId, (e) => ctx.partial.report(e, info));
  if (!customer) throw badUserInput(`customer ${args.customerId} not found`);
  const erpId = erpIdOf(customer.cluster);
  if (!erpId)
    return {
      ok: false,
      replayed: false,
      error: { code: 'NOT_A_MEMBER' as const, message: 'the customer has no loyalty account (no ERP record)' },
    };

  const signed = args.reason === 'REDEMPTION' ? -Math.abs(args.points) : args.points;
  const fingerprint = JSON.stringify([erpId, signed, args.reason, args.orderNumber ?? null]);
  let run: { result: StoredOutcome; replayed: boolean };
  try {
    run = await ctx.idempotency.run<StoredOutcome>(
      `points:${erpId}:${key}`,
      async () => {
        const order = args.orderNumber ? (await ctx.systems.erp.findOrdersByNumber(ctx.call, args.orderNumber))[0] : undefined;
        const outcome = await ctx.systems.erp.postPoints(ctx.call, {
          customerExternalId: erpId,
          points: signed,
          reason: args.reason,
          reference: erpReference(erpId, key),
          ...(order && { orderExternalId: order.externalId }),
          ...(args.note && { text: args.note }),
        });
        if (!('refused' in outcome)) return { entry: outcome };
        const code: PointsErrorCode = outcome.code === 'UNKNOWN_CUSTOMER' ? 'NOT_A_MEMBER' : outcome.code;
        return { refusal: { code, message: outcome.message } };
      },
      { fingerprint },
    );
  } catch (err) {
    if (err instanceof IdempotencyError) throw new GraphQLError(err.message, { extensions: { code: err.code } });
    throw err;
  }
  const loaders = accountLoaders(ctx);
  let membership: MembershipModel | null = null;
  try {
    const [loyalty] = await ctx.systems.erp.getLoyalty(ctx.call, [erpId]);
    membership = loyalty ? toMembership(loyalty) : null;
  } catch (err) {
    if (!(err instanceof AdapterError)) throw err;
    ctx.partial.report(err, info);
  }
  const { entry, refusal } = run.result;
  return {
    ok: !!entry,
    replayed: run.replayed,
    error: refusal ?? null,
    entry: entry ? (await entryView(loaders, [entry]))[0]! : null,
    membership,
  };
}

export const accountResolvers: Resolvers<CustomersContext> = {
  Mutation: {
    redeemPoints: (_root, args, ctx, info) => postPoints(ctx, info, { ...args, reason: 'REDEMPTION', note: args.note }),
    adjustPoints: (_root, args, ctx, info) => postPoints(ctx, info, { ...args, reason: 'ADJUSTMENT', note: args.reason }),
  },
  Customer: {
    async membership({ cluster }: CustomerModel, _args, ctx) {
      const erpId = erpIdOf(cluster);
      if (!erpId) return null;
      const loyalty = await accountLoaders(ctx).loyalty.load(erpId);
      return loyalty ? toMembership(loyalty) : null;
    },
    async cards({ cluster }: CustomerModel, _args, ctx, info) {
      const erpId = erpIdOf(cluster);
      if (!erpId) return [];
      const loaders = accountLoaders(ctx);
      const loyalty = await loaders.loyalty.load(erpId);
      if (!loyalty) return [];
      const gifts = loyalty.cards.filter((c) => c.kind === 'GIFT').map((c) => c.number);
      // The POS holds gift balances: when it fails, the cards still show, without balances.
      const balances = await loaders.giftBalances.loadMany(gifts).catch((e: unknown) => gifts.map(() => e as Error));
      const byNumber = new Map(gifts.map((n, i) => [n, balances[i]]));
      return loyalty.cards.map((card) => {
        const live = byNumber.get(card.number);
        if (live instanceof AdapterError) ctx.partial.report(live, info);
        return {
          kind: card.kind,
          maskedNumber: maskCardNumber(card.number),
          balance: card.kind === 'GIFT' && live && !(live instanceof Error) ? live.balance : null,
          issuedOn: card.issuedOn ?? null,
          blocked: card.blocked,
        };
      });
    },
    async cart({ cluster }: CustomerModel, _args, ctx) {
      const erpId = erpIdOf(cluster);
      if (!erpId) return null;
      const view = basketView(await accountLoaders(ctx).baskets.load(erpId), 'CART', ctx.now());
      return view && { ...view, items: view.items.map((i) => ({ ...i, product: { sku: i.sku } })) };
    },
    async wishlist({ cluster }: CustomerModel, _args, ctx) {
      const erpId = erpIdOf(cluster);
      if (!erpId) return null;
      const view = basketView(await accountLoaders(ctx).baskets.load(erpId), 'WISHLIST', ctx.now());
      return view && { items: view.items.map((i) => ({ ...i, product: { sku: i.sku } })), updatedAt: view.updatedAt };
    },
    async serviceCases({ cluster }: CustomerModel, _args, ctx) {
      const erpId = erpIdOf(cluster);
      if (!erpId) return [];
      const loaders = accountLoaders(ctx);
      const cases = await loaders.serviceCases.load(erpId);
      const numbers = await orderNumbers(
        loaders,
        cases.map((c) => c.orderExternalId),
      );
      return cases.map((c, i) => ({
        id: c.id,
        kind: c.kind,
        status: c.status,
        sourceStatus: c.sourceStatus,
        subject: c.subject,
        openedAt: c.openedAt,
        updatedAt: c.updatedAt,
        orderNumber: numbers[i] ?? null,
      }));
    },
  },
  Membership: {
    async history(parent: MembershipModel, { first }, ctx) {
      const limit = first ?? 20;
      if (limit < 1 || limit > MAX_HISTORY) throw badUserInput(`first must be between 1 and ${MAX_HISTORY}`);
      const entries = await ctx.systems.erp.pointsHistory(ctx.call, parent.erpCustomerId, limit);
      return entryView(accountLoaders(ctx), entries);
    },
  },
};
