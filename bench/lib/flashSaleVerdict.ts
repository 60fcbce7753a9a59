/**
 * W6 verdicts, kept pure so they are unit-tested: whether a flash sale oversold, whether the
 * peer's upstream calls stayed bounded and its latency flat as readers grew.
 */

/** One hot SKU at its location, around one W6 measurement. */
export interface SkuCheck {
  sku: string;
  /** ATP at the location read through the graph before the measurement. */
  atpBefore: number;
  /** Holds the graph answered with a Reservation during the measurement. */
  granted: number;
  /** onHand − reserved − allocated − safetyStock read from the WMS itself (what a hold checks): before, after, after releasing. */
  wmsAtpBefore: number;
  wmsAtpAfter: number;
  wmsAtpAfterRelease: number;
}

export interface OversellCheck {
  /** Some SKU got more holds than its ATP before, or the WMS shows negative ATP after. */
  oversold: boolean;
  /** The WMS is back at its start value for every SKU once the holds were released. */
  restored: boolean;
  /** Human-readable findings, one per SKU at fault. */
  problems: string[];
}

export function checkOversell(skus: readonly SkuCheck[]): OversellCheck {
  const problems: string[] = [];
  for (const s of skus) {
    if (s.granted > s.atpBefore) problems.push(`${s.sku}: ${s.granted} units granted, ATP before was ${s.atpBefore}`);
    if (s.wmsAtpAfter < 0) problems.push(`${s.sku}: WMS ATP ${s.wmsAtpAfter} after the sale`);
    const held = s.wmsAtpBefore - s.wmsAtpAfter;
    // Holds the graph did not report (a timed-out request the WMS still executed) are leaks, not oversells.
    if (held !== s.granted) problems.push(`${s.sku}: the WMS holds ${held} units, the graph granted ${s.granted}`);
    if (s.wmsAtpAfterRelease !== s.wmsAtpBefore) {
      problems.push(`${s.sku}: WMS ATP ${s.wmsAtpAfterRelease} after release, ${s.wmsAtpBefore} before`);
    }
  }
  return {
    oversold: skus.some((s) => s.granted > s.atpBefore || s.wmsAtpAfter < 0),
    restored: skus.every((s) => s.wmsAtpAfterRelease === s.wmsAtpBefore),
    problems,
  };
}

/** One W6 client level of one peer, as the verdict needs it. */
export interface FlashSaleLevelSummary {
  clients: number;
  /** Answered reads per second. */
  readsPerS: number;
  p50Ms: number;
  p99Ms: number;
  /** Calls per second to every legacy system together. */
  upstreamCallsPerS: number;
  oversold: boolean;
}

/** The thresholds of the verdict, stated in the report. */
export const W6_LIMITS = {
  /** Upstream calls per second at the most clients ≤ this × at the fewest. */
  upstreamGrowth: 1.5,
  /**
   * p50, p99 and readers ÷ answered reads per second (the mean latency Little's law implies,
   * which also counts reads still unanswered when the measurement ended) at the most clients
   * ≤ this × at the fewest.
   */
  latencyGrowth: 2,
};

export interface FlashSaleVerdict {
  bounded: boolean;
  noOversell: boolean;
  flat: boolean;
  upstreamGrowth: number;
  p50Growth: number;
  p99Growth: number;
  littleGrowth: number;
}

/** Compares the level with the most clients against the one with the fewest. */
export function flashSaleVerdict(levels: readonly FlashSaleLevelSummary[], limits = W6_LIMITS): FlashSaleVerdict | undefined {
  if (levels.length === 0) return undefined;
  const sorted = [...levels].sort((a, b) => a.clients - b.clients);
  const low = sorted[0]!;
  const high = sorted[sorted.length - 1]!;
  const ratio = (a: number, b: number) => (b > 0 ? a / b : a > 0 ? Infinity : 1);
  const upstreamGrowth = ratio(high.upstreamCallsPerS, low.upstreamCallsPerS);
  const p50Growth = ratio(high.p50Ms, low.p50Ms);
  const p99Growth = ratio(high.p99Ms, low.p99Ms);
  // (high.clients / high.readsPerS) ÷ (low.clients / low.readsPerS), in one division.
  // No answered reads at a level: its readers waited without end.
  const littleGrowth = high.readsPerS > 0 && low.readsPerS > 0 ? (high.clients * low.readsPerS) / (low.clients * high.readsPerS) : Infinity;
  return {
    bounded: upstreamGrowth <= limits.upstreamGrowth,
    noOversell: sorted.every((l) => !l.oversold),
    flat: Math.max(p50Growth, p99Growth, littleGrowth) <= limits.latencyGrowth,
    upstreamGrowth,
    p50Growth,
    p99Growth,
    littleGrowth,
  };
}
