import type { Location, Product } from './types.ts';
import { Rng, UPPER_ALNUM, WeightedTable, uniqueDraw } from './random.ts';
import { ean13CheckDigit, fenToDecimal, flat, pad } from './format.ts';
import { CATALOG, type CatalogCategory } from './catalog.ts';

const CATEGORY_TABLE = new WeightedTable(CATALOG.map((c) => [c, c.weight] as const));

/** Retail prices end in 9 (or .90 under 30 yuan), as shelf prices do. */
function shelfPriceFen(rng: Rng, min: number, max: number): number {
  const yuan = rng.float(min, max);
  if (yuan < 30) return Math.max(990, Math.round(yuan) * 100 - 10);
  return (Math.round(yuan / 10) * 10 - 1) * 100;
}

function productName(rng: Rng, cat: CatalogCategory, brand: string, item: string): string {
  let name = `${brand} ${item}`;
  const colour = cat.colours ? rng.pick(cat.colours) : undefined;
  const size = cat.sizes ? rng.pick(cat.sizes) : undefined;
  if (colour) name += ` - ${colour}`;
  if (size) name += colour ? `, ${size}` : ` - ${size}`;
  return flat(name);
}

export function generateProducts(rng: Rng, count: number, locations: readonly Location[]): Product[] {
  const storeCodes = locations.filter((l) => l.kind === 'STORE').map((l) => l.code);
  const barcodes = new Set<string>();
  const asins = new Set<string>();
  const products: Product[] = [];
  for (let i = 0; i < count; i++) {
    const cat = rng.weighted(CATEGORY_TABLE);
    const item = rng.pick(cat.items);
    const brand = rng.pick(cat.brands);
    const priceFen = shelfPriceFen(rng, item.min, item.max);
    // 69x is the GS1 prefix range assigned to China.
    const barcode = uniqueDraw(barcodes, () => {
      const first12 = `69${rng.int(0, 9)}${rng.digits(9)}`;
      return `${first12}${ean13CheckDigit(first12)}`;
    });
    const storePrices: Record<string, string> = {};
    if (rng.chance(0.04)) {
      // Local markdowns or premium-location pricing at one to three stores.
      for (const store of rng.sample(storeCodes, rng.int(1, 3)).sort()) {
        const factor = rng.chance(0.75) ? rng.float(0.7, 0.95) : rng.float(1.05, 1.15);
        storePrices[store] = fenToDecimal(Math.max(100, Math.round((priceFen * factor) / 100) * 100));
      }
    }
    products.push({
      sku: `SKU-${pad(i + 1, 6)}`,
      name: productName(rng, cat, brand, item.name),
      category: cat.category,
      brand,
      barcode,
      price: fenToDecimal(priceFen),
      currency: 'CNY',
      storePrices,
      dropShip: false,
      asin: uniqueDraw(asins, () => `B0${rng.string(8, UPPER_ALNUM)}`),
    });
  }
  // Drop-ship is a bulky/long-tail home & electronics thing; exactly ~3% of the catalogue.
  const dropShipCount = Math.max(2, Math.round(count * 0.03));
  const bulky = products.filter((p) => p.category === 'home' || p.category === 'electronics');
  const pool = bulky.length >= dropShipCount ? bulky : products;
  for (const p of rng.sample(pool, dropShipCount)) {
    p.dropShip = true;
    p.storePrices = {};
  }
  return products;
}

/** Unit price a till charges: the store's own price where it has one. */
export function storePriceOf(product: Product, storeCode: string): string {
  return product.storePrices[storeCode] ?? product.price;
}

/**
 * Popularity is long-tailed: a few products sell a lot. Returns tables for picking order
 * lines, with and without drop-ship products (stores and pickup never sell those).
 */
export function productPopularity(rng: Rng, products: readonly Product[]) {
  const weights = products.map(() => 1 / Math.pow(rng.float(0.02, 1), 0.9));
  const all = new WeightedTable(products.map((p, i) => [p, weights[i] ?? 1] as const));
  const stocked = new WeightedTable(products.flatMap((p, i) => (p.dropShip ? [] : [[p, weights[i] ?? 1] as const])));
  return { all, stocked };
}

export type ProductTables = ReturnType<typeof productPopularity>;
