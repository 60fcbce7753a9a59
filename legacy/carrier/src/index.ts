import type { Dataset, Location } from '../../dataset/src/index.ts';
import { createSimulator, type FaultSettings, type Simulator } from '../../kit/src/index.ts';
import { renderUpsError } from './errors.ts';
import { TokenIssuer, type CarrierCredentials } from './oauth.ts';
import { registerRating } from './rating.ts';
import { registerIntercept } from './intercept.ts';
import { ShipmentBook } from './shipmentBook.ts';
import { registerShipping } from './shipping.ts';
import { registerTracking } from './tracking.ts';

export { UPS_ERRORS } from './errors.ts';
export { TOKEN_PATH } from './oauth.ts';
export type { CarrierCredentials } from './oauth.ts';
export { RATE_PATH } from './rating.ts';
export { REFERENCE_TRACK_PATH, TRACK_PATH } from './tracking.ts';
export { INTERCEPT_PREFIX } from './intercept.ts';
export { INTERCEPT_REFUSALS } from './interceptRules.ts';
export { SHIP_PATH, SHIPPING_ERRORS } from './shipping.ts';
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
  /** Epoch-ms clock for new labels and delivery-change scans. @default Date.now */
  clock?: () => number;
}

export interface CarrierSimulator extends Simulator {
  /** Access tokens issued since start (clients are expected to cache them). */
  tokensIssued(): number;
}

/**
 * UPS as the retailer's carrier: OAuth client credentials (`POST /security/v1/oauth/token`),
 * tracking by number and by reference (Tracking.yaml), rating
 * (`POST /api/rating/{version}/{requestoption}`), labels (`POST /api/shipments/{version}/ship`)
 * and Delivery Intercept (DeliveryIntercept.yaml) over the dataset's shipments and locations.
 */
export function createCarrierSimulator(options: CarrierSimulatorOptions): CarrierSimulator {
  const tokens = new TokenIssuer(options.credentials ?? CARRIER_DEFAULT_CREDENTIALS, options.tokenTtlSeconds ?? UPS_TOKEN_TTL_SECONDS);
  const book = new ShipmentBook(options.dataset.carrier.shipments);
  const locations: Location[] = structuredClone(options.dataset.locations);
  const clock = options.clock ?? Date.now;
  const sim = createSimulator({ system: 'carrier', faults: options.faults ?? {}, renderError: renderUpsError });
  tokens.register(sim.app);
  registerTracking(sim.app, book, new Map(locations.map((l) => [l.code, l])), tokens);
  registerRating(sim.app, locations, tokens);
  registerShipping(sim.app, book, locations, tokens, clock);
  registerIntercept(sim.app, book, tokens, clock);
  return Object.assign(sim, { tokensIssued: () => tokens.issued });
}
