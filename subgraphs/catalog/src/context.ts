import type DataLoader from 'dataloader';
import type { ProductRecord } from '../../../adapters/core/src/index.ts';
import {
  baseContext,
  cachedLoader,
  entityCache,
  perRequest,
  type RequestInfo,
  type SubgraphContext,
  type SubgraphDeps,
} from '../../runtime/src/index.ts';

export interface CatalogContext extends SubgraphContext {
  products: DataLoader<string, ProductRecord | null>;
}

export function createContextFactory(deps: SubgraphDeps): (request: RequestInfo) => CatalogContext {
  const cache = entityCache<ProductRecord | null>(deps.store, 'ERP', 'product');
  return (request) => {
    const base = baseContext('catalog', deps, request);
    const products = perRequest(base, 'catalog:products', () =>
      cachedLoader(base, cache, (skus) => base.systems.erp.getProducts(base.call, skus), 40),
    );
    return { ...base, products };
  };
}
