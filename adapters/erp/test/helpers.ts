import { createCallContext, type AttemptEvent, type CallContext } from '../../core/src/index.ts';
import type { Dataset } from '../../../legacy/dataset/src/index.ts';
import type { Simulator } from '../../../legacy/kit/src/index.ts';
import { ERP_DEFAULT_CREDENTIALS, createErpSimulator, type ErpSimulatorOptions } from '../../../legacy/erp/src/index.ts';
import { tinyDataset } from '../../../legacy/erp/test/fixtures.ts';
import { ErpAdapter, type ErpAdapterOptions } from '../src/index.ts';

export const PATHS = {
  businessPartner: 'GET /sap/opu/odata/sap/API_BUSINESS_PARTNER/A_BusinessPartner',
  salesOrder: 'GET /sap/opu/odata/sap/API_SALES_ORDER_SRV/A_SalesOrder',
  product: 'GET /sap/opu/odata/sap/API_PRODUCT_SRV/A_Product',
} as const;

export interface Harness {
  sim: Simulator;
  url: string;
  adapter: ErpAdapter;
  ctx: CallContext;
  events: AttemptEvent[];
  /** Requests the simulator served for "METHOD path", e.g. PATHS.salesOrder. */
  calls(key: string): number;
  close(): Promise<void>;
}

/** Quick retries so failure tests stay fast; tests about back-off set their own. */
export const FAST_RETRIES = { initialBackoffMs: 1, maxBackoffMs: 20 } as const;

export async function harness(
  options: { dataset?: Dataset; sim?: Omit<ErpSimulatorOptions, 'dataset'>; adapter?: Partial<ErpAdapterOptions> } = {},
): Promise<Harness> {
  const sim = createErpSimulator({ dataset: options.dataset ?? tinyDataset(), ...options.sim });
  const url = await sim.listen(0, '127.0.0.1');
  const events: AttemptEvent[] = [];
  const adapter = new ErpAdapter({
    baseUrl: url,
    username: ERP_DEFAULT_CREDENTIALS.username,
    password: ERP_DEFAULT_CREDENTIALS.password,
    resilience: FAST_RETRIES,
    onAttempt: (e) => events.push(e),
    ...options.adapter,
  });
  return {
    sim,
    url,
    adapter,
    ctx: createCallContext({ requestId: 'test' }),
    events,
    calls: (key) => sim.counts.get(key) ?? 0,
    close: () => sim.close(),
  };
}
