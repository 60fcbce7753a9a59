import { describe, expect, it } from 'vitest';
import { checkOversell, flashSaleVerdict, type FlashSaleLevelSummary, type SkuCheck } from '../lib/flashSaleVerdict.ts';

const sku = (over: Partial<SkuCheck> = {}): SkuCheck => ({
  sku: 'SKU-1',
  atpBefore: 10,
  granted: 10,
  wmsAtpBefore: 10,
  wmsAtpAfter: 0,
  wmsAtpAfterRelease: 10,
  ...over,
});

describe('W6 oversell check', () => {
  it('passes a sale that sold out exactly and was given back', () => {
    expect(
      checkOversell([sku(), sku({ sku: 'SKU-2', atpBefore: 5, granted: 3, wmsAtpBefore: 5, wmsAtpAfter: 2, wmsAtpAfterRelease: 5 })]),
    ).toEqual({
      oversold: false,
      restored: true,
      problems: [],
    });
  });

  it('flags more holds than the ATP before, and negative WMS ATP after', () => {
    const more = checkOversell([sku({ granted: 11, wmsAtpAfter: -1 })]);
    expect(more.oversold).toBe(true);
    expect(more.problems).toEqual(['SKU-1: 11 units granted, ATP before was 10', 'SKU-1: WMS ATP -1 after the sale']);
    expect(checkOversell([sku({ granted: 4, wmsAtpAfter: -2, wmsAtpBefore: 2, atpBefore: 12 })]).oversold).toBe(true);
  });

  it('reports holds the graph did not report, and stock not given back, without calling them an oversell', () => {
    const leak = checkOversell([sku({ granted: 8, wmsAtpAfter: 0, wmsAtpAfterRelease: 2 })]);
    expect(leak.oversold).toBe(false);
    expect(leak.restored).toBe(false);
    expect(leak.problems).toEqual(['SKU-1: the WMS holds 10 units, the graph granted 8', 'SKU-1: WMS ATP 2 after release, 10 before']);
  });
});

describe('W6 verdict', () => {
  const level = (clients: number, over: Partial<FlashSaleLevelSummary> = {}): FlashSaleLevelSummary => ({
    clients,
    readsPerS: 300,
    p50Ms: 100,
    p99Ms: 400,
    upstreamCallsPerS: 25,
    oversold: false,
    ...over,
  });

  it('compares the most readers with the fewest, whatever the order', () => {
    const v = flashSaleVerdict([
      level(1000, { upstreamCallsPerS: 30, p50Ms: 150, p99Ms: 700, readsPerS: 4000 }),
      level(50),
      level(200, { readsPerS: 1200 }),
    ]);
    expect(v).toMatchObject({
      bounded: true,
      noOversell: true,
      flat: true,
      upstreamGrowth: 1.2,
      p50Growth: 1.5,
      p99Growth: 1.75,
      littleGrowth: 1.5,
    });
  });

  it('fails on upstream calls growing with readers, on any oversold level, and on latency growing past the limit', () => {
    expect(flashSaleVerdict([level(50), level(1000, { upstreamCallsPerS: 200 })])?.bounded).toBe(false);
    expect(flashSaleVerdict([level(50, { oversold: true }), level(1000)])?.noOversell).toBe(false);
    expect(flashSaleVerdict([level(50), level(1000, { p99Ms: 801, readsPerS: 6000 })])?.flat).toBe(false);
    // Percentiles of the answered reads look flat, but the readers wait: reads/s did not grow with them.
    expect(flashSaleVerdict([level(50), level(1000)])).toMatchObject({ flat: false, p50Growth: 1, littleGrowth: 20 });
    expect(flashSaleVerdict([level(50, { upstreamCallsPerS: 0 }), level(1000, { upstreamCallsPerS: 1 })])?.bounded).toBe(false);
  });

  it('has no verdict without measurements', () => {
    expect(flashSaleVerdict([])).toBeUndefined();
  });
});
