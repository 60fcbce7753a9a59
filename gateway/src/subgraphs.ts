import { createAnalyticsSubgraph } from '../../subgraphs/analytics/src/index.ts';
import { createCatalogSubgraph } from '../../subgraphs/catalog/src/index.ts';
import { createCustomersSubgraph } from '../../subgraphs/customers/src/index.ts';
import { createFulfilmentSubgraph } from '../../subgraphs/fulfilment/src/index.ts';
import { createInventorySubgraph } from '../../subgraphs/inventory/src/index.ts';
import { createOrdersSubgraph } from '../../subgraphs/orders/src/index.ts';
import { createReturnsSubgraph } from '../../subgraphs/returns/src/index.ts';
import type { SubgraphDefinition, SubgraphDeps } from '../../subgraphs/runtime/src/index.ts';
import type { SubgraphSettings } from './config.ts';

type SubgraphFactory = (deps: SubgraphDeps, settings?: SubgraphSettings) => SubgraphDefinition<never>;

/** Every subgraph of the supergraph, by the name `schema/supergraph.yaml` gives it. */
export const SUBGRAPH_FACTORIES: Record<string, SubgraphFactory> = {
  catalog: createCatalogSubgraph as (deps: SubgraphDeps) => SubgraphDefinition<never>,
  customers: createCustomersSubgraph as (deps: SubgraphDeps) => SubgraphDefinition<never>,
  orders: createOrdersSubgraph as (deps: SubgraphDeps) => SubgraphDefinition<never>,
  inventory: ((deps: SubgraphDeps) => createInventorySubgraph(deps)) as (deps: SubgraphDeps) => SubgraphDefinition<never>,
  fulfilment: ((deps: SubgraphDeps, settings: SubgraphSettings = {}) =>
    createFulfilmentSubgraph(deps, {
      fulfilment: {
        ...(settings.fulfilmentMaxRejections !== undefined && { maxRejections: settings.fulfilmentMaxRejections }),
        release: {
          ...(settings.fulfilmentReleaseIntervalMs !== undefined && { intervalMs: settings.fulfilmentReleaseIntervalMs }),
          ...(settings.fulfilmentReleaseMinAgeMs !== undefined && { minAgeMs: settings.fulfilmentReleaseMinAgeMs }),
        },
      },
    })) as SubgraphFactory,
  returns: ((deps: SubgraphDeps) => createReturnsSubgraph(deps)) as (deps: SubgraphDeps) => SubgraphDefinition<never>,
  analytics: ((deps: SubgraphDeps, settings?: SubgraphSettings) =>
    createAnalyticsSubgraph(deps, settings?.analyticsDb ? { path: settings.analyticsDb } : {})) as SubgraphFactory,
};

export const SUBGRAPH_NAMES = Object.keys(SUBGRAPH_FACTORIES);
