import { z } from 'zod';

// ---- canonical records: fulfilment tasks (picks at stores and DCs, store transfers) ----

export type TaskKind = 'PICK' | 'PACK' | 'TRANSFER';
export type TaskStatus =
  'CREATED' | 'ACCEPTED' | 'REJECTED' | 'PICKED' | 'PACKED' | 'SHIPPED' | 'READY_FOR_PICKUP' | 'HANDED_OVER' | 'DELIVERED' | 'CANCELLED';
export type TaskFulfilmentType = 'SHIP' | 'PICKUP';
export type TaskPriority = 'EXPRESS' | 'STANDARD' | 'REPLENISHMENT';
export type TaskRejectionReason = 'OUT_OF_STOCK' | 'NO_CAPACITY' | 'DAMAGED';
export type TaskAction = 'ACCEPT' | 'REJECT' | 'PICK' | 'PACK' | 'SHIP' | 'READY_FOR_PICKUP' | 'HAND_OVER' | 'DELIVER' | 'CANCEL';

/** A unit of work the WMS tracks: its state is the WMS's, never the graph's. */
export interface TaskRecord {
  id: string;
  kind: TaskKind;
  status: TaskStatus;
  locationCode: string;
  targetLocationCode?: string;
  orderReference?: string;
  fulfilmentType?: TaskFulfilmentType;
  priority?: TaskPriority;
  lines: { sku: string; quantity: number; pickedQuantity?: number }[];
  createdAt: string;
  dueBy?: string;
  orderPlacedAt?: string;
  rejectionReason?: TaskRejectionReason;
  trackingNumber?: string;
  events: { status: TaskStatus; at: string }[];
}

export interface TaskQuery {
  locationCodes?: readonly string[];
  orderReferences?: readonly string[];
  taskIds?: readonly string[];
  /** ISO instants: created at or after `createdFrom`, before `createdTo`. */
  createdFrom?: string;
  createdTo?: string;
}

export interface CreateTaskInput {
  kind: 'PICK' | 'TRANSFER';
  fulfilmentType?: TaskFulfilmentType;
  locationCode: string;
  targetLocationCode?: string;
  orderReference: string;
  priority?: TaskPriority;
  orderPlacedAt?: string;
  dueBy?: string;
  lines: readonly { sku: string; quantity: number }[];
  /** Deduplicated by the WMS for 24 h: a retry answers with the first task. */
  idempotencyKey?: string;
}

export type CreateTaskResult =
  | { outcome: 'CREATED'; task: TaskRecord; replayed: boolean }
  | { outcome: 'INSUFFICIENT_STOCK'; sku: string; available: number; requested: number };

export interface UpdateTaskInput {
  taskId: string;
  action: TaskAction;
  reason?: TaskRejectionReason;
  trackingNumber?: string;
  pickupCode?: string;
  pickedLines?: readonly { sku: string; quantity: number }[];
}

/** DONE and UNCHANGED both leave the task in the asked state; the others are refusals. */
export type UpdateTaskResult = { outcome: 'DONE' | 'UNCHANGED' | 'INVALID_TRANSITION' | 'WRONG_PICKUP_CODE'; task: TaskRecord };

// ---- wire ----

const int = z
  .string()
  .regex(/^-?\d+$/)
  .transform(Number);
const dateTime = z.string().refine((s) => Number.isFinite(Date.parse(s)), 'not a date-time');
const status = z.enum([
  'CREATED',
  'ACCEPTED',
  'REJECTED',
  'PICKED',
  'PACKED',
  'SHIPPED',
  'READY_FOR_PICKUP',
  'HANDED_OVER',
  'DELIVERED',
  'CANCELLED',
]);

export const wireTask = z.object({
  TaskId: z.string().min(1),
  TaskType: z.enum(['PICK', 'PACK', 'TRANSFER']),
  Status: status,
  LocationCode: z.string().min(1),
  TargetLocationCode: z.string().optional(),
  OrderReference: z.string().optional(),
  Lines: z.object({ Line: z.array(z.object({ Sku: z.string(), Quantity: int, PickedQuantity: int.optional() })) }),
  CreatedAt: dateTime,
  DueBy: dateTime.optional(),
  FulfilmentType: z.enum(['SHIP', 'PICKUP']).optional(),
  Priority: z.enum(['EXPRESS', 'STANDARD', 'REPLENISHMENT']).optional(),
  OrderPlacedAt: dateTime.optional(),
  RejectionReason: z.enum(['OUT_OF_STOCK', 'NO_CAPACITY', 'DAMAGED']).optional(),
  TrackingNumber: z.string().optional(),
  Events: z.preprocess(
    (v) => (v === '' || v === undefined ? { Event: [] } : v),
    z.object({ Event: z.array(z.object({ Status: status, At: dateTime })) }),
  ),
});
export type WireTask = z.infer<typeof wireTask>;

/** FulfilmentTask is a list element, so a single task arrives as an array of one. */
const oneTask = z.preprocess((v) => (Array.isArray(v) && v.length === 1 ? v[0] : v), wireTask);

export const getTasksResponse = z.object({
  FulfilmentTasks: z.preprocess((v) => (v === '' ? {} : v), z.object({ FulfilmentTask: z.array(wireTask).default([]) })),
});
export const createTaskResponse = z.object({
  Result: z.enum(['CREATED', 'DUPLICATE', 'INSUFFICIENT_STOCK']),
  FulfilmentTask: oneTask.optional(),
  Sku: z.string().optional(),
  Available: int.optional(),
  Requested: int.optional(),
});
export type WireCreateTask = z.infer<typeof createTaskResponse>;
export const updateTaskResponse = z.object({
  Result: z.enum(['DONE', 'UNCHANGED', 'INVALID_TRANSITION', 'WRONG_PICKUP_CODE']),
  FulfilmentTask: oneTask,
});
export type WireUpdateTask = z.infer<typeof updateTaskResponse>;

// ---- cycle count history ----

export interface CycleCountQuery {
  locationCodes?: readonly string[];
  /** ISO instants: counted at or after `countedFrom`, before `countedTo`. */
  countedFrom?: string;
  countedTo?: string;
}

export interface CycleCountRecord {
  sku: string;
  locationCode: string;
  countedAt: string;
  previousOnHand: number;
  countedQuantity: number;
  /** Counted − book: 0 when the books were right. */
  variance: number;
}

export const getCycleCountsResponse = z.object({
  CycleCounts: z.preprocess(
    (v) => (v === '' ? {} : v),
    z.object({
      CycleCount: z
        .array(
          z.object({
            Sku: z.string(),
            LocationCode: z.string(),
            CountedAt: dateTime,
            PreviousOnHand: int,
            CountedQuantity: int,
            Variance: int,
          }),
        )
        .default([]),
    }),
  ),
});
