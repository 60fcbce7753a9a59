import {
  CYCLE_COUNT_FEED,
  MEMBER_FEEDS,
  TASK_FEED,
  freshness,
  inventoryClassification,
  memberInsight,
  safetyStockSuggestions,
  salesAnomalies,
  salesSummary,
  stockAnomalies,
  storePerformance,
  type SystemFreshness,
} from '../../../../analytics/src/index.ts';
import { badUserInput } from '../../../runtime/src/index.ts';
import type { AnalyticsContext } from '../context.ts';
import type { Resolvers } from '../generated/resolvers.ts';

const money = (amount: string, currency: string) => ({ amount, currency });

/** Bad dates, periods or service levels are the caller's mistake: BAD_USER_INPUT, not an internal error. */
async function checked<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (err) {
    if (err instanceof RangeError) throw badUserInput(err.message);
    throw err;
  }
}

const ORDER_AND_STOCK_FEEDS = ['ERP', 'POS', 'MARKETPLACE', 'WMS'] as const;

const fresh = async (ctx: AnalyticsContext): Promise<SystemFreshness[]> => freshness(await ctx.analytics(), new Date(), ctx.staleAfterMs);

export const resolvers: Resolvers = {
  Query: {
    salesSummary: (_p, args, ctx) =>
      checked(async () => {
        const store = await ctx.analytics();
        const rows = await salesSummary(store, {
          from: args.from,
          to: args.to,
          groupBy: args.groupBy ?? [],
          currency: args.currency ?? undefined,
        });
        return {
          rows: rows.map((r) => ({
            ...r,
            revenue: money(r.revenue, r.currency),
            averageBasket: money(r.averageBasket, r.currency),
            previousRevenue: money(r.previousRevenue, r.currency),
            sameWeekdayRevenue: money(r.sameWeekdayRevenue, r.currency),
          })),
          freshness: await fresh(ctx),
        };
      }),
    storePerformance: (_p, args, ctx) =>
      checked(async () => {
        const store = await ctx.analytics();
        const rows = await storePerformance(store, args.from, args.to, args.currency ?? undefined);
        return {
          stores: rows.map((r) => ({ ...r, revenue: money(r.revenue, r.currency), averageBasket: money(r.averageBasket, r.currency) })),
          freshness: await freshness(store, new Date(), ctx.staleAfterMs, [...ORDER_AND_STOCK_FEEDS, TASK_FEED, CYCLE_COUNT_FEED]),
        };
      }),
    inventoryClassification: (_p, args, ctx) =>
      checked(async () => ({
        locationId: args.locationId,
        skus: await inventoryClassification(await ctx.analytics(), args.locationId, {
          from: args.from ?? undefined,
          to: args.to ?? undefined,
        }),
        freshness: await fresh(ctx),
      })),
    safetyStockSuggestions: (_p, args, ctx) =>
      checked(async () => ({
        locationId: args.locationId,
        serviceLevel: args.serviceLevel,
        suggestions: await safetyStockSuggestions(await ctx.analytics(), args.locationId, args.serviceLevel, {
          from: args.from ?? undefined,
          to: args.to ?? undefined,
        }),
        freshness: await fresh(ctx),
      })),
    salesAnomalies: (_p, args, ctx) =>
      checked(async () => ({
        anomalies: await salesAnomalies(await ctx.analytics(), args.from, args.to, args.scope, {
          metric: args.metric ?? undefined,
          weeks: args.weeks ?? undefined,
          threshold: args.threshold ?? undefined,
          minVolume: args.minVolume ?? undefined,
        }),
        freshness: await fresh(ctx),
      })),
    stockAnomalies: async (_p, args, ctx) => {
      const store = await ctx.analytics();
      return {
        anomalies: (await stockAnomalies(store, { locationId: args.locationId ?? undefined })).map((a) => ({
          ...a,
          locationId: a.locationCode,
        })),
        freshness: await freshness(store, new Date(), ctx.staleAfterMs, [...ORDER_AND_STOCK_FEEDS, CYCLE_COUNT_FEED]),
      };
    },
    memberInsight: (_p, args, ctx) =>
      checked(async () => {
        const store = await ctx.analytics();
        const insight = await memberInsight(store, args.from, args.to, {
          period: args.period ?? undefined,
          abandonedAfterHours: args.abandonedAfterHours ?? undefined,
        });
        return { ...insight, freshness: await freshness(store, new Date(), ctx.staleAfterMs, MEMBER_FEEDS) };
      }),
    analyticsFreshness: (_p, _a, ctx) => fresh(ctx),
  },
  Mutation: {
    refreshAnalytics: async (_p, _a, ctx) =>
      (await ctx.refresh()).systems.map((s) => ({
        system: s.system,
        feed: s.feed ?? null,
        ok: s.ok,
        fetched: s.fetched,
        dataThrough: s.watermark,
        ms: Math.round(s.ms),
        error: s.error ?? null,
      })),
  },
};
