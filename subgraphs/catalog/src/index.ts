import { readFileSync } from 'node:fs';
import { buildSubgraphSchema } from '@apollo/subgraph';
import { parse } from 'graphql';
import { withUpstreamErrors, type SubgraphDefinition, type SubgraphDeps } from '../../runtime/src/index.ts';
import { createContextFactory, type CatalogContext } from './context.ts';
import { resolvers } from './resolvers/index.ts';

const typeDefs = readFileSync(new URL('../schema.graphql', import.meta.url), 'utf8');

export function createCatalogSubgraph(deps: SubgraphDeps): SubgraphDefinition<CatalogContext> {
  return {
    name: 'catalog',
    typeDefs,
    schema: buildSubgraphSchema({ typeDefs: parse(typeDefs), resolvers: withUpstreamErrors(resolvers, 'catalog') as never }),
    createContext: createContextFactory(deps),
  };
}
