export { PosAdapter } from './PosAdapter.ts';
export type { PosAdapterOptions } from './PosAdapter.ts';
export { parseReceiptNumber } from './receiptNumber.ts';
export type { ReceiptNumber } from './receiptNumber.ts';
export type { StoreRecord } from './types.ts';
