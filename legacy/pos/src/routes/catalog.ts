import type { FastifyInstance } from 'fastify';
import type { Dataset, Product } from '../../../dataset/src/index.ts';
import { invalidRequest } from '../errors.ts';
import { catalogObjectId } from '../render.ts';
import { squareId } from '../ids.ts';
import * as read from '../validate.ts';

/**
 * Square Catalog, the slice a store price needs: `POST /v2/catalog/search` for ITEM_VARIATION
 * objects with a `set_query` on `sku`. Each variation carries the list price in `price_money`
 * and, per store whose till price differs, an `location_overrides[]` entry with its own
 * `price_money` — how Square keeps location-specific prices.
 */

const fen = (decimal: string) => Math.round(Number(decimal) * 100);
/** Square caps `attribute_values` of a set query; the simulator uses the documented page size. */
const MAX_VALUES = 250;

interface CatalogVariation {
  type: 'ITEM_VARIATION';
  id: string;
  updated_at: string;
  version: number;
  is_deleted: false;
  present_at_all_locations: true;
  item_variation_data: {
    item_id: string;
    name: string;
    sku: string;
    ordinal: 1;
    pricing_type: 'FIXED_PRICING';
    price_money: { amount: number; currency: string };
    location_overrides?: { location_id: string; price_money: { amount: number; currency: string } }[];
  };
}

function renderVariation(p: Product, posIdByCode: Map<string, string>, updatedAt: string): CatalogVariation {
  const overrides = Object.entries(p.storePrices)
    .filter(([code]) => posIdByCode.has(code))
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([code, price]) => ({ location_id: posIdByCode.get(code)!, price_money: { amount: fen(price), currency: p.currency } }));
  return {
    type: 'ITEM_VARIATION',
    id: catalogObjectId(p.sku),
    updated_at: updatedAt,
    version: 1,
    is_deleted: false,
    present_at_all_locations: true,
    item_variation_data: {
      item_id: squareId(`item:${p.sku}`, 24),
      name: 'Regular',
      sku: p.sku,
      ordinal: 1,
      pricing_type: 'FIXED_PRICING',
      price_money: { amount: fen(p.price), currency: p.currency },
      ...(overrides.length > 0 && { location_overrides: overrides }),
    },
  };
}

export function catalogRoutes(app: FastifyInstance, dataset: Dataset): void {
  const posIdByCode = new Map(dataset.locations.filter((l) => l.posLocationId).map((l) => [l.code, l.posLocationId as string]));
  const bySku = new Map(dataset.products.map((p) => [p.sku, p]));
  const updatedAt = dataset.referenceDate;

  app.post('/v2/catalog/search', async (request) => {
    const b = read.body(request.body);
    const types = read.stringArray(b.object_types, 'object_types', 10);
    if (types && types.some((t) => t !== 'ITEM_VARIATION')) {
      throw invalidRequest('INVALID_VALUE', 'This catalog serves `ITEM_VARIATION` objects only.', 'object_types');
    }
    const query = read.object(b.query, 'query');
    const set = read.object(query?.set_query, 'query.set_query');
    if (!set) throw invalidRequest('MISSING_REQUIRED_PARAMETER', 'Missing required parameter `query.set_query`.', 'query.set_query');
    const attribute = read.string(set.attribute_name, 'query.set_query.attribute_name');
    if (attribute !== 'sku')
      throw invalidRequest('INVALID_VALUE', 'Only `sku` can be searched by set query.', 'query.set_query.attribute_name');
    const values = read.stringArray(set.attribute_values, 'query.set_query.attribute_values', MAX_VALUES);
    if (!values || values.length === 0) {
      throw invalidRequest(
        'MISSING_REQUIRED_PARAMETER',
        'Missing required parameter `query.set_query.attribute_values`.',
        'query.set_query.attribute_values',
      );
    }
    // Exact matches only: a SKU is a key, never a pattern.
    const objects = [...new Set(values)].flatMap((sku) => {
      const p = bySku.get(sku);
      return p ? [renderVariation(p, posIdByCode, updatedAt)] : [];
    });
    return objects.length > 0 ? { objects } : {};
  });
}
