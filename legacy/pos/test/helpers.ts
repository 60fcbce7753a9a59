import type { Dataset } from '../../dataset/src/index.ts';
import type { FaultSettings, Simulator } from '../../kit/src/index.ts';
import { POS_DEFAULT_CREDENTIALS, createPosSimulator } from '../src/index.ts';

/** Response bodies are asserted field by field against the Square JSON, so they stay untyped. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type SquareJson = any;

export interface Running {
  sim: Simulator;
  url: string;
  /** Calls the simulator with the demo token unless `headers` overrides it. */
  call(
    method: 'GET' | 'POST',
    path: string,
    body?: unknown,
    headers?: Record<string, string>,
  ): Promise<{ status: number; json: SquareJson; headers: Headers }>;
  close(): Promise<void>;
}

export async function startPos(dataset: Dataset, faults?: Partial<FaultSettings>): Promise<Running> {
  const sim = createPosSimulator({ dataset, ...(faults && { faults }) });
  const url = await sim.listen(0, '127.0.0.1');
  return {
    sim,
    url,
    async call(method, path, body, headers) {
      const response = await fetch(`${url}${path}`, {
        method,
        headers: {
          authorization: `Bearer ${POS_DEFAULT_CREDENTIALS.accessToken}`,
          'square-version': '2025-08-20',
          ...(body !== undefined && { 'content-type': 'application/json' }),
          ...headers,
        },
        ...(body !== undefined && { body: typeof body === 'string' ? body : JSON.stringify(body) }),
      });
      const text = await response.text();
      return { status: response.status, json: text ? JSON.parse(text) : undefined, headers: response.headers };
    },
    close: () => sim.close(),
  };
}
