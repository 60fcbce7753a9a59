import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ctx, dataset, startHarness, type Harness } from './helpers.ts';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h.close();
});

describe('PosAdapter.storePrices', () => {
  it('answers list and per-store prices for many SKUs in one catalog search, aligned to the keys', async () => {
    const withOverrides = dataset.products.filter((p) => Object.keys(p.storePrices).length > 0).slice(0, 3);
    const plain = dataset.products.find((p) => Object.keys(p.storePrices).length === 0)!;
    const skus = [...withOverrides.map((p) => p.sku), 'NOT-A-SKU', plain.sku];
    h.reset();
    const prices = await h.adapter().storePrices(ctx(), skus);
    expect(h.calls('POST /v2/catalog/search')).toBe(1);
    expect(prices[3]).toBeNull();
    expect(prices[4]).toEqual({ sku: plain.sku, price: { amount: plain.price, currency: 'CNY' }, byLocation: {} });
    const posIdOf = new Map(dataset.locations.map((l) => [l.code, l.posLocationId]));
    withOverrides.forEach((p, i) => {
      const expected = Object.fromEntries(
        Object.entries(p.storePrices)
          .filter(([code]) => posIdOf.get(code))
          .map(([code, amount]) => [posIdOf.get(code)!, { amount, currency: 'CNY' }]),
      );
      expect(prices[i]).toEqual({ sku: p.sku, price: { amount: p.price, currency: 'CNY' }, byLocation: expected });
    });
  });
});
