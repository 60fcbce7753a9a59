import { decodeId, encodeId } from '../../../../adapters/core/src/index.ts';
import type { PurchaseOrderRecord } from '../../../../adapters/erp/src/index.ts';
import type { LocationKind, TaskRecord } from '../../../../adapters/wms/src/index.ts';
import { orderFromReference } from './customerOrders.ts';

export type FulfilmentKind = 'STORE_PICK' | 'WAREHOUSE_ORDER' | 'STORE_TRANSFER' | 'DROP_SHIP';
export type FulfilmentStatus =
  'CREATED' | 'ACCEPTED' | 'REJECTED' | 'PICKED' | 'PACKED' | 'SHIPPED' | 'READY_FOR_PICKUP' | 'HANDED_OVER' | 'DELIVERED' | 'CANCELLED';

/** One unit of downstream work for a customer order, as the system doing it reports it. */
export interface FulfilmentRecord {
  /** `ful_…`: the system (WMS or ERP) and its own id. */
  id: string;
  orderId: string;
  kind: FulfilmentKind;
  method: 'SHIP' | 'PICKUP';
  status: FulfilmentStatus;
  locationCode: string;
  targetLocationCode?: string;
  priority?: TaskRecord['priority'];
  lines: { sku: string; quantity: number; pickedQuantity?: number }[];
  createdAt: string;
  dueBy?: string;
  orderPlacedAt?: string;
  rejectionReason?: TaskRecord['rejectionReason'];
  trackingNumber?: string;
  events: { status: FulfilmentStatus; at: string }[];
  sourceSystem: 'WMS' | 'ERP';
  sourceId: string;
}

/** Finished from the customer's point of view: the goods have left or been collected. */
export const DONE: ReadonlySet<FulfilmentStatus> = new Set(['SHIPPED', 'HANDED_OVER', 'DELIVERED']);
/** Counts against the order: everything but rejected and cancelled work. */
export const LIVE = (s: FulfilmentStatus) => s !== 'REJECTED' && s !== 'CANCELLED';

export function fromTask(task: TaskRecord, kindOf: (code: string) => LocationKind | undefined): FulfilmentRecord {
  const kind: FulfilmentKind =
    task.kind === 'TRANSFER' ? 'STORE_TRANSFER' : kindOf(task.locationCode) === 'DC' ? 'WAREHOUSE_ORDER' : 'STORE_PICK';
  return {
    id: encodeId('ful', 'WMS', task.id),
    orderId: (task.orderReference && orderFromReference(task.orderReference)) ?? '',
    kind,
    method: task.fulfilmentType ?? 'SHIP',
    status: task.status,
    locationCode: task.locationCode,
    ...(task.targetLocationCode !== undefined && { targetLocationCode: task.targetLocationCode }),
    ...(task.priority !== undefined && { priority: task.priority }),
    lines: task.lines,
    createdAt: task.createdAt,
    ...(task.dueBy !== undefined && { dueBy: task.dueBy }),
    ...(task.orderPlacedAt !== undefined && { orderPlacedAt: task.orderPlacedAt }),
    ...(task.rejectionReason !== undefined && { rejectionReason: task.rejectionReason }),
    ...(task.trackingNumber !== undefined && { trackingNumber: task.trackingNumber }),
    events: task.events,
    sourceSystem: 'WMS',
    sourceId: task.id,
  };
}

export function fromPurchaseOrder(po: PurchaseOrderRecord): FulfilmentRecord {
  const status: FulfilmentStatus = po.status === 'DELIVERED' ? 'DELIVERED' : po.status === 'CANCELLED' ? 'CANCELLED' : 'CREATED';
  return {
    id: encodeId('ful', 'ERP', po.purchaseOrder),
    orderId: orderFromReference(po.customerOrderRef) ?? '',
    kind: 'DROP_SHIP',
    method: 'SHIP',
    status,
    locationCode: po.supplier,
    lines: po.lines,
    createdAt: po.createdAt,
    events: [{ status: 'CREATED', at: po.createdAt }, ...(status !== 'CREATED' ? [{ status, at: po.createdAt }] : [])],
    sourceSystem: 'ERP',
    sourceId: po.purchaseOrder,
  };
}

/** `ful_…` → the WMS task id, when it names one. */
export function taskIdOf(id: string): string | undefined {
  const decoded = decodeId('ful', id);
  return decoded?.system === 'WMS' ? decoded.externalId : undefined;
}

/** Units of each SKU the order's live fulfilments already cover. */
export function coveredUnits(records: readonly FulfilmentRecord[]): Map<string, number> {
  const covered = new Map<string, number>();
  for (const r of records) {
    if (!LIVE(r.status)) continue;
    for (const l of r.lines) covered.set(l.sku, (covered.get(l.sku) ?? 0) + l.quantity);
  }
  return covered;
}
