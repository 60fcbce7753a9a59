import { readFileSync } from 'node:fs';
import { buildSubgraphSchema } from '@apollo/subgraph';
import { parse } from 'graphql';
import { withUpstreamErrors, type SubgraphDefinition, type SubgraphDeps } from '../../runtime/src/index.ts';
import { createContextFactory, type FulfilmentContext, type FulfilmentOptions } from './context.ts';
import { resolvers } from './resolvers/index.ts';

export type { FulfilmentContext, FulfilmentOptions } from './context.ts';

const typeDefs = readFileSync(new URL('../schema.graphql', import.meta.url), 'utf8');

/** Sourcing, fulfilment orders, store work, shipments and tracking (port 4005 when distributed). */
export function createFulfilmentSubgraph(deps: SubgraphDeps, options: FulfilmentOptions = {}): SubgraphDefinition<FulfilmentContext> {
  return {
    name: 'fulfilment',
    typeDefs,
    schema: buildSubgraphSchema({ typeDefs: parse(typeDefs), resolvers: withUpstreamErrors(resolvers, 'fulfilment') as never }),
    createContext: createContextFactory(deps, options),
  };
}
