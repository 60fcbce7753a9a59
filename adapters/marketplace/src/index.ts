export { MarketplaceAdapter, MARKETPLACE_CREDENTIAL_SETTINGS } from './MarketplaceAdapter.ts';
export type { MarketplaceAdapterOptions } from './MarketplaceAdapter.ts';
export { SpApiQuota } from './SpApiQuota.ts';
export type { SpApiQuotaOptions } from './SpApiQuota.ts';
export {
  DEFAULT_MARKETPLACE_IDS,
  DEFAULT_RELAY_EMAIL_DOMAINS,
  MARKETPLACE_PUBLISHED_QUOTAS,
  ORDER_STATUS,
  isRelayEmail,
  splitBuyerName,
} from './mapping.ts';
export { marketplaceOrdersChangedSince } from './changes.ts';
export type { MarketplaceChangeFeedOptions } from './changes.ts';
