export { WmsAdapter } from './WmsAdapter.ts';
export type { WmsAdapterOptions } from './WmsAdapter.ts';
export { MAX_SKUS_PER_REQUEST } from './mapping.ts';
export type { InboundRecord, LocationKind, LocationRecord, StockKey, StockRecord } from './types.ts';
