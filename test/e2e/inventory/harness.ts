import { graphql } from 'graphql';
import { POS_DEFAULT_CREDENTIALS, createPosSimulator } from '../../../legacy/pos/src/index.ts';
import { WMS_DEFAULT_CREDENTIALS, createWmsSimulator } from '../../../legacy/wms/src/index.ts';
import type { Dataset } from '../../../legacy/dataset/src/index.ts';
import type { Simulator } from '../../../legacy/kit/src/index.ts';
import { StaleReads, createSystems, type Caller, type SubgraphDefinition } from '../../../subgraphs/runtime/src/index.ts';
import { createInventorySubgraph, type InventoryContext, type InventoryOptions } from '../../../subgraphs/inventory/src/index.ts';

export const AGENT: Caller = { role: 'agent', subject: 'agent-1', scopes: ['inventory:read', 'inventory:write'] };

export interface Harness {
  wms: Simulator;
  pos: Simulator;
  wmsUrl: string;
  subgraph: SubgraphDefinition<InventoryContext>;
  /** The WMS clock: tests move it to expire holds. */
  clock: { now: number };
  run<T = Record<string, unknown>>(
    query: string,
    variables?: Record<string, unknown>,
    caller?: Caller,
  ): Promise<{ data?: T; errors?: readonly { message: string; extensions?: Record<string, unknown> }[] }>;
  /** Upstream calls since the last reset: SOAP posts to the WMS, catalog searches at the POS. */
  calls(): { wms: number; pos: number };
  resetCalls(): void;
  close(): Promise<void>;
}

/** The inventory subgraph over real WMS and POS simulators (the other systems are never called). */
export async function startHarness(dataset: Dataset, options: InventoryOptions = {}): Promise<Harness> {
  const clock = { now: Date.parse(dataset.referenceDate) };
  const wms = createWmsSimulator({ dataset, clock: () => clock.now });
  const pos = createPosSimulator({ dataset });
  const [wmsUrl, posUrl] = await Promise.all([wms.listen(0, '127.0.0.1'), pos.listen(0, '127.0.0.1')]);
  // Unused systems point at a closed port: a stray call would fail loudly.
  const nowhere = 'http://127.0.0.1:9';
  const systems = createSystems({
    erp: { url: nowhere, timeoutMs: 500, username: 'x', password: 'x' },
    pos: { url: posUrl, timeoutMs: 2000, accessToken: POS_DEFAULT_CREDENTIALS.accessToken },
    wms: { url: wmsUrl, timeoutMs: 2000, username: WMS_DEFAULT_CREDENTIALS.username, password: WMS_DEFAULT_CREDENTIALS.password },
    carrier: { url: nowhere, timeoutMs: 500, clientId: 'x', clientSecret: 'x' },
    marketplace: { url: nowhere, timeoutMs: 500, clientId: 'x', clientSecret: 'x', refreshToken: 'x' },
    requestDeadlineMs: 5000,
  } as Parameters<typeof createSystems>[0]);
  const subgraph = createInventorySubgraph({ systems, store: new Map() }, options);
  const count = () => ({ wms: wms.counts.get('POST /ws/WarehouseService') ?? 0, pos: pos.counts.get('POST /v2/catalog/search') ?? 0 });
  let base = count();
  return {
    wms,
    pos,
    wmsUrl,
    subgraph,
    clock,
    async run(query, variables = {}, caller = AGENT) {
      const contextValue = subgraph.createContext({
        call: { requestId: crypto.randomUUID(), deadline: Date.now() + 5000 },
        memo: new Map(),
        stale: new StaleReads(),
        caller,
      });
      const result = await graphql({ schema: subgraph.schema, source: query, variableValues: variables, contextValue });
      const errors = [...(result.errors ?? []), ...contextValue.partial.errors];
      return {
        ...(result.data && { data: result.data as never }),
        ...(errors.length > 0 && { errors: errors.map((e) => ({ message: e.message, extensions: e.extensions })) }),
      };
    },
    calls() {
      const now = count();
      return { wms: now.wms - base.wms, pos: now.pos - base.pos };
    },
    resetCalls() {
      base = count();
    },
    async close() {
      await Promise.all([wms.close(), pos.close()]);
    },
  };
}
