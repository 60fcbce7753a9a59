import { readFileSync } from 'node:fs';
import { buildSubgraphSchema } from '@apollo/subgraph';
import { parse } from 'graphql';
import { type SubgraphDefinition, type SubgraphDeps } from '../../runtime/src/index.ts';
import { createContextFactory, type AnalyticsContext, type AnalyticsOptions } from './context.ts';
import { resolvers } from './resolvers/index.ts';

export type { AnalyticsContext, AnalyticsOptions } from './context.ts';

const typeDefs = readFileSync(new URL('../schema.graphql', import.meta.url), 'utf8');

/** Sales and stock analytics from the analytical store (port 4007 when distributed). */
export function createAnalyticsSubgraph(deps: SubgraphDeps, options: AnalyticsOptions = {}): SubgraphDefinition<AnalyticsContext> {
  return {
    name: 'analytics',
    typeDefs,
    schema: buildSubgraphSchema({ typeDefs: parse(typeDefs), resolvers: resolvers as never }),
    createContext: createContextFactory(deps, options),
  };
}
