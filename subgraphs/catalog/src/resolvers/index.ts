import type { CatalogContext } from '../context.ts';
import type { Resolvers } from '../generated/resolvers.ts';
import { products } from './products.ts';

export const resolvers: Resolvers<CatalogContext> = {
  Query: {
    product: (_root, { sku }, ctx) => ctx.products.load(sku),
    products: (_root, { skus }, ctx) => products(skus, ctx),
  },
  Product: {
    __resolveReference: (ref, ctx) => ctx.products.load(ref.sku),
  },
};
