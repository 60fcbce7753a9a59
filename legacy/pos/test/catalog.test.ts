import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Dataset } from '../../dataset/src/index.ts';
import { buildFixture, STORE_IDS } from './fixture.ts';
import { startPos, type Running } from './helpers.ts';

/** The fixture with one store price that differs from the list price. */
function withStorePrice(): Dataset {
  const ds = buildFixture();
  const stores = ds.locations.filter((l) => l.kind === 'STORE');
  ds.products[0] = { ...ds.products[0]!, storePrices: { [stores[1]!.code]: '8.50' } };
  return ds;
}

let pos: Running;
beforeAll(async () => {
  pos = await startPos(withStorePrice());
});
afterAll(async () => {
  await pos.close();
});

describe('POST /v2/catalog/search (item variations by SKU)', () => {
  it('answers each SKU’s variation with its price and location overrides, in minor units', async () => {
    const res = await pos.call('POST', '/v2/catalog/search', {
      object_types: ['ITEM_VARIATION'],
      query: { set_query: { attribute_name: 'sku', attribute_values: ['SKU-000001', 'SKU-000002', 'NOPE'] } },
    });
    expect(res.status).toBe(200);
    expect(res.json.objects).toHaveLength(2);
    const [first, second] = res.json.objects;
    expect(first).toMatchObject({
      type: 'ITEM_VARIATION',
      item_variation_data: {
        sku: 'SKU-000001',
        pricing_type: 'FIXED_PRICING',
        price_money: { amount: 1000, currency: 'CNY' },
        location_overrides: [{ location_id: STORE_IDS[1], price_money: { amount: 850, currency: 'CNY' } }],
      },
    });
    expect(second.item_variation_data.location_overrides).toBeUndefined();
  });

  it('matches exactly, answers {} for no match, and names bad fields as Square does', async () => {
    const none = await pos.call('POST', '/v2/catalog/search', {
      query: { set_query: { attribute_name: 'sku', attribute_values: ['sku-000001'] } },
    });
    expect(none.json).toEqual({});
    const missing = await pos.call('POST', '/v2/catalog/search', { query: {} });
    expect(missing.status).toBe(400);
    expect(missing.json.errors[0]).toMatchObject({ code: 'MISSING_REQUIRED_PARAMETER', field: 'query.set_query' });
    const other = await pos.call('POST', '/v2/catalog/search', {
      query: { set_query: { attribute_name: 'name', attribute_values: ['x'] } },
    });
    expect(other.json.errors[0]).toMatchObject({ code: 'INVALID_VALUE', field: 'query.set_query.attribute_name' });
  });

  it('requires the access token', async () => {
    const res = await pos.call('POST', '/v2/catalog/search', {}, { authorization: 'Bearer wrong' });
    expect(res.status).toBe(401);
  });
});
