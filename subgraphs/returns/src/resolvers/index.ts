import type { ReturnsContext } from '../context.ts';
import type { Resolvers } from '../generated/resolvers.ts';
import { readResolvers } from './read.ts';
import { writeResolvers } from './write.ts';

/**
 * Reads (returns, eligibility, identification) and writes (create, decide, receive, refund,
 * exchange). The resolvers return plain models; the generated types check the SDL names, and
 * the unions resolve by `__typename`.
 */
export const resolvers: Resolvers<ReturnsContext> = { ...readResolvers, ...writeResolvers };
