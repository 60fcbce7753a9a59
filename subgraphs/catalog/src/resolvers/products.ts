import { AdapterError, type ProductRecord } from '../../../../adapters/core/src/index.ts';
import { badUserInput, upstreamError } from '../../../runtime/src/index.ts';
import type { CatalogContext } from '../context.ts';

/** Most SKUs one `products` request may ask for: a partner's page of listings, not the catalogue. */
export const MAX_SKUS = 100;

function checkSkus(skus: readonly string[]): void {
  if (skus.length > MAX_SKUS) throw badUserInput(`products takes at most ${MAX_SKUS} SKUs (got ${skus.length}); split the list`);
  const blank = skus.findIndex((sku) => sku.trim() === '');
  if (blank >= 0) throw badUserInput(`products: the SKU at index ${blank} of skus is empty`);
}

const named = (err: unknown): unknown => (err instanceof AdapterError ? upstreamError(err, 'catalog') : err);

/**
 * The products in the order asked. Every position goes through the request's product loader in
 * the same tick, so the ERP gets one batched read for all of them (per 40 uncached SKUs). A failed
 * read fails only its positions (null with an error naming the system), as `product(sku:)` would:
 * those positions are rejected promises, which GraphQL turns into a null item with its error.
 */
export async function products(skus: readonly string[], ctx: CatalogContext): Promise<(ProductRecord | null | Promise<never>)[]> {
  checkSkus(skus);
  const settled = await Promise.allSettled(skus.map((sku) => ctx.products.load(sku)));
  return settled.map((r) => (r.status === 'fulfilled' ? r.value : Promise.reject(named(r.reason))));
}
