import type { Dataset, DatasetOptions } from './types.ts';
import { Rng } from './random.ts';
import { generateLocations } from './generateLocations.ts';
import { generateProducts, productPopularity } from './generateProducts.ts';
import { generatePeople } from './generatePeople.ts';
import { generateErpCustomers, generatePosCustomers } from './generateCustomers.ts';
import { generateErpOrders } from './generateErpOrders.ts';
import { generatePosReceipts } from './generatePosReceipts.ts';
import { generateMarketplaceOrders } from './generateMarketplaceOrders.ts';
import { generateShipments } from './generateShipments.ts';
import { generateReturns } from './generateReturns.ts';
import { generateStock } from './generateStock.ts';
import { generateCustomerActivity } from './generateCustomerActivity.ts';
import { generateAnomalies } from './generateAnomalies.ts';
import { generateCycleCounts } from './generateCycleCounts.ts';

export const DEFAULT_SEED = 42;
export const DEFAULT_SCALE = 1;
export const DEFAULT_REFERENCE_DATE = '2026-11-01T00:00:00.000Z';

/** Counts at scale 1; `scale` multiplies all of them (locations are fixed). */
export const BASE_COUNTS = {
  products: 2_000,
  people: 5_000,
  erpOrders: 9_000,
  posReceipts: 8_000,
  marketplaceOrders: 3_000,
} as const;

/** Options with defaults applied and checked, in the form the cache keys on. */
export function resolveOptions(options: DatasetOptions = {}): Required<DatasetOptions> {
  const seed = options.seed ?? DEFAULT_SEED;
  const scale = options.scale ?? DEFAULT_SCALE;
  const referenceDate = options.referenceDate ?? DEFAULT_REFERENCE_DATE;
  if (!Number.isSafeInteger(seed)) throw new RangeError(`seed must be an integer, got ${seed}`);
  if (!Number.isFinite(scale) || scale <= 0 || scale > 50) throw new RangeError(`scale must be in (0, 50], got ${scale}`);
  const refMs = Date.parse(referenceDate);
  if (Number.isNaN(refMs)) throw new RangeError(`referenceDate is not an ISO 8601 date: ${referenceDate}`);
  return { seed, scale, referenceDate: new Date(refMs).toISOString() };
}

function scaled(base: number, scale: number, min: number): number {
  return Math.max(min, Math.round(base * scale));
}

/**
 * Builds the whole world from (seed, scale, referenceDate) alone: the same options always
 * give a deep-equal dataset. Each part draws from its own named random stream.
 */
export function generateDataset(options?: DatasetOptions): Dataset {
  const { seed, scale, referenceDate } = resolveOptions(options);
  const refMs = Date.parse(referenceDate);
  const root = new Rng(seed, `dataset:${scale}:${referenceDate}`);

  const locations = generateLocations(root.fork('locations'), refMs);
  const products = generateProducts(root.fork('products'), scaled(BASE_COUNTS.products, scale, 40), locations);
  const tables = productPopularity(root.fork('popularity'), products);
  const heavyCount = Math.max(2, Math.round(6 * scale));
  const plans = generatePeople(root.fork('people'), scaled(BASE_COUNTS.people, scale, 40), heavyCount);
  const erpCustomers = generateErpCustomers(root.fork('erpCustomers'), plans, refMs);
  const posCustomers = generatePosCustomers(root.fork('posCustomers'), plans, refMs);

  const erp = generateErpOrders(
    root.fork('erpOrders'),
    plans,
    erpCustomers,
    locations,
    tables,
    scaled(BASE_COUNTS.erpOrders, scale, 60),
    refMs,
  );
  const pos = generatePosReceipts(
    root.fork('posReceipts'),
    plans,
    posCustomers,
    locations,
    tables,
    scaled(BASE_COUNTS.posReceipts, scale, 60),
    refMs,
  );
  const marketplace = generateMarketplaceOrders(
    root.fork('marketplace'),
    plans,
    tables,
    scaled(BASE_COUNTS.marketplaceOrders, scale, 30),
    refMs,
  );

  const shipments = generateShipments(
    root.fork('shipments'),
    [...erp.shipments, ...pos.shipments, ...marketplace.shipments],
    locations,
    refMs,
  );
  const returns = generateReturns(
    root.fork('returns'),
    {
      erpOrders: erp.orders,
      receipts: pos.receipts,
      marketplaceOrders: marketplace.orders,
      shipments,
      products,
      plans,
    },
    refMs,
  );
  const stock = generateStock(root.fork('stock'), locations, products, refMs);
  const activity = generateCustomerActivity(
    root.fork('customerActivity'),
    erpCustomers,
    erp.orders,
    products,
    new Set(plans.filter((p) => p.heavy).map((p) => p.person.personId)),
    refMs,
  );
  // Last, from its own stream: planting the analytics anomalies leaves every record above unchanged.
  const planted = generateAnomalies(
    root.fork('anomalies'),
    { locations, products, erpCustomers, erpOrders: erp.orders, posCustomers, receipts: pos.receipts },
    refMs,
    scale,
  );
  // Also last and on its own stream: the stores' count history, with the shrinkage-prone store.
  const cycleCounts = generateCycleCounts(root.fork('cycleCounts'), locations, products, refMs, scale);

  return {
    seed,
    scale,
    referenceDate,
    locations,
    products,
    people: plans.map((p) => p.person),
    erp: { customers: erpCustomers, orders: [...erp.orders, ...planted.erpOrders], ...activity },
    pos: { customers: posCustomers, receipts: [...pos.receipts, ...planted.receipts] },
    marketplace: { orders: marketplace.orders },
    wms: { stock, cycleCounts },
    carrier: { shipments },
    returns,
  };
}

const cache = new Map<string, Dataset>();

/**
 * The shared instance for these options: every simulator in one process sees (and, for
 * writes, mutates) the same objects. Use `generateDataset` for a private copy.
 */
export function getDataset(options?: DatasetOptions): Dataset {
  const resolved = resolveOptions(options);
  const key = `${resolved.seed}|${resolved.scale}|${resolved.referenceDate}`;
  let dataset = cache.get(key);
  if (!dataset) {
    dataset = generateDataset(resolved);
    cache.set(key, dataset);
  }
  return dataset;
}

/** Forgets shared instances, so a test can start from pristine data. */
export function clearDatasetCache(): void {
  cache.clear();
}
