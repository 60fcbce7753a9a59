export { createMarketplaceSimulator } from './createMarketplaceSimulator.ts';
export type { MarketplaceSimulatorOptions } from './createMarketplaceSimulator.ts';
export { MARKETPLACE_DEFAULT_CREDENTIALS } from './auth.ts';
export type { MarketplaceCredentials } from './auth.ts';
export {
  MARKETPLACE_DEMO_RATE_FACTOR,
  MARKETPLACE_DEMO_RATE_LIMITS,
  MARKETPLACE_OPERATIONS,
  MARKETPLACE_PUBLISHED_RATE_LIMITS,
  scaleRateLimits,
} from './rateLimits.ts';
export type { MarketplaceOperation, RateLimit, RateLimits } from './rateLimits.ts';
export { renderSpApiError } from './errors.ts';
export type { SpApiErrorEntry } from './errors.ts';
/** MarketplaceId per channel in the seeded world (Amazon.cn's real id; JD's made up alike). */
export { MARKETPLACE_IDS } from '../../dataset/src/index.ts';
