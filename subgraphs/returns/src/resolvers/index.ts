import type { ReturnsContext } from '../context.ts';
import type { Resolvers } from '../generated/resolvers.ts';

export const resolvers: Resolvers<ReturnsContext> = {
  Order: {
    __resolveReference: (ref) => ({ id: ref.id }),
  },
};
