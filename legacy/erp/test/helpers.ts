import type { Dataset } from '../../dataset/src/index.ts';
import type { Simulator } from '../../kit/src/index.ts';
import { ERP_DEFAULT_CREDENTIALS, createErpSimulator, type ErpSimulatorOptions } from '../src/index.ts';

export interface Reply {
  status: number;
  headers: Headers;
  body: string;
  /** Parsed body; tests walk SAP's payloads freely. */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  json: any;
}

export interface Running {
  simulator: Simulator;
  baseUrl: string;
  get(path: string, options?: { auth?: string | null; method?: string }): Promise<Reply>;
  close(): Promise<void>;
}

export const basic = (user: string, password: string) => `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;
export const DEFAULT_AUTH = basic(ERP_DEFAULT_CREDENTIALS.username, ERP_DEFAULT_CREDENTIALS.password);

export const SO = '/sap/opu/odata/sap/API_SALES_ORDER_SRV';
export const BP = '/sap/opu/odata/sap/API_BUSINESS_PARTNER';
export const PRD = '/sap/opu/odata/sap/API_PRODUCT_SRV';

/** `$filter` etc. encoded the way an OData client sends them. */
export function q(params: Record<string, string>): string {
  return Object.entries(params)
    .map(([k, v]) => `${k}=${encodeURIComponent(v)}`)
    .join('&');
}

export async function start(dataset: Dataset, options: Omit<ErpSimulatorOptions, 'dataset'> = {}): Promise<Running> {
  const simulator = createErpSimulator({ dataset, ...options });
  const baseUrl = await simulator.listen(0, '127.0.0.1');
  return {
    simulator,
    baseUrl,
    async get(path, { auth = DEFAULT_AUTH, method = 'GET' } = {}) {
      const response = await fetch(`${baseUrl}${path}`, { method, headers: auth ? { authorization: auth } : {} });
      const body = await response.text();
      let json: unknown;
      try {
        json = JSON.parse(body);
      } catch {
        json = undefined;
      }
      return { status: response.status, headers: response.headers, body, json };
    },
    close: () => simulator.close(),
  };
}
