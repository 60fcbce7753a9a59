import type { Dataset, Location, Shipment } from '../../dataset/src/index.ts';
import { createSimulator, type FaultSettings, type Simulator } from '../../kit/src/index.ts';
import { renderUpsError } from './errors.ts';
import { TokenIssuer, type CarrierCredentials } from './oauth.ts';
import { registerRating } from './rating.ts';
import { registerTracking } from './tracking.ts';

export { UPS_ERRORS } from './errors.ts';
export { TOKEN_PATH } from './oauth.ts';
export type { CarrierCredentials } from './oauth.ts';
export { RATE_PATH } from './rating.ts';
export { TRACK_PATH } from './tracking.ts';
export { UPS_STATUS } from './upsStatus.ts';
export type { UpsStatus } from './upsStatus.ts';

/** Demo OAuth client of the simulator (HTTP Basic on the token endpoint). */
export const CARRIER_DEFAULT_CREDENTIALS: Readonly<CarrierCredentials> = Object.freeze({
  clientId: 'retail360-demo-client',
  clientSecret: 'retail360-demo-secret',
});

/** What UPS gives its tokens: four hours less a second. */
export const UPS_TOKEN_TTL_SECONDS = 14_399;

export interface CarrierSimulatorOptions {
  dataset: Dataset;
  /** @default no faults */
  faults?: Partial<FaultSettings>;
  /** @default CARRIER_DEFAULT_CREDENTIALS */
  credentials?: CarrierCredentials;
  /** Lifetime of issued access tokens, in seconds. @default UPS_TOKEN_TTL_SECONDS (14399) */
  tokenTtlSeconds?: number;
}

export interface CarrierSimulator extends Simulator {
  /** Access tokens issued since start (clients are expected to cache them). */
  tokensIssued(): number;
}

/**
 * UPS as the retailer's carrier: OAuth client credentials (`POST /security/v1/oauth/token`),
 * tracking (`GET /api/track/v1/details/{inquiryNumber}`, Tracking.yaml) and rating
 * (`POST /api/rating/{version}/{requestoption}`) over the dataset's shipments and locations.
 */
export function createCarrierSimulator(options: CarrierSimulatorOptions): CarrierSimulator {
  const tokens = new TokenIssuer(options.credentials ?? CARRIER_DEFAULT_CREDENTIALS, options.tokenTtlSeconds ?? UPS_TOKEN_TTL_SECONDS);
  // The carrier's own copy: the dataset is shared by every simulator.
  const shipments = new Map<string, Shipment>(
    structuredClone(options.dataset.carrier.shipments).map((s) => [s.trackingNumber.toUpperCase(), s]),
  );
  const locations: Location[] = structuredClone(options.dataset.locations);
  const sim = createSimulator({ system: 'carrier', faults: options.faults ?? {}, renderError: renderUpsError });
  tokens.register(sim.app);
  registerTracking(sim.app, shipments, new Map(locations.map((l) => [l.code, l])), tokens);
  registerRating(sim.app, locations, tokens);
  return Object.assign(sim, { tokensIssued: () => tokens.issued });
}
