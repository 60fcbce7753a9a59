import type { CandidateLocation, OrderPriority, SourcingPlan, SourcingRequest, SourcingStrategy } from './types.ts';

const RANK: Record<OrderPriority, number> = { EXPRESS: 0, STANDARD: 1, REPLENISHMENT: 2 };

/** The order in which competing orders are sourced: express first, customer orders before replenishment, then oldest first. */
function byPriority(a: SourcingRequest, b: SourcingRequest): number {
  return RANK[a.priority] - RANK[b.priority] || a.placedAt.localeCompare(b.placedAt) || a.orderId.localeCompare(b.orderId);
}

/**
 * Sources several orders against the same stock, most urgent first: each plan takes its units
 * and its labour out of what the next one sees. Pure, like the strategy it runs.
 */
export function planBatch(
  strategy: SourcingStrategy,
  requests: readonly SourcingRequest[],
  candidates: readonly CandidateLocation[],
  at: Date,
): SourcingPlan[] {
  const pool = candidates.map((c) => ({ ...c, available: { ...c.available } }));
  const plans: SourcingPlan[] = [];
  for (const request of [...requests].sort(byPriority)) {
    const plan = strategy.plan(request, pool, at);
    for (const allocation of plan.allocations) {
      const site = pool.find((c) => c.code === allocation.locationCode)!;
      for (const line of allocation.lines) site.available[line.sku] = (site.available[line.sku] ?? 0) - line.quantity;
      site.openTaskLines += allocation.lines.length;
    }
    plans.push(plan);
  }
  return plans;
}
