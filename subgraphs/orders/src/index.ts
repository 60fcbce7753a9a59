import { readFileSync } from 'node:fs';
import { buildSubgraphSchema } from '@apollo/subgraph';
import { parse } from 'graphql';
import { withUpstreamErrors, type SubgraphDefinition, type SubgraphDeps } from '../../runtime/src/index.ts';
import { createOrderCapture, scheduleRecovery, type OrderCaptureOptions } from './capture/services.ts';
import { createContextFactory, type OrdersContext } from './context.ts';
import { resolvers } from './resolvers/index.ts';

const typeDefs = readFileSync(new URL('../schema.graphql', import.meta.url), 'utf8');

export type OrdersOptions = OrderCaptureOptions;

/**
 * The orders subgraph. Creating it starts the place-order recovery (at once, then every
 * `recoveryIntervalMs`), so sagas a crashed process left open are finished or undone.
 */
export function createOrdersSubgraph(deps: SubgraphDeps, options: OrdersOptions = {}): SubgraphDefinition<OrdersContext> {
  const capture = createOrderCapture(deps, options);
  scheduleRecovery(capture, options.recoveryIntervalMs ?? 60_000);
  return {
    name: 'orders',
    typeDefs,
    schema: buildSubgraphSchema({ typeDefs: parse(typeDefs), resolvers: withUpstreamErrors(resolvers, 'orders') as never }),
    createContext: createContextFactory(deps, capture),
  };
}
