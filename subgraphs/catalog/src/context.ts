import DataLoader from 'dataloader';
import type { ProductRecord } from '../../../adapters/core/src/index.ts';
import { baseContext, perRequest, type RequestInfo, type SubgraphContext, type SubgraphDeps } from '../../runtime/src/index.ts';

export interface CatalogContext extends SubgraphContext {
  products: DataLoader<string, ProductRecord | null>;
}

export function createContextFactory(deps: SubgraphDeps): (request: RequestInfo) => CatalogContext {
  return (request) => {
    const base = baseContext('catalog', deps, request);
    const products = perRequest(base, 'catalog:products', () =>
      new DataLoader<string, ProductRecord | null>(
        (skus) => base.systems.erp.getProducts(base.call, skus).catch((e: Error) => skus.map(() => e)),
        { maxBatchSize: 40 },
      ),
    );
    return { ...base, products };
  };
}
