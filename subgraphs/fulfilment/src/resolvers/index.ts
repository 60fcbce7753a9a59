import type { FulfilmentContext } from '../context.ts';
import type { Resolvers } from '../generated/resolvers.ts';

export const resolvers: Resolvers<FulfilmentContext> = {
  Order: {
    __resolveReference: (ref) => ({ id: ref.id }),
  },
};
