import type { Dataset } from '../../dataset/src/index.ts';
import { CARRIER_DEFAULT_CREDENTIALS, createCarrierSimulator, type CarrierSimulator, type CarrierSimulatorOptions } from '../src/index.ts';

export interface Started {
  sim: CarrierSimulator;
  url: string;
}

export async function start(dataset: Dataset, options: Partial<CarrierSimulatorOptions> = {}): Promise<Started> {
  const sim = createCarrierSimulator({ dataset, ...options });
  return { sim, url: await sim.listen(0, '127.0.0.1') };
}

export const basic = (id = CARRIER_DEFAULT_CREDENTIALS.clientId, secret = CARRIER_DEFAULT_CREDENTIALS.clientSecret) =>
  `Basic ${Buffer.from(`${id}:${secret}`).toString('base64')}`;

export async function token(url: string): Promise<string> {
  const res = await fetch(`${url}/security/v1/oauth/token`, {
    method: 'POST',
    headers: { authorization: basic(), 'content-type': 'application/x-www-form-urlencoded' },
    body: 'grant_type=client_credentials',
  });
  const body = (await res.json()) as { access_token: string };
  return body.access_token;
}

export const trackHeaders = (bearer: string) => ({ authorization: `Bearer ${bearer}`, transId: 'a1b2c3d4', transactionSrc: 'tests' });

export interface JsonReply<T = Record<string, unknown>> {
  status: number;
  body: T;
}

export async function getJson<T = Record<string, unknown>>(url: string, headers: Record<string, string>): Promise<JsonReply<T>> {
  const res = await fetch(url, { headers });
  return { status: res.status, body: (await res.json()) as T };
}

export async function postJson<T = Record<string, unknown>>(
  url: string,
  body: unknown,
  headers: Record<string, string>,
): Promise<JsonReply<T>> {
  const res = await fetch(url, { method: 'POST', body: JSON.stringify(body), headers: { 'content-type': 'application/json', ...headers } });
  return { status: res.status, body: (await res.json()) as T };
}
