import type { CatalogContext } from '../context.ts';
import type { Resolvers } from '../generated/resolvers.ts';

export const resolvers: Resolvers<CatalogContext> = {
  Query: {
    product: (_root, { sku }, ctx) => ctx.products.load(sku),
  },
  Product: {
    __resolveReference: (ref, ctx) => ctx.products.load(ref.sku),
  },
};
