import { DEMO_CREDENTIALS } from '../../gateway/src/simulators.ts';
import { BENCH_SYSTEM_CONCURRENCY } from '../settings.ts';

/** The simulators' URLs, as the driver passes them to every peer in `BENCH_SIMULATORS`. */
export type SimulatorUrls = Record<'erp' | 'pos' | 'wms' | 'carrier' | 'marketplace', string>;

export function simulatorUrls(env: NodeJS.ProcessEnv): SimulatorUrls {
  const raw = env.BENCH_SIMULATORS;
  if (!raw) throw new Error('BENCH_SIMULATORS is not set (the driver passes the simulators’ URLs)');
  return JSON.parse(raw) as SimulatorUrls;
}

/**
 * Environment that points the graph's config readers at the shared simulators, with every
 * system's concurrency cap (`<SYSTEM>_CONCURRENCY`) at the bench's setting: the same for every peer.
 */
export function systemsEnv(urls: SimulatorUrls): Record<string, string> {
  const c = DEMO_CREDENTIALS;
  const cap = String(BENCH_SYSTEM_CONCURRENCY);
  return {
    APOLLO_TELEMETRY_DISABLED: '1',
    ERP_CONCURRENCY: cap,
    POS_CONCURRENCY: cap,
    WMS_CONCURRENCY: cap,
    CARRIER_CONCURRENCY: cap,
    MARKETPLACE_CONCURRENCY: cap,
    ERP_URL: urls.erp,
    ERP_USERNAME: c.erp.username,
    ERP_PASSWORD: c.erp.password,
    POS_URL: urls.pos,
    POS_ACCESS_TOKEN: c.pos.accessToken,
    WMS_URL: urls.wms,
    WMS_USERNAME: c.wms.username,
    WMS_PASSWORD: c.wms.password,
    CARRIER_URL: urls.carrier,
    CARRIER_CLIENT_ID: c.carrier.clientId,
    CARRIER_CLIENT_SECRET: c.carrier.clientSecret,
    MARKETPLACE_URL: urls.marketplace,
    MARKETPLACE_CLIENT_ID: c.marketplace.clientId,
    MARKETPLACE_CLIENT_SECRET: c.marketplace.clientSecret,
    MARKETPLACE_REFRESH_TOKEN: c.marketplace.refreshToken,
  };
}
