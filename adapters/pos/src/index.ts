export { PosAdapter } from './PosAdapter.ts';
export type { PosAdapterOptions } from './PosAdapter.ts';
export { parseReceiptNumber } from './receiptNumber.ts';
export type { ReceiptNumber } from './receiptNumber.ts';
export type { GiftCardBalanceRecord, StorePriceRecord, StoreRecord } from './types.ts';
export { posOrdersChangedSince } from './changes.ts';
export type { PosChangeFeedOptions, PosChanges, PosReturnLineRecord } from './changes.ts';
