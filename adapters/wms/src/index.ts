export { WmsAdapter } from './WmsAdapter.ts';
export type { WmsAdapterOptions } from './WmsAdapter.ts';
export { MAX_SKUS_PER_REQUEST, WMS_CODES, wmsErrorCode } from './mapping.ts';
export type {
  CreateReservationInput,
  CreateReservationResult,
  CycleCountInput,
  CycleCountResult,
  InboundRecord,
  LocationKind,
  LocationRecord,
  ReceiptLineRecord,
  ReceiveStockInput,
  ReceiveStockResult,
  ReservationQuery,
  ReservationRecord,
  ReservationStatus,
  StockKey,
  StockRecord,
} from './types.ts';
export type {
  CreateTaskInput,
  CreateTaskResult,
  CycleCountQuery,
  CycleCountRecord,
  TaskAction,
  TaskFulfilmentType,
  TaskKind,
  TaskPriority,
  TaskQuery,
  TaskRecord,
  TaskRejectionReason,
  TaskStatus,
  UpdateTaskInput,
  UpdateTaskResult,
} from './taskTypes.ts';
