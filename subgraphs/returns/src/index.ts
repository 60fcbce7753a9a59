import { readFileSync } from 'node:fs';
import { buildSubgraphSchema } from '@apollo/subgraph';
import { parse } from 'graphql';
import { withUpstreamErrors, type SubgraphDefinition, type SubgraphDeps } from '../../runtime/src/index.ts';
import { createContextFactory, type ReturnsContext, type ReturnsOptions } from './context.ts';
import { resolvers } from './resolvers/index.ts';

export type { ReturnsContext, ReturnsOptions } from './context.ts';

const typeDefs = readFileSync(new URL('../schema.graphql', import.meta.url), 'utf8');

/** Returns anywhere, refunds, dispositions and exchanges (port 4006 when distributed). */
export function createReturnsSubgraph(deps: SubgraphDeps, options: ReturnsOptions = {}): SubgraphDefinition<ReturnsContext> {
  return {
    name: 'returns',
    typeDefs,
    schema: buildSubgraphSchema({ typeDefs: parse(typeDefs), resolvers: withUpstreamErrors(resolvers, 'returns') as never }),
    createContext: createContextFactory(deps, options),
  };
}
