import type { Simulator } from '../../kit/src/index.ts';
import { MARKETPLACE_DEFAULT_CREDENTIALS, createMarketplaceSimulator, type MarketplaceSimulatorOptions } from '../src/index.ts';
import { fixtureDataset } from './fixtures.ts';

export interface Started {
  sim: Simulator;
  url: string;
  token: string;
  get(path: string, params?: Record<string, string | string[]>, token?: string | null): Promise<Response>;
}

export async function start(options: Partial<MarketplaceSimulatorOptions> = {}): Promise<Started> {
  const sim = createMarketplaceSimulator({ dataset: fixtureDataset(), ...options });
  const url = await sim.listen(0, '127.0.0.1');
  const token = await accessToken(url);
  return {
    sim,
    url,
    token,
    get(path, params = {}, tok = token) {
      const qs = new URLSearchParams();
      for (const [k, v] of Object.entries(params)) for (const one of Array.isArray(v) ? v : [v]) qs.append(k, one);
      const q = qs.toString();
      return fetch(`${url}${path}${q ? `?${q}` : ''}`, { headers: tok === null ? {} : { 'x-amz-access-token': tok } });
    },
  };
}

export async function accessToken(url: string, form: Record<string, string> = {}): Promise<string> {
  const res = await lwa(url, form);
  const body = (await res.json()) as { access_token: string };
  return body.access_token;
}

export function lwa(url: string, form: Record<string, string> = {}): Promise<Response> {
  const c = MARKETPLACE_DEFAULT_CREDENTIALS;
  const body = new URLSearchParams({
    grant_type: 'refresh_token',
    refresh_token: c.refreshToken,
    client_id: c.clientId,
    client_secret: c.clientSecret,
    ...form,
  });
  return fetch(`${url}/auth/o2/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded;charset=UTF-8' },
    body,
  });
}
