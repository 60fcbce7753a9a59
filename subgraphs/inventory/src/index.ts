import { readFileSync } from 'node:fs';
import { buildSubgraphSchema } from '@apollo/subgraph';
import { parse } from 'graphql';
import { withUpstreamErrors, type SubgraphDefinition, type SubgraphDeps } from '../../runtime/src/index.ts';
import { createContextFactory, type InventoryContext, type InventoryOptions } from './context.ts';
import { resolvers } from './resolvers/index.ts';

export { DEFAULT_CHANNEL_BUFFERS } from './context.ts';
export { locationId, reservationId } from './ids.ts';
export type { InventoryContext, InventoryOptions } from './context.ts';

const typeDefs = readFileSync(new URL('../schema.graphql', import.meta.url), 'utf8');

/** Stock, availability to promise, nearby stores and WMS holds (port 4004 when distributed). */
export function createInventorySubgraph(deps: SubgraphDeps, options: InventoryOptions = {}): SubgraphDefinition<InventoryContext> {
  return {
    name: 'inventory',
    typeDefs,
    schema: buildSubgraphSchema({ typeDefs: parse(typeDefs), resolvers: withUpstreamErrors(resolvers, 'inventory') as never }),
    createContext: createContextFactory(deps, options),
  };
}
