import type {
  Allocation,
  CandidateLocation,
  CandidateScore,
  ScoreComponents,
  SourcingLine,
  SourcingPlan,
  SourcingRequest,
  SourcingStrategy,
} from './types.ts';

export interface SourcingWeights {
  /** @default 30 */
  distance?: number;
  /** @default 20 */
  stockDepth?: number;
  /** @default 20 */
  labour?: number;
  /** @default 15 */
  shippingCost?: number;
  /** @default 15 */
  leadTime?: number;
}

export interface DefaultSourcingOptions {
  /** Relative weight of each score component. @default see SourcingWeights */
  weights?: SourcingWeights;
  /** Most locations one order is split across. @default 3 */
  maxSplits?: number;
  /** Share of its labour capacity a site has in one of its peak hours. @default 0.5 */
  peakCapacityFactor?: number;
  /** Distance at which the distance score halves, in km. @default 25 */
  distanceHalfKm?: number;
  /** The sites' time zone, in minutes east of UTC (peak hours are local). @default 480 */
  utcOffsetMinutes?: number;
  /** Express orders multiply the distance and lead-time weights by this. @default 2 */
  expressBoost?: number;
  /** A site over capacity keeps this share of its score: it wins only when nothing else can. @default 0.25 */
  overCapacityFactor?: number;
}

const round = (n: number, digits = 1) => Math.round(n * 10 ** digits) / 10 ** digits;
const clamp01 = (n: number) => Math.max(0, Math.min(1, n));

/** Great-circle distance (haversine), in km. */
export function distanceKm(a: { latitude: number; longitude: number }, b: { latitude: number; longitude: number }): number {
  const rad = Math.PI / 180;
  const dLat = (b.latitude - a.latitude) * rad;
  const dLon = (b.longitude - a.longitude) * rad;
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(a.latitude * rad) * Math.cos(b.latitude * rad) * Math.sin(dLon / 2) ** 2;
  return 2 * 6371 * Math.asin(Math.min(1, Math.sqrt(h)));
}

interface Scored {
  candidate: CandidateLocation;
  result: CandidateScore;
  fillable: SourcingLine[];
}

/**
 * Scores every candidate on distance to the destination, stock left after this allocation,
 * labour capacity (halved in peak hours), shipping cost relative to the cheapest, and lead time,
 * weighted by the order's priority; then allocates with the fewest locations (unless the
 * customer asked for what is available first), never more than `maxSplits`.
 */
export class DefaultSourcingStrategy implements SourcingStrategy {
  readonly name = 'default';
  private readonly weights: Required<SourcingWeights>;
  readonly maxSplits: number;
  private readonly options: Required<Omit<DefaultSourcingOptions, 'weights' | 'maxSplits'>>;

  constructor(options: DefaultSourcingOptions = {}) {
    this.weights = { distance: 30, stockDepth: 20, labour: 20, shippingCost: 15, leadTime: 15, ...options.weights };
    this.maxSplits = options.maxSplits ?? 3;
    this.options = {
      peakCapacityFactor: options.peakCapacityFactor ?? 0.5,
      distanceHalfKm: options.distanceHalfKm ?? 25,
      utcOffsetMinutes: options.utcOffsetMinutes ?? 480,
      expressBoost: options.expressBoost ?? 2,
      overCapacityFactor: options.overCapacityFactor ?? 0.25,
    };
  }

  plan(request: SourcingRequest, candidates: readonly CandidateLocation[], at: Date): SourcingPlan {
    const localHour = new Date(at.getTime() + this.options.utcOffsetMinutes * 60_000).getUTCHours();
    const cheapest = Math.min(...candidates.map((c) => c.shippingCost ?? Infinity));
    const scored = candidates.map((c) => this.score(request, c, localHour, cheapest));
    const eligible = scored
      .filter((s) => s.result.eligible)
      .sort((a, b) => b.result.score - a.result.score || a.candidate.code.localeCompare(b.candidate.code));
    const { allocations, unfilled } =
      (request.splitPreference ?? 'FEWEST') === 'AS_AVAILABLE' ? this.perLine(request, eligible) : this.fewest(request, eligible);
    for (const a of allocations) {
      const s = scored.find((x) => x.candidate.code === a.locationCode)!;
      s.result.chosen = true;
      if (request.deliveryMethod === 'PICKUP' && request.pickupLocationCode && a.locationCode !== request.pickupLocationCode) {
        a.transferTo = request.pickupLocationCode;
      }
    }
    const results = scored.map((s) => s.result).sort((a, b) => Number(b.chosen) - Number(a.chosen) || b.score - a.score);
    return {
      orderId: request.orderId,
      priority: request.priority,
      allocations,
      unfilledLines: unfilled,
      splits: allocations.length,
      maxSplits: this.maxSplits,
      candidates: results,
      explanation: this.explain(allocations, unfilled, results),
    };
  }

  private score(request: SourcingRequest, c: CandidateLocation, localHour: number, cheapest: number): Scored {
    const reasons: string[] = [];
    const km = distanceKm(c, request.destination);
    const fillable = request.lines.filter((l) => (c.available[l.sku] ?? 0) >= l.quantity);
    const missing = request.lines.filter((l) => !fillable.includes(l));
    for (const l of missing) reasons.push(`lacks stock of ${l.sku}: ${c.available[l.sku] ?? 0} free, ${l.quantity} needed`);
    // Stock depth: how much is left behind after taking this order's units (a thin shelf scores low).
    const depths = fillable.map((l) => {
      const left = (c.available[l.sku] ?? 0) - l.quantity;
      return left / (left + 10);
    });
    const stockDepth = depths.length > 0 ? depths.reduce((a, b) => a + b, 0) / depths.length : 0;
    const peak = c.peakHours.includes(localHour);
    const capacity = c.labourCapacityPerHour * (peak ? this.options.peakCapacityFactor : 1);
    const load = c.openTaskLines + fillable.length;
    const overCapacity = c.kind !== 'SUPPLIER' && load > capacity;
    const labour = c.kind === 'SUPPLIER' ? 1 : clamp01(1 - load / Math.max(capacity, 1));
    const shippingCost =
      c.shippingCost === undefined || !Number.isFinite(cheapest) ? 0.5 : cheapest <= 0 ? 1 : clamp01(cheapest / c.shippingCost);
    const leadTime = 1 / (1 + c.leadTimeDays);
    const components: ScoreComponents = {
      distanceKm: round(km, 2),
      distance: round(1 / (1 + km / this.options.distanceHalfKm), 3),
      stockDepth: round(stockDepth, 3),
      labour: round(labour, 3),
      shippingCost: round(shippingCost, 3),
      leadTime: round(leadTime, 3),
    };
    const w = { ...this.weights };
    if (request.priority === 'EXPRESS') {
      w.distance *= this.options.expressBoost;
      w.leadTime *= this.options.expressBoost;
    }
    const total = w.distance + w.stockDepth + w.labour + w.shippingCost + w.leadTime;
    let score =
      (100 *
        (w.distance * components.distance +
          w.stockDepth * components.stockDepth +
          w.labour * components.labour +
          w.shippingCost * components.shippingCost +
          w.leadTime * components.leadTime)) /
      total;
    // Part of the order is worth less than all of it: fewer shipments for the customer.
    score *= request.lines.length > 0 ? fillable.length / request.lines.length : 0;
    if (overCapacity) {
      score *= this.options.overCapacityFactor;
      reasons.push(
        `at labour capacity${peak ? ` in its peak hour ${localHour}:00` : ''}: ${c.openTaskLines} open lines + ${fillable.length} new > ${round(capacity)} per hour`,
      );
    } else if (peak) reasons.push(`peak hour ${localHour}:00 halves its capacity (${round(capacity)} lines per hour)`);
    const excluded = request.excludedLocations?.includes(c.code) ?? false;
    if (excluded) reasons.push('rejected this order before');
    if (request.priority === 'REPLENISHMENT' && c.kind === 'STORE') reasons.push('stores do not replenish other stores');
    const eligible = !excluded && fillable.length > 0 && !(request.priority === 'REPLENISHMENT' && c.kind === 'STORE');
    if (eligible) reasons.unshift(`${round(km)} km away; can fill ${fillable.length} of ${request.lines.length} lines`);
    return {
      candidate: c,
      fillable,
      result: {
        locationCode: c.code,
        kind: c.kind,
        score: eligible ? round(score, 2) : 0,
        eligible,
        chosen: false,
        fillableLines: fillable.map((l) => l.lineId),
        components,
        reasons,
      },
    };
  }

  /** Greedy set cover: the location filling most of what is left (best score on ties), up to maxSplits. */
  private fewest(request: SourcingRequest, eligible: Scored[]): { allocations: Allocation[]; unfilled: SourcingLine[] } {
    let left = [...request.lines];
    const allocations: Allocation[] = [];
    while (left.length > 0 && allocations.length < this.maxSplits) {
      const used = new Set(allocations.map((a) => a.locationCode));
      let best: { s: Scored; lines: SourcingLine[] } | undefined;
      for (const s of eligible) {
        if (used.has(s.candidate.code)) continue;
        const lines = left.filter((l) => s.fillable.includes(l));
        if (lines.length === 0) continue;
        if (!best || lines.length > best.lines.length) best = { s, lines };
      }
      if (!best) break;
      allocations.push({ locationCode: best.s.candidate.code, kind: best.s.candidate.kind, lines: best.lines });
      left = left.filter((l) => !best.lines.includes(l));
    }
    return { allocations, unfilled: left };
  }

  /** Each line from its best-scoring location, while the number of locations stays within maxSplits. */
  private perLine(request: SourcingRequest, eligible: Scored[]): { allocations: Allocation[]; unfilled: SourcingLine[] } {
    const allocations: Allocation[] = [];
    const unfilled: SourcingLine[] = [];
    for (const line of request.lines) {
      const existing = allocations.find((a) => eligible.find((s) => s.candidate.code === a.locationCode)!.fillable.includes(line));
      const best = eligible.find((s) => s.fillable.includes(line));
      const target =
        best && (allocations.some((a) => a.locationCode === best.candidate.code) || allocations.length < this.maxSplits) ? best : undefined;
      const chosen = target ? allocations.find((a) => a.locationCode === target.candidate.code) : existing;
      if (chosen) chosen.lines.push(line);
      else if (target) allocations.push({ locationCode: target.candidate.code, kind: target.candidate.kind, lines: [line] });
      else unfilled.push(line);
    }
    return { allocations, unfilled };
  }

  private explain(allocations: Allocation[], unfilled: SourcingLine[], candidates: CandidateScore[]): string {
    if (allocations.length === 0) return 'No allowed location can fill any line of this order.';
    const parts = allocations.map((a) => {
      const s = candidates.find((c) => c.locationCode === a.locationCode)!;
      return `${a.locationCode} (${a.kind.toLowerCase()}, score ${s.score}) for ${a.lines.map((l) => `${l.quantity}× ${l.sku}`).join(', ')}${a.transferTo ? `, transferred to ${a.transferTo}` : ''}`;
    });
    const head = allocations.length === 1 ? `Chose ${parts[0]}.` : `Split across ${allocations.length} locations: ${parts.join('; ')}.`;
    const best = candidates.find((c) => !c.chosen && c.eligible);
    const passed = candidates
      .filter((c) => !c.chosen)
      .slice(0, 3)
      .map(
        (c) =>
          `${c.locationCode}: ${c.eligible ? `score ${c.score}` : 'not eligible'}${c.reasons.length > 0 ? ` (${c.reasons.join('; ')})` : ''}`,
      );
    const tail = unfilled.length > 0 ? ` Unfilled within ${this.maxSplits} locations: ${unfilled.map((l) => l.sku).join(', ')}.` : '';
    return `${head}${best || passed.length > 0 ? ` Passed over ${passed.join(' | ')}.` : ''}${tail}`;
  }
}
