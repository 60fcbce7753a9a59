/**
 * The constants of the WarehouseService contract (wsdl/WarehouseService.wsdl). The WSDL is the
 * authority; these are the names the simulator needs to read requests and write answers.
 */

export const WMS_NAMESPACE = 'http://wms.retail360.example/2008/06/WarehouseService';
export const SOAP11_ENVELOPE_NS = 'http://schemas.xmlsoap.org/soap/envelope/';
export const SOAP12_ENVELOPE_NS = 'http://www.w3.org/2003/05/soap-envelope';
export const WSSE_NS = 'http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-secext-1.0.xsd';
export const WSSE_PASSWORD_TEXT = 'http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-username-token-profile-1.0#PasswordText';

export const SERVICE_PATH = '/ws/WarehouseService';
/** The address written in the WSDL file; replaced by the serving host when `?wsdl` is asked. */
export const WSDL_DEFAULT_ADDRESS = 'http://localhost:5003/ws/WarehouseService';

export const READ_OPERATIONS = ['GetLocations', 'GetStockPositions', 'GetReservations', 'GetFulfilmentTasks', 'GetCycleCounts'] as const;
export const WRITE_OPERATIONS = [
  'CreateReservation',
  'ReleaseReservation',
  'ConsumeReservation',
  'RecordCycleCount',
  'ReceiveStock',
  'CreateFulfilmentTask',
  'UpdateFulfilmentTask',
] as const;
export const OPERATIONS = [...READ_OPERATIONS, ...WRITE_OPERATIONS] as const;
export type OperationName = (typeof OPERATIONS)[number];

export function soapActionOf(operation: OperationName): string {
  return `${WMS_NAMESPACE}/${operation}`;
}

/** Per the WSDL's GetStockPositions schema (ArrayOfSku, ArrayOfLocationCode). */
export const MAX_SKUS_PER_REQUEST = 100;
export const MAX_LOCATIONS_PER_REQUEST = 500;
export const MAX_SKU_LENGTH = 40;
/** Longest hold the WMS grants (one week), and the longest idempotency key it keeps. */
export const MAX_RESERVATION_TTL_MINUTES = 10_080;
export const MAX_IDEMPOTENCY_KEY_LENGTH = 100;
/** Idempotency keys are remembered this long, as payment APIs do. */
export const IDEMPOTENCY_WINDOW_MS = 24 * 3_600_000;

/** The WMS's own error codes, carried in soap:Fault/detail/WarehouseFault/ErrorCode. */
export const WMS_ERRORS = {
  AUTH_FAILED: 'WMS-1001',
  UNKNOWN_LOCATION: 'WMS-2001',
  UNKNOWN_RESERVATION: 'WMS-2002',
  UNKNOWN_REFERENCE: 'WMS-2003',
  UNKNOWN_TASK: 'WMS-2004',
  IDEMPOTENCY_MISMATCH: 'WMS-3003',
  RESERVATION_NOT_HELD: 'WMS-4002',
  VALIDATION: 'WMS-3000',
  MALFORMED: 'WMS-3001',
  UNKNOWN_OPERATION: 'WMS-3002',
  INTERNAL: 'WMS-9000',
  UNAVAILABLE: 'WMS-9001',
  THROTTLED: 'WMS-9002',
} as const;
export type WmsErrorCode = (typeof WMS_ERRORS)[keyof typeof WMS_ERRORS];
