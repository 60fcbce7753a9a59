import { randomInt } from 'node:crypto';
import type { CallContext, OrderRecord } from '../../../../adapters/core/src/index.ts';
import type { SalePostingRecord } from '../../../../adapters/erp/src/index.ts';
import type { TaskAction, TaskRejectionReason } from '../../../../adapters/wms/src/index.ts';
import { entityCache } from '../../../runtime/src/index.ts';
import type { CustomerOrder } from './customerOrders.ts';
import { FulfilmentService, type SourceOutcome } from './FulfilmentService.ts';
import type { NotificationOutbox } from './notifications.ts';
import { DONE, fromTask, LIVE, taskIdOf, type FulfilmentRecord, type FulfilmentStatus } from './records.ts';

export type ActionOutcome =
  | { kind: 'UPDATED'; fulfilment: FulfilmentRecord; changed: boolean; posting?: SalePostingRecord }
  | { kind: 'INVALID_TRANSITION'; fulfilment: FulfilmentRecord; action: TaskAction }
  | { kind: 'WRONG_PICKUP_CODE'; fulfilment: FulfilmentRecord };

export type RejectOutcome =
  | { kind: 'INVALID_TRANSITION'; fulfilment: FulfilmentRecord; action: TaskAction }
  | { kind: 'REJECTED'; fulfilment: FulfilmentRecord; next: SourceOutcome | null };

export type OrderFulfilmentStatus = 'UNSOURCED' | 'IN_PROGRESS' | 'ON_HOLD' | 'READY_FOR_PICKUP' | 'SHIPPED' | 'COMPLETED' | 'CANCELLED';

/** Where the order stands, derived from its fulfilments (nothing stored). */
export function orderFulfilmentStatus(records: readonly FulfilmentRecord[], maxRejections: number): OrderFulfilmentStatus {
  const live = records.filter((r) => LIVE(r.status));
  const rejected = records.filter((r) => r.status === 'REJECTED').length;
  if (live.length === 0) {
    if (rejected >= maxRejections) return 'ON_HOLD';
    return records.some((r) => r.status === 'CANCELLED') && rejected === 0 ? 'CANCELLED' : 'UNSOURCED';
  }
  const finished = (s: FulfilmentStatus) => s === 'HANDED_OVER' || s === 'DELIVERED';
  if (live.every((r) => finished(r.status))) return 'COMPLETED';
  if (live.every((r) => DONE.has(r.status))) return 'SHIPPED';
  if (live.every((r) => DONE.has(r.status) || r.status === 'READY_FOR_PICKUP') && live.some((r) => r.status === 'READY_FOR_PICKUP'))
    return 'READY_FOR_PICKUP';
  return 'IN_PROGRESS';
}

const CARRIER_CODE = 'UPS';

/**
 * What store and warehouse staff do to a fulfilment, each action a WMS update (repeatable: the
 * WMS answers UNCHANGED for a state already reached), plus what follows: the carrier label on
 * ship, the pickup notification on ready, the ERP sale posting once nothing is left to do, the
 * marketplace's shipment confirmation, and re-sourcing after a rejection.
 */
export class StoreWorkflow {
  constructor(
    private readonly service: FulfilmentService,
    private readonly outbox: NotificationOutbox,
  ) {}

  /** The fulfilment behind a `ful_…` id (WMS tasks only: drop-ship POs are worked by the supplier). */
  async load(call: CallContext, id: string): Promise<FulfilmentRecord | null> {
    const taskId = taskIdOf(id);
    if (!taskId) return null;
    const [task] = await this.service.systems.wms.getTasks(call, { taskIds: [taskId] });
    if (!task) return null;
    const sites = await this.service.sites(call);
    return fromTask(task, (code) => sites.find((s) => s.code === code)?.kind);
  }

  async act(
    call: CallContext,
    record: FulfilmentRecord,
    action: TaskAction,
    extra: {
      reason?: TaskRejectionReason;
      trackingNumber?: string;
      pickupCode?: string;
      pickedLines?: { sku: string; quantity: number }[];
    } = {},
  ): Promise<ActionOutcome> {
    const result = await this.service.systems.wms.updateTask(call, { taskId: record.sourceId, action, ...extra });
    if (!result) throw new Error(`fulfilment ${record.id} vanished from the WMS`);
    const sites = await this.service.sites(call);
    const fulfilment = fromTask(result.task, (code) => sites.find((s) => s.code === code)?.kind);
    if (result.outcome === 'INVALID_TRANSITION') return { kind: 'INVALID_TRANSITION', fulfilment, action };
    if (result.outcome === 'WRONG_PICKUP_CODE') return { kind: 'WRONG_PICKUP_CODE', fulfilment };
    return { kind: 'UPDATED', fulfilment, changed: result.outcome === 'DONE' };
  }

  /** Rejects, then sources the order again without the rejecting location (or puts it ON_HOLD). */
  async reject(call: CallContext, record: FulfilmentRecord, reason: TaskRejectionReason): Promise<RejectOutcome> {
    const done = await this.act(call, record, 'REJECT', { reason });
    if (done.kind !== 'UPDATED') return { kind: 'INVALID_TRANSITION', fulfilment: done.fulfilment, action: 'REJECT' };
    const next = await this.service.source(call, record.orderId);
    return { kind: 'REJECTED', fulfilment: done.fulfilment, next };
  }

  /** Label and tracking number from the carrier (same reference, same shipment), then SHIPPED in the WMS. */
  async ship(call: CallContext, record: FulfilmentRecord, packages: { weightKg: number }[]): Promise<ActionOutcome> {
    if (record.status !== 'PACKED') return this.act(call, record, 'SHIP');
    const order = await this.service.order(call, record.orderId);
    const sites = await this.service.sites(call);
    const from = sites.find((s) => s.code === record.locationCode);
    const target = record.targetLocationCode ? sites.find((s) => s.code === record.targetLocationCode) : undefined;
    const to = target
      ? { name: target.name, ...target.address }
      : order?.contact?.address && { name: order.contact.name || order.number, ...order.contact.address };
    if (!from || !to) throw new Error(`no ${from ? 'destination' : 'origin'} address for fulfilment ${record.id}`);
    const label = await this.service.systems.carrier.createShipment(call, {
      reference: await this.parcelReference(call, record, order),
      serviceLevel: record.priority === 'EXPRESS' ? 'EXPRESS' : 'STANDARD',
      shipFrom: {
        name: from.name,
        line1: from.address.line1,
        city: from.address.city,
        postalCode: from.address.postcode,
        countryCode: from.address.country,
      },
      shipTo: { name: to.name, line1: to.line1, city: to.city, postalCode: to.postcode, countryCode: to.country },
      packages: packages.length > 0 ? packages : [{ weightKg: Math.max(0.5, record.lines.reduce((n, l) => n + l.quantity, 0) * 0.5) }],
    });
    const outcome = await this.act(call, record, 'SHIP', { trackingNumber: label.trackingNumber });
    if (outcome.kind !== 'UPDATED' || !order || record.kind === 'STORE_TRANSFER') return outcome;
    if (order.system === 'MARKETPLACE') await this.confirmOnMarketplace(call, order, outcome.fulfilment);
    const posting = await this.postIfDone(call, order);
    return { ...outcome, ...(posting && { posting }) };
  }

  /** READY_FOR_PICKUP with a fresh code, and the customer told (through the outbox). */
  async ready(call: CallContext, record: FulfilmentRecord): Promise<ActionOutcome> {
    const code = String(randomInt(0, 1_000_000)).padStart(6, '0');
    const outcome = await this.act(call, record, 'READY_FOR_PICKUP', { pickupCode: code });
    // A repeat finds the task ready already (the WMS keeps the first code): no second message.
    if (outcome.kind !== 'UPDATED' || !outcome.changed) return outcome;
    const order = await this.service.order(call, record.orderId);
    const store = (await this.service.sites(call)).find((s) => s.code === (record.targetLocationCode ?? record.locationCode));
    const recipient = order?.contact?.email ?? order?.contact?.phone;
    if (order && recipient) {
      await this.outbox.enqueue({
        orderId: order.id,
        kind: 'PICKUP_READY',
        channel: order.contact?.email ? 'EMAIL' : 'SMS',
        recipient,
        message: `Your order ${order.number} is ready for pickup at ${store?.name ?? record.locationCode}. Show pickup code ${code} at the counter.`,
      });
    }
    return outcome;
  }

  /** Hands the goods over against the customer's code; the last hand-over posts the sale and completes the order. */
  async handOver(call: CallContext, record: FulfilmentRecord, code: string): Promise<ActionOutcome> {
    const outcome = await this.act(call, record, 'HAND_OVER', { pickupCode: code });
    if (outcome.kind !== 'UPDATED') return outcome;
    const order = await this.service.order(call, record.orderId);
    if (!order) return outcome;
    const posting = await this.postIfDone(call, order);
    return { ...outcome, ...(posting && { posting }) };
  }

  /**
   * Posts the sale once nothing is left to ship or hand over. The ERP keeps the reference unique,
   * so however often this runs (each split, each retry) there is one billing document.
   */
  async postIfDone(call: CallContext, order: CustomerOrder): Promise<SalePostingRecord | undefined> {
    const records = await this.service.fulfilments(call, order.reference);
    if (FulfilmentService.openWork(records).length > 0 || !records.some((r) => DONE.has(r.status))) return undefined;
    const outcome = await this.service.documents.postSale(call, {
      reference: order.reference,
      ...(order.system === 'ERP' && { salesOrder: order.externalId }),
      amount: order.grandTotal,
    });
    // The billing completed the ERP order: drop the cached copies so the next read shows it.
    await Promise.all([
      entityCache<OrderRecord | null>(this.service.deps.store, order.system, 'orderById').delete(order.externalId),
      ...(order.customerExternalId
        ? [entityCache<OrderRecord[]>(this.service.deps.store, order.system, 'ordersByCustomer').delete(order.customerExternalId)]
        : []),
    ]);
    return outcome.kind === 'done' ? outcome.record : undefined;
  }

  /**
   * The carrier reference (also its idempotency key): the order's own id, which is how
   * `Order.shipments` finds the parcels of an order; `<order id>/<task>` when the order ships in
   * several parcels, so each gets its own label.
   */
  private async parcelReference(call: CallContext, record: FulfilmentRecord, order: CustomerOrder | null): Promise<string> {
    if (!order || record.kind === 'STORE_TRANSFER') return record.sourceId;
    const parcels = (await this.service.fulfilments(call, order.reference)).filter(
      (f) => LIVE(f.status) && f.method === 'SHIP' && f.kind !== 'DROP_SHIP',
    );
    return parcels.length <= 1 ? order.externalId : `${order.externalId}/${record.sourceId}`.slice(0, 35);
  }

  private async confirmOnMarketplace(call: CallContext, order: CustomerOrder, shipped: FulfilmentRecord): Promise<void> {
    if (!shipped.trackingNumber) return;
    const items = shipped.lines.flatMap((l) => {
      const line = order.lines.find((o) => o.sku === l.sku);
      return line ? [{ orderItemId: line.lineId, quantity: l.pickedQuantity ?? l.quantity }] : [];
    });
    await this.service.systems.marketplace.confirmShipment(call, {
      orderId: order.externalId,
      trackingNumber: shipped.trackingNumber,
      carrierCode: CARRIER_CODE,
      shipDate: new Date().toISOString(),
      items,
    });
  }
}
