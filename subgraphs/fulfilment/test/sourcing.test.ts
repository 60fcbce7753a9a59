import { describe, expect, it } from 'vitest';
import { DefaultSourcingStrategy, planBatch, type CandidateLocation, type SourcingRequest } from '../src/fulfilment/sourcing/index.ts';

// Shanghai: the customer in People's Square; stores a few km out, the DC ~30 km away.
const CUSTOMER = { latitude: 31.2304, longitude: 121.4737 };
// 10:00 local (UTC+8), outside the stores' peak hours unless a test says otherwise.
const OFF_PEAK = new Date('2026-11-24T02:00:00Z');
const PEAK_18 = new Date('2026-11-24T10:00:00Z');

function site(
  code: string,
  kind: CandidateLocation['kind'],
  km: number,
  available: Record<string, number>,
  extra: Partial<CandidateLocation> = {},
) {
  return {
    code,
    kind,
    name: code,
    // ~1.11 km per 0.01 degree of latitude.
    latitude: CUSTOMER.latitude + km / 111.2,
    longitude: CUSTOMER.longitude,
    labourCapacityPerHour: kind === 'DC' ? 600 : 20,
    peakHours: kind === 'STORE' ? [12, 18] : [],
    leadTimeDays: kind === 'DC' ? 1 : kind === 'SUPPLIER' ? 4 : 0,
    available,
    openTaskLines: 0,
    ...extra,
  } satisfies CandidateLocation;
}

function order(lines: [string, number][], extra: Partial<SourcingRequest> = {}): SourcingRequest {
  return {
    orderId: 'ord_1',
    placedAt: '2026-11-24T01:00:00Z',
    priority: 'STANDARD',
    deliveryMethod: 'SHIP',
    destination: CUSTOMER,
    lines: lines.map(([sku, quantity], i) => ({ lineId: String(i + 1), sku, quantity })),
    ...extra,
  };
}

const strategy = new DefaultSourcingStrategy({ maxSplits: 2 });

describe('DefaultSourcingStrategy', () => {
  it('passes over the nearest store when it lacks stock and chooses the next one', () => {
    const plan = strategy.plan(
      order([['SKU-1', 2]]),
      [site('ST001', 'STORE', 1, { 'SKU-1': 1 }), site('ST002', 'STORE', 4, { 'SKU-1': 30 }), site('DC01', 'DC', 30, { 'SKU-1': 500 })],
      OFF_PEAK,
    );
    expect(plan.allocations).toEqual([{ locationCode: 'ST002', kind: 'STORE', lines: [{ lineId: '1', sku: 'SKU-1', quantity: 2 }] }]);
    const nearest = plan.candidates.find((c) => c.locationCode === 'ST001')!;
    expect(nearest).toMatchObject({ eligible: false, chosen: false, score: 0 });
    expect(nearest.reasons).toContain('lacks stock of SKU-1: 1 free, 2 needed');
    expect(plan.explanation).toMatch(/^Chose ST002 \(store, score [\d.]+\) for 2× SKU-1\./);
    expect(plan.explanation).toContain('ST001: not eligible (lacks stock of SKU-1: 1 free, 2 needed)');
  });

  it('lets the DC win over a nearer store that is at capacity in its peak hour', () => {
    const candidates = [site('ST001', 'STORE', 1, { 'SKU-1': 40 }, { openTaskLines: 12 }), site('DC01', 'DC', 30, { 'SKU-1': 500 })];
    const atPeak = strategy.plan(order([['SKU-1', 1]]), candidates, PEAK_18);
    expect(atPeak.allocations.map((a) => a.locationCode)).toEqual(['DC01']);
    const store = atPeak.candidates.find((c) => c.locationCode === 'ST001')!;
    expect(store.reasons).toContain('at labour capacity in its peak hour 18:00: 12 open lines + 1 new > 10 per hour');
    expect(atPeak.explanation).toMatch(/^Chose DC01 \(dc/);
    expect(atPeak.explanation).toContain('at labour capacity in its peak hour 18:00');
    // The same store outside its peak hour has the hands to do it, and is nearer.
    const offPeak = strategy.plan(order([['SKU-1', 1]]), candidates, OFF_PEAK);
    expect(offPeak.allocations.map((a) => a.locationCode)).toEqual(['ST001']);
  });

  it('splits when no single location can fill the order, and never beyond the maximum', () => {
    const candidates = [
      site('ST001', 'STORE', 1, { 'SKU-1': 5 }),
      site('ST002', 'STORE', 3, { 'SKU-2': 5 }),
      site('ST003', 'STORE', 5, { 'SKU-3': 5 }),
    ];
    const twoLines = strategy.plan(
      order([
        ['SKU-1', 1],
        ['SKU-2', 1],
      ]),
      candidates,
      OFF_PEAK,
    );
    expect(twoLines.allocations.map((a) => [a.locationCode, a.lines.map((l) => l.sku)])).toEqual([
      ['ST001', ['SKU-1']],
      ['ST002', ['SKU-2']],
    ]);
    expect(twoLines.splits).toBe(2);
    expect(twoLines.unfilledLines).toEqual([]);
    expect(twoLines.explanation).toMatch(/^Split across 2 locations: ST001 .* for 1× SKU-1; ST002 .* for 1× SKU-2\./);
    const threeLines = strategy.plan(
      order([
        ['SKU-1', 1],
        ['SKU-2', 1],
        ['SKU-3', 1],
      ]),
      candidates,
      OFF_PEAK,
    );
    expect(threeLines.splits).toBe(2);
    expect(threeLines.unfilledLines.map((l) => l.sku)).toEqual(['SKU-3']);
    expect(threeLines.explanation).toContain('Unfilled within 2 locations: SKU-3.');
  });

  it('prefers one location that has everything over a split, even when split sites are nearer', () => {
    const plan = strategy.plan(
      order([
        ['SKU-1', 1],
        ['SKU-2', 1],
      ]),
      [
        site('ST001', 'STORE', 1, { 'SKU-1': 5 }),
        site('ST002', 'STORE', 2, { 'SKU-2': 5 }),
        site('DC01', 'DC', 30, { 'SKU-1': 99, 'SKU-2': 99 }),
      ],
      OFF_PEAK,
    );
    expect(plan.allocations.map((a) => a.locationCode)).toEqual(['DC01']);
  });

  it('never uses a location that rejected the order', () => {
    const plan = strategy.plan(
      order([['SKU-1', 1]], { excludedLocations: ['ST001'] }),
      [site('ST001', 'STORE', 1, { 'SKU-1': 40 }), site('ST002', 'STORE', 5, { 'SKU-1': 40 })],
      OFF_PEAK,
    );
    expect(plan.allocations.map((a) => a.locationCode)).toEqual(['ST002']);
    expect(plan.candidates.find((c) => c.locationCode === 'ST001')!.reasons).toContain('rejected this order before');
  });

  it('sends a pickup that starts elsewhere to the pickup store as a transfer', () => {
    const pickupStore = site('ST001', 'STORE', 0, {});
    const plan = strategy.plan(
      order([['SKU-1', 1]], { deliveryMethod: 'PICKUP', pickupLocationCode: 'ST001', destination: pickupStore }),
      [pickupStore, site('ST002', 'STORE', 3, { 'SKU-1': 9 })],
      OFF_PEAK,
    );
    expect(plan.allocations).toMatchObject([{ locationCode: 'ST002', transferTo: 'ST001' }]);
  });
});

describe('planBatch', () => {
  it('sources the express order first: it gets the near stock, the standard one what is left', () => {
    const candidates = [site('ST001', 'STORE', 1, { 'SKU-1': 1 }), site('DC01', 'DC', 30, { 'SKU-1': 500 })];
    const standard = order([['SKU-1', 1]], { orderId: 'ord_std', placedAt: '2026-11-24T00:00:00Z' });
    const express = order([['SKU-1', 1]], { orderId: 'ord_exp', placedAt: '2026-11-24T01:30:00Z', priority: 'EXPRESS' });
    const plans = planBatch(strategy, [standard, express], candidates, OFF_PEAK);
    expect(plans.map((p) => [p.orderId, p.allocations[0]?.locationCode])).toEqual([
      ['ord_exp', 'ST001'],
      ['ord_std', 'DC01'],
    ]);
    expect(plans[1]!.candidates.find((c) => c.locationCode === 'ST001')!.reasons).toContain('lacks stock of SKU-1: 0 free, 1 needed');
  });
});
