import type { CallContext } from '../../../../adapters/core/src/index.ts';
import { ErpFulfilmentWriter } from '../../../../adapters/erp/src/index.ts';
import type { LocationRecord, StockRecord } from '../../../../adapters/wms/src/index.ts';
import { entityCache, type Systems, type SubgraphDeps } from '../../../runtime/src/index.ts';
import { sourcingRequest, toCandidates, withShippingCosts } from './candidates.ts';
import { loadCustomerOrder, type CustomerOrder } from './customerOrders.ts';
import { coveredUnits, fromPurchaseOrder, fromTask, LIVE, type FulfilmentRecord } from './records.ts';
import type { OrderPriority, SourcingPlan, SourcingStrategy } from './sourcing/index.ts';

export type SourceOutcome =
  | { kind: 'SOURCED'; order: CustomerOrder; plan: SourcingPlan; created: FulfilmentRecord[]; fulfilments: FulfilmentRecord[] }
  | { kind: 'ALREADY_SOURCED'; order: CustomerOrder; fulfilments: FulfilmentRecord[] }
  | { kind: 'ON_HOLD'; order: CustomerOrder; rejections: number; maxRejections: number; fulfilments: FulfilmentRecord[] }
  | { kind: 'UNFULFILLABLE'; order: CustomerOrder; plan: SourcingPlan; fulfilments: FulfilmentRecord[] };

export interface FulfilmentServiceOptions {
  strategy: SourcingStrategy;
  /** Rejections after which an order is put ON_HOLD instead of re-sourced. */
  maxRejections: number;
  /** Working days from placement a fulfilment is due by (on-time reporting). */
  dueDays: number;
}

/** Orders that are not fulfilment's to source: finished, cancelled or already underway elsewhere. */
const NOT_SOURCEABLE = new Set(['CANCELLED', 'COMPLETED', 'DELIVERED', 'RETURNED', 'SHIPPED']);

/**
 * Sourcing and the fulfilment records of an order. Holds no state of its own: the order comes
 * from its system of record, the fulfilments from the WMS (tasks) and the ERP (drop-ship POs),
 * found again by the order's reference.
 */
export class FulfilmentService {
  readonly documents: ErpFulfilmentWriter;
  private readonly locations;
  private readonly inFlight = new Map<string, Promise<SourceOutcome | null>>();

  constructor(
    readonly deps: SubgraphDeps,
    readonly options: FulfilmentServiceOptions,
  ) {
    this.documents = new ErpFulfilmentWriter(deps.systems.erp);
    this.locations = entityCache<LocationRecord[]>(deps.store, 'WMS', 'locations');
  }

  get systems(): Systems {
    return this.deps.systems;
  }

  async sites(call: CallContext): Promise<LocationRecord[]> {
    return (await this.locations.getOrLoad('all', () => this.systems.wms.getLocations(call))).value;
  }

  order(call: CallContext, orderId: string): Promise<CustomerOrder | null> {
    return loadCustomerOrder(this.systems, call, orderId);
  }

  /** Every fulfilment of the order: WMS tasks and ERP drop-ship purchase orders, oldest first. */
  async fulfilments(call: CallContext, reference: string): Promise<FulfilmentRecord[]> {
    return (await this.fulfilmentsMany(call, [reference]))[0] ?? [];
  }

  /** The same for many orders at once (one WMS and one ERP read per batch), aligned to `references`. */
  async fulfilmentsMany(call: CallContext, references: readonly string[]): Promise<FulfilmentRecord[][]> {
    const [tasks, pos, sites] = await Promise.all([
      this.systems.wms.getTasks(call, { orderReferences: references }),
      this.documents.purchaseOrdersForMany(call, references),
      this.sites(call),
    ]);
    const kindOf = (code: string) => sites.find((s) => s.code === code)?.kind;
    return references.map((ref, i) =>
      [...tasks.filter((t) => t.orderReference === ref).map((t) => fromTask(t, kindOf)), ...(pos[i] ?? []).map(fromPurchaseOrder)].sort(
        (a, b) => a.createdAt.localeCompare(b.createdAt),
      ),
    );
  }

  /** The plan the strategy would make now for what is still unsourced (no writes). */
  async plan(
    call: CallContext,
    order: CustomerOrder,
    existing: readonly FulfilmentRecord[],
    priority?: OrderPriority,
  ): Promise<SourcingPlan> {
    const sites = await this.sites(call);
    const covered = coveredUnits(existing);
    const lines = order.lines
      .map((l) => {
        const taken = Math.min(l.quantity, covered.get(l.sku) ?? 0);
        covered.set(l.sku, (covered.get(l.sku) ?? 0) - taken);
        return { ...l, quantity: l.quantity - taken };
      })
      .filter((l) => l.quantity > 0);
    const excluded = [...new Set(existing.filter((f) => f.status === 'REJECTED').map((f) => f.locationCode))];
    const request = sourcingRequest(order, lines, sites, { ...(priority && { priority }), excluded });
    const skus = [...new Set(lines.map((l) => l.sku))];
    const [stock, openTasks, holds] = await Promise.all([
      skus.length > 0
        ? this.systems.wms.getStock(
            call,
            skus.map((sku) => ({ sku })),
          )
        : Promise.resolve([] as StockRecord[][]),
      this.systems.wms.getTasks(call, {}),
      skus.length > 0 ? this.systems.wms.getReservations(call, { skus, status: 'HELD' }) : Promise.resolve([]),
    ]);
    // Place-order holds under this order's number are this order's own stock.
    const ownHolds = new Map<string, number>();
    for (const h of holds)
      if (h.reference === order.number)
        ownHolds.set(`${h.sku}@${h.locationCode}`, (ownHolds.get(`${h.sku}@${h.locationCode}`) ?? 0) + h.quantity);
    const candidates = await withShippingCosts(
      this.systems,
      call,
      request,
      toCandidates({ locations: sites, stock: stock.flat(), openTasks, ownHolds }),
      sites,
      order.contact?.address,
    );
    return this.options.strategy.plan(request, candidates, new Date());
  }

  /**
   * Sources what is not yet sourced and creates the work: a pick at a store or DC, a transfer to
   * the pickup store, or a drop-ship PO. Idempotent: creates carry keys derived from the order, its
   * rejection count and the location, so a repeat (the release loop and a mutation racing, or a
   * retry) finds the same work instead of doubling it. Null when the order does not exist.
   */
  source(call: CallContext, orderId: string, priority?: OrderPriority): Promise<SourceOutcome | null> {
    const running = this.inFlight.get(orderId);
    if (running) return running;
    const run = this.sourceNow(call, orderId, priority).finally(() => this.inFlight.delete(orderId));
    this.inFlight.set(orderId, run);
    return run;
  }

  private async sourceNow(call: CallContext, orderId: string, priority?: OrderPriority): Promise<SourceOutcome | null> {
    const order = await this.order(call, orderId);
    if (!order) return null;
    const existing = await this.fulfilments(call, order.reference);
    const rejections = existing.filter((f) => f.status === 'REJECTED').length;
    const covered = coveredUnits(existing);
    const complete = order.lines.every((l) => (covered.get(l.sku) ?? 0) >= l.quantity);
    if (complete || NOT_SOURCEABLE.has(order.status) || order.lines.length === 0)
      return { kind: 'ALREADY_SOURCED', order, fulfilments: existing };
    if (order.status === 'ON_HOLD') {
      // Blocked for delivery in its system (order audit): nothing is released until an agent approves it.
      const explanation = 'The order is on hold in its system (an audit hold): approve it before it can be sourced.';
      const plan: SourcingPlan = {
        orderId,
        priority: priority ?? 'STANDARD',
        allocations: [],
        unfilledLines: [],
        splits: 0,
        maxSplits: 0,
        candidates: [],
        explanation,
      };
      return { kind: 'UNFULFILLABLE', order, plan, fulfilments: existing };
    }
    if (rejections >= this.options.maxRejections) {
      return { kind: 'ON_HOLD', order, rejections, maxRejections: this.options.maxRejections, fulfilments: existing };
    }
    const plan = await this.plan(call, order, existing, priority);
    if (plan.allocations.length === 0) return { kind: 'UNFULFILLABLE', order, plan, fulfilments: existing };
    const created: FulfilmentRecord[] = [];
    const sites = await this.sites(call);
    const kindOf = (code: string) => sites.find((s) => s.code === code)?.kind;
    const method = order.lines.some((l) => l.deliveryMethod === 'PICKUP' && l.pickupLocation) ? 'PICKUP' : 'SHIP';
    const dueBy = new Date(Date.parse(order.placedAt) + this.options.dueDays * 86_400_000).toISOString();
    for (const a of plan.allocations) {
      const key = `${order.reference}:${rejections}:${a.locationCode}`;
      const lines = a.lines.map((l) => ({ sku: l.sku, quantity: l.quantity }));
      if (a.kind === 'SUPPLIER') {
        const po = await this.documents.createDropShipOrder(call, {
          reference: `DS-${key}`.slice(0, 40),
          supplier: a.locationCode,
          customerOrderRef: order.reference,
          lines,
        });
        if (po.kind === 'done') created.push(fromPurchaseOrder(po.record));
        continue;
      }
      const result = await this.systems.wms.createTask(call, {
        kind: a.transferTo ? 'TRANSFER' : 'PICK',
        fulfilmentType: method,
        locationCode: a.locationCode,
        ...(a.transferTo && { targetLocationCode: a.transferTo }),
        orderReference: order.reference,
        priority: plan.priority,
        orderPlacedAt: order.placedAt,
        dueBy,
        lines,
        idempotencyKey: key.slice(0, 100),
      });
      // Stock moved between planning and creating: the next run plans again without it.
      if (result.outcome === 'CREATED') created.push(fromTask(result.task, kindOf));
    }
    await this.releaseOwnHolds(call, order);
    const fulfilments = [...existing, ...created.filter((c) => !existing.some((e) => e.id === c.id))];
    return { kind: 'SOURCED', order, plan, created, fulfilments };
  }

  /** The allocation replaces the order's place-order holds: give them back so stock is not counted twice. */
  private async releaseOwnHolds(call: CallContext, order: CustomerOrder): Promise<void> {
    const skus = [...new Set(order.lines.map((l) => l.sku))];
    if (skus.length === 0) return;
    const holds = await this.systems.wms.getReservations(call, { skus, status: 'HELD' });
    await Promise.all(holds.filter((h) => h.reference === order.number).map((h) => this.systems.wms.releaseReservation(call, h.id)));
  }

  /** Whether any live fulfilment still has work before the goods leave or are collected. */
  static openWork(records: readonly FulfilmentRecord[]): FulfilmentRecord[] {
    return records.filter((r) => LIVE(r.status) && !['SHIPPED', 'HANDED_OVER', 'DELIVERED'].includes(r.status));
  }
}
