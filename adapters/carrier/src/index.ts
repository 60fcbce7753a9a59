export { CarrierAdapter } from './CarrierAdapter.ts';
export type { CarrierAdapterOptions } from './CarrierAdapter.ts';
export type {
  CarrierAddress,
  CreateShipmentRequest,
  CreatedShipment,
  InterceptAction,
  InterceptOutcome,
  InterceptRefusalReason,
  RateAddress,
  RateQuery,
  RateQuote,
  RedirectAddress,
  ReturnReason,
  ServiceLevel,
  ShipServiceLevel,
  ShipmentEventRecord,
  ShipmentRecord,
  TrackingStatus,
} from './types.ts';
