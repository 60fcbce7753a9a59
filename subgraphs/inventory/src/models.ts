import type { LocationRecord, ReceiveStockResult, ReservationRecord } from '../../../adapters/wms/src/index.ts';
import type { Money } from '../../../adapters/core/src/index.ts';
import type { LocationAtp, NetworkAtp } from './atp.ts';
import type { StockRecord } from '../../../adapters/wms/src/index.ts';

export type LocationModel = LocationRecord;

/** One location's ATP, with what byChannel needs to work per channel. */
export type LocationAvailabilityModel = LocationAtp & { today: string };

export type NetworkAvailabilityModel = NetworkAtp & { positions: StockRecord[]; today: string };

export interface StoreAvailabilityModel {
  location: LocationRecord;
  distanceKm: number;
  price: Money | null;
  availability: LocationAvailabilityModel | null;
}

export type ReservationModel = ReservationRecord & { __typename: 'Reservation'; replayed: boolean };

export interface InsufficientStockModel {
  __typename: 'InsufficientStock';
  sku: string;
  locationCode: string;
  requested: number;
  available: number;
}

export interface ReservationNotFoundModel {
  __typename: 'ReservationNotFound';
  id: string;
}

export interface CycleCountModel {
  locationCode: string;
  sku: string;
  countedQuantity: number;
  previousOnHand: number;
  variance: number;
  countedAt: string;
  availability: LocationAvailabilityModel;
}

export type StockReceiptModel = ReceiveStockResult & { __typename: 'StockReceipt' };

export interface UnknownInboundReferenceModel {
  __typename: 'UnknownInboundReference';
  locationCode: string;
  reference: string;
}

export interface SaleDoesNotMatchModel {
  __typename: 'SaleDoesNotMatch';
  reason: 'RECEIPT_NOT_FOUND' | 'OTHER_STORE' | 'NO_HOLD_FOR_RECEIPT_ITEMS' | 'QUANTITY_SHORT' | 'NOT_HELD';
  receiptNumber: string;
  reservationId: string;
  reservation: ReservationModel | null;
}
