export { CarrierAdapter } from './CarrierAdapter.ts';
export type { CarrierAdapterOptions } from './CarrierAdapter.ts';
export type { RateAddress, RateQuery, RateQuote, ServiceLevel, ShipmentEventRecord, ShipmentRecord, TrackingStatus } from './types.ts';
