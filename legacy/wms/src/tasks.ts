import { z } from 'zod';
import { IDEMPOTENCY_WINDOW_MS, MAX_IDEMPOTENCY_KEY_LENGTH, MAX_SKUS_PER_REQUEST, WMS_ERRORS } from './contract.ts';
import { locationFilter, renderTask, validateWith, type Handler } from './operations.ts';
import { WmsFault } from './soap.ts';
import type { FulfilmentTask, TaskStatus, WmsStore } from './store.ts';

/**
 * Fulfilment task writes: a store pick (ship-from-store or pickup), a DC warehouse order or a
 * store transfer is created against an order reference and then moved through its states by the
 * people doing the work. The WMS keeps the state; a wrong move is an answer, not a fault.
 */

const count = z
  .string()
  .regex(/^\d{1,9}$/)
  .transform(Number);
const lines = z.object({
  Line: z
    .array(z.object({ Sku: z.string().min(1).max(40), Quantity: count.refine((n) => n >= 1, 'must be at least 1') }))
    .min(1)
    .max(MAX_SKUS_PER_REQUEST),
});
const dateTime = z.string().refine((v) => /^\d{4}-\d{2}-\d{2}T/.test(v) && Number.isFinite(Date.parse(v)), 'is not an xsd:dateTime');

const CREATE = z.object({
  TaskType: z.enum(['PICK', 'TRANSFER']),
  FulfilmentType: z.enum(['SHIP', 'PICKUP']).optional(),
  LocationCode: z.string().min(1).max(10),
  TargetLocationCode: z.string().min(1).max(10).optional(),
  OrderReference: z.string().min(1).max(40),
  Priority: z.enum(['EXPRESS', 'STANDARD', 'REPLENISHMENT']).optional(),
  OrderPlacedAt: dateTime.optional(),
  DueBy: dateTime.optional(),
  Lines: lines,
  IdempotencyKey: z.string().min(1).max(MAX_IDEMPOTENCY_KEY_LENGTH).optional(),
});

const ACTIONS = ['ACCEPT', 'REJECT', 'PICK', 'PACK', 'SHIP', 'READY_FOR_PICKUP', 'HAND_OVER', 'DELIVER', 'CANCEL'] as const;
type Action = (typeof ACTIONS)[number];

const UPDATE = z.object({
  TaskId: z.string().min(1).max(20),
  Action: z.enum(ACTIONS),
  ReasonCode: z.enum(['OUT_OF_STOCK', 'NO_CAPACITY', 'DAMAGED']).optional(),
  TrackingNumber: z.string().min(1).max(40).optional(),
  PickupCode: z
    .string()
    .regex(/^[0-9A-Z]{4,12}$/)
    .optional(),
  PickedLines: lines.optional(),
});

/** Where each action may start from, and where it leads. */
const MOVES: Record<Action, { from: readonly TaskStatus[]; to: TaskStatus }> = {
  ACCEPT: { from: ['CREATED'], to: 'ACCEPTED' },
  REJECT: { from: ['CREATED', 'ACCEPTED'], to: 'REJECTED' },
  PICK: { from: ['ACCEPTED'], to: 'PICKED' },
  PACK: { from: ['PICKED'], to: 'PACKED' },
  SHIP: { from: ['PACKED'], to: 'SHIPPED' },
  // A transfer for collection is ready once it has left for (and reached) the pickup store.
  READY_FOR_PICKUP: { from: ['PICKED', 'PACKED', 'SHIPPED'], to: 'READY_FOR_PICKUP' },
  HAND_OVER: { from: ['READY_FOR_PICKUP'], to: 'HANDED_OVER' },
  DELIVER: { from: ['SHIPPED'], to: 'DELIVERED' },
  CANCEL: { from: ['CREATED', 'ACCEPTED', 'PICKED', 'PACKED', 'READY_FOR_PICKUP'], to: 'CANCELLED' },
};

interface TaskBook {
  next: number;
  byKey: Map<string, { fingerprint: string; taskId: string; at: number }>;
}
const books = new WeakMap<WmsStore, TaskBook>();
function bookOf(store: WmsStore): TaskBook {
  let book = books.get(store);
  if (!book) books.set(store, (book = { next: store.tasks.length + 1, byKey: new Map() }));
  return book;
}

function taskOf(store: WmsStore, id: string): FulfilmentTask {
  const t = store.tasks.find((x) => x.taskId === id);
  if (!t) throw new WmsFault('Client', WMS_ERRORS.UNKNOWN_TASK, 'Unknown TaskId', 'TaskId');
  return t;
}

/** Units leave the building: on hand and the allocation both drop; a transfer arrives as inbound at its target. */
function dispatch(store: WmsStore, t: FulfilmentTask, now: number): void {
  for (const line of t.lines) {
    const p = store.position(line.sku, t.locationCode);
    const sent = line.pickedQuantity ?? line.quantity;
    p.allocated = Math.max(0, p.allocated - line.quantity);
    p.onHand = Math.max(0, p.onHand - sent);
    if (t.taskType === 'TRANSFER' && t.targetLocationCode) {
      const eta = new Date(now + 2 * 86_400_000).toISOString().slice(0, 10);
      store.position(line.sku, t.targetLocationCode).inbound.push({ quantity: sent, eta, reference: t.taskId });
    }
  }
}

function deallocate(store: WmsStore, t: FulfilmentTask): void {
  for (const line of t.lines) {
    const p = store.position(line.sku, t.locationCode);
    p.allocated = Math.max(0, p.allocated - line.quantity);
  }
}

const COUNTS = z.object({
  LocationCodes: z.object({ LocationCode: z.array(z.string().min(1).max(10)).min(1).max(500) }).optional(),
  CountedFrom: dateTime.optional(),
  CountedTo: dateTime.optional(),
});

export const TASK_HANDLERS: Record<'CreateFulfilmentTask' | 'UpdateFulfilmentTask' | 'GetCycleCounts', Handler> = {
  /** The cycle count history (read beside the tasks: both feed fulfilment reporting). */
  GetCycleCounts(store, payload) {
    const req = validateWith(COUNTS, 'GetCycleCounts', payload);
    const codes = locationFilter(store, req.LocationCodes);
    const from = req.CountedFrom ? Date.parse(req.CountedFrom) : -Infinity;
    const to = req.CountedTo ? Date.parse(req.CountedTo) : Infinity;
    const found = store.cycleCounts.filter(
      (c) => (!codes || codes.has(c.locationCode)) && Date.parse(c.countedAt) >= from && Date.parse(c.countedAt) < to,
    );
    return {
      CycleCounts: {
        CycleCount: found.map((c) => ({
          Sku: c.sku,
          LocationCode: c.locationCode,
          CountedAt: c.countedAt,
          PreviousOnHand: c.previousOnHand,
          CountedQuantity: c.countedQuantity,
          Variance: c.countedQuantity - c.previousOnHand,
        })),
      },
    };
  },

  CreateFulfilmentTask(store, payload) {
    const req = validateWith(CREATE, 'CreateFulfilmentTask', payload);
    locationFilter(store, { LocationCode: [req.LocationCode, ...(req.TargetLocationCode ? [req.TargetLocationCode] : [])] });
    const book = bookOf(store);
    const now = store.now();
    const fingerprint = JSON.stringify({ ...req, IdempotencyKey: undefined });
    if (req.IdempotencyKey !== undefined) {
      const seen = book.byKey.get(req.IdempotencyKey);
      if (seen && now - seen.at <= IDEMPOTENCY_WINDOW_MS) {
        if (seen.fingerprint !== fingerprint) {
          throw new WmsFault(
            'Client',
            WMS_ERRORS.IDEMPOTENCY_MISMATCH,
            'IdempotencyKey was used for a different request',
            'IdempotencyKey',
          );
        }
        return { Result: 'DUPLICATE', FulfilmentTask: renderTask(taskOf(store, seen.taskId)) };
      }
    }
    // Check every line before allocating any: a task takes all its lines or none.
    for (const line of req.Lines.Line) {
      const available = store.availableToHold(store.position(line.Sku, req.LocationCode));
      if (available < line.Quantity) return { Result: 'INSUFFICIENT_STOCK', Sku: line.Sku, Available: available, Requested: line.Quantity };
    }
    for (const line of req.Lines.Line) store.position(line.Sku, req.LocationCode).allocated += line.Quantity;
    const at = new Date(now).toISOString();
    const task: FulfilmentTask = {
      taskId: `T${String(book.next++).padStart(9, '0')}`,
      taskType: req.TaskType,
      status: 'CREATED',
      locationCode: req.LocationCode,
      ...(req.TargetLocationCode !== undefined && { targetLocationCode: req.TargetLocationCode }),
      orderReference: req.OrderReference,
      lines: req.Lines.Line.map((l) => ({ sku: l.Sku, quantity: l.Quantity })),
      createdAt: at,
      ...(req.DueBy !== undefined && { dueBy: req.DueBy }),
      ...(req.FulfilmentType !== undefined && { fulfilmentType: req.FulfilmentType }),
      ...(req.Priority !== undefined && { priority: req.Priority }),
      ...(req.OrderPlacedAt !== undefined && { orderPlacedAt: req.OrderPlacedAt }),
      events: [{ status: 'CREATED', at }],
    };
    store.tasks.push(task);
    if (req.IdempotencyKey !== undefined) book.byKey.set(req.IdempotencyKey, { fingerprint, taskId: task.taskId, at: now });
    return { Result: 'CREATED', FulfilmentTask: renderTask(task) };
  },

  UpdateFulfilmentTask(store, payload) {
    const req = validateWith(UPDATE, 'UpdateFulfilmentTask', payload);
    const t = taskOf(store, req.TaskId);
    const move = MOVES[req.Action];
    if (req.Action === 'HAND_OVER' && (t.status === 'READY_FOR_PICKUP' || t.status === 'HANDED_OVER') && req.PickupCode !== t.pickupCode) {
      return { Result: 'WRONG_PICKUP_CODE', FulfilmentTask: renderTask(t) };
    }
    // Asking again for the state the task is in answers as done: every action is repeatable.
    if (t.status === move.to) return { Result: 'UNCHANGED', FulfilmentTask: renderTask(t) };
    const pickup = t.fulfilmentType === 'PICKUP';
    const allowed =
      move.from.includes(t.status) &&
      !(req.Action === 'SHIP' && pickup && t.taskType !== 'TRANSFER') &&
      !(req.Action === 'READY_FOR_PICKUP' && (!pickup || (t.status === 'SHIPPED') !== (t.taskType === 'TRANSFER'))) &&
      !(req.Action === 'REJECT' && req.ReasonCode === undefined) &&
      !(req.Action === 'READY_FOR_PICKUP' && req.PickupCode === undefined);
    if (!allowed) return { Result: 'INVALID_TRANSITION', FulfilmentTask: renderTask(t) };
    const now = store.now();
    if (req.Action === 'PICK') {
      const picked = new Map((req.PickedLines?.Line ?? []).map((l) => [l.Sku, l.Quantity]));
      for (const line of t.lines) line.pickedQuantity = Math.min(line.quantity, picked.get(line.sku) ?? line.quantity);
    }
    if (req.Action === 'REJECT' || req.Action === 'CANCEL') deallocate(store, t);
    if (req.Action === 'REJECT') t.rejectionReason = req.ReasonCode!;
    // The units leave when shipped, or when handed over at the store that picked them (a transfer left on SHIP).
    if (req.Action === 'SHIP' || (req.Action === 'HAND_OVER' && t.taskType !== 'TRANSFER')) dispatch(store, t, now);
    if (req.Action === 'SHIP' && req.TrackingNumber !== undefined) t.trackingNumber = req.TrackingNumber;
    if (req.Action === 'READY_FOR_PICKUP') t.pickupCode = req.PickupCode!;
    t.status = move.to;
    t.events.push({ status: move.to, at: new Date(now).toISOString() });
    return { Result: 'DONE', FulfilmentTask: renderTask(t) };
  },
};
