import { createHash } from 'node:crypto';
import { decodeId } from '../../../../adapters/core/src/index.ts';
import type { LineChange, OrderDetailsRecord, OrderHoldReason, OrderLineDetailRecord } from '../../../../adapters/erp/src/index.ts';
import type { ReservationRecord, StockRecord } from '../../../../adapters/wms/src/index.ts';
import { badUserInput } from '../../../runtime/src/index.ts';
import type { OrdersContext } from '../context.ts';
import type { OrderChangesInput } from '../generated/resolvers.ts';
import { auditOrder } from './audit.ts';
import {
  fromErp,
  loadDetails,
  paymentCovered,
  refused,
  releaseAll,
  runChange,
  wmsHoldsOf,
  type ChangeOutcome,
  type ChangeResultModel,
} from './orderChange.ts';
import { auditLines, toAddress, toContact } from './placeOrderInput.ts';
import { quoteOrder, type QuoteLineRequest } from './quote.ts';

/** One line as it will be after the change. */
interface Target {
  /** Existing line id, or undefined for an added line. */
  lineId?: string;
  /** Index in the order's open lines (added lines after them), for OrderInsufficientStock.line. */
  index: number;
  before?: OrderLineDetailRecord;
  sku: string;
  quantity: number;
  deliveryMethod: 'SHIP' | 'PICKUP';
  serviceLevel: NonNullable<LineChange['serviceLevel']>;
  /** Explicit location (pickup store, or chosen shipping site). */
  locationCode?: string;
  promisedDate?: string;
}

const holdKeyOf = (key: string, part: string) => `MOD-${createHash('sha256').update(key).digest('base64url').slice(0, 20)}-${part}`;

function locationOf(id: string | null | undefined, name: string): string | undefined {
  if (id == null) return undefined;
  const decoded = decodeId('loc', id);
  if (decoded?.system !== 'WMS') throw badUserInput(`${name} is not a location id`);
  return decoded.externalId;
}

/** The input as targets; throws on bad input before anything is read or changed. */
function targetsOf(
  details: OrderDetailsRecord,
  changes: OrderChangesInput,
): { changed: Target[]; added: Target[]; removed: OrderLineDetailRecord[] } {
  const open = details.lines.filter((l) => !l.rejected);
  const byId = new Map(open.map((l, i) => [l.lineId, { line: l, index: i }]));
  const known = (id: string, name: string) => {
    const found = byId.get(id);
    if (!found) throw badUserInput(`${name} is not an open line of this order`);
    return found;
  };
  const changed = (changes.lines ?? []).map((c, i): Target => {
    const { line, index } = known(c.lineId, `changes.lines[${i}].lineId`);
    if (c.quantity != null && (!Number.isInteger(c.quantity) || c.quantity < 1 || c.quantity > 10_000)) {
      throw badUserInput(`changes.lines[${i}].quantity must be a whole number from 1 to 10000`);
    }
    const method = c.deliveryMethod ?? line.deliveryMethod;
    const location = locationOf(c.locationId, `changes.lines[${i}].locationId`);
    if (method === 'PICKUP' && line.deliveryMethod !== 'PICKUP' && !location)
      throw badUserInput(`changes.lines[${i}].locationId (the pickup store) is required for PICKUP`);
    const moves = method !== line.deliveryMethod || (c.serviceLevel != null && c.serviceLevel !== line.serviceLevel);
    return {
      lineId: line.lineId,
      index,
      before: line,
      sku: line.sku,
      quantity: c.quantity ?? line.quantity,
      deliveryMethod: method,
      serviceLevel: c.serviceLevel ?? line.serviceLevel,
      // Unless told where, a line that changes method or speed is re-sourced by the quote.
      ...((location ?? (moves ? undefined : line.locationCode)) && { locationCode: location ?? line.locationCode }),
    };
  });
  const added = (changes.addLines ?? []).map((l, i): Target => {
    if (!/^.{1,40}$/u.test(l.sku)) throw badUserInput(`changes.addLines[${i}].sku must be 1–40 characters`);
    if (!Number.isInteger(l.quantity) || l.quantity < 1 || l.quantity > 10_000)
      throw badUserInput(`changes.addLines[${i}].quantity must be a whole number from 1 to 10000`);
    return {
      index: open.length + i,
      sku: l.sku,
      quantity: l.quantity,
      deliveryMethod: l.deliveryMethod,
      serviceLevel: l.serviceLevel ?? 'STANDARD',
      locationCode: locationOf(l.locationId, `changes.addLines[${i}].locationId`)!,
    };
  });
  const removed = (changes.removeLineIds ?? []).map((id, i) => known(id, `changes.removeLineIds[${i}]`).line);
  if (new Set([...changed.map((t) => t.lineId), ...removed.map((l) => l.lineId)]).size !== changed.length + removed.length) {
    throw badUserInput('a line may be changed or removed once per call');
  }
  if (removed.length === open.length && added.length === 0) throw badUserInput('removing every line is cancelOrder');
  return { changed, added, removed };
}

/** Quotes the targets (their dates, and a site for those without one) from live stock. */
function requote(
  targets: Target[],
  stock: Map<string, StockRecord[]>,
  sites: Parameters<typeof quoteOrder>[2],
  today: string,
  city: string | undefined,
) {
  const requests = targets.map((t): QuoteLineRequest => ({
    sku: t.sku,
    quantity: t.quantity,
    deliveryMethod: t.deliveryMethod,
    serviceLevel: t.serviceLevel,
    ...(t.deliveryMethod === 'PICKUP' && t.locationCode && { pickupLocationCode: t.locationCode }),
  }));
  // A SHIP line told where to leave from is quoted from that site only.
  const only = (t: Target) =>
    t.deliveryMethod === 'SHIP' && t.locationCode ? (p: StockRecord) => p.locationCode === t.locationCode : () => true;
  targets.forEach((t, i) => {
    const view = new Map([[t.sku, (stock.get(t.sku) ?? []).filter(only(t))]]);
    const [q] = quoteOrder([requests[i]!], view, sites, today, city).lines;
    if (!t.locationCode && q?.fromLocationCode) t.locationCode = q.fromLocationCode;
    if (q?.promisedDate) t.promisedDate = q.promisedDate;
  });
}

export function modifyOrder(
  args: { orderId: string; changes: OrderChangesInput; idempotencyKey: string },
  ctx: OrdersContext,
): Promise<ChangeResultModel> {
  return runChange(ctx, 'modifyOrder', args.orderId, args.idempotencyKey, args.changes, async (so) => {
    const details = await loadDetails(ctx, so);
    if (details.cancelled) return refused('ORDER_CANCELLED', `order ${details.number} is cancelled`);
    const { changed, added, removed } = targetsOf(details, args.changes);
    const shipped = [...changed.map((t) => t.before!), ...removed].filter((l) => l.shipped).map((l) => l.lineId);
    if (shipped.length > 0) return refused('LINE_SHIPPED', 'these lines have already left and can no longer change', shipped);
    const contact = toContact(args.changes.contact);
    const shipTo = args.changes.shippingAddress
      ? toAddress(args.changes.shippingAddress, contact?.name ?? details.contact.name)
      : undefined;
    const city = shipTo?.city ?? details.shipTo?.city;

    const moving = [...changed, ...added];
    const skus = [...new Set(moving.map((t) => t.sku))];
    const [positions, sites, existing] = await Promise.all([
      skus.length
        ? ctx.systems.wms.getStock(
            ctx.call,
            skus.map((sku) => ({ sku })),
          )
        : Promise.resolve([]),
      ctx.capture.sites(ctx.call),
      wmsHoldsOf(ctx, details),
    ]);
    const stock = new Map<string, StockRecord[]>(skus.map((sku, i) => [sku, positions[i] ?? []]));
    const today = positions.flat()[0]?.businessDate ?? new Date().toISOString().slice(0, 10);
    requote(moving, stock, sites, today, city);

    // 1. Hold the new stock first: when it is not there, nothing has changed yet.
    const fresh: ReservationRecord[] = [];
    const stale: ReservationRecord[] = [];
    const shrunk: Target[] = [];
    const holdOf = (l: OrderLineDetailRecord) =>
      existing.find((r) => r.sku === l.sku && r.locationCode === l.locationCode && !stale.includes(r));
    for (const t of moving) {
      if (!t.locationCode) {
        await releaseAll(ctx, fresh);
        return {
          kind: 'short',
          line: t.index,
          sku: t.sku,
          locationCode: t.before?.locationCode ?? '',
          requested: t.quantity,
          available: 0,
        };
      }
      const old = t.before && holdOf(t.before);
      const sameSite = t.before?.locationCode === t.locationCode;
      const delta = sameSite && old ? t.quantity - t.before!.quantity : t.quantity;
      if (sameSite && t.before && t.quantity === t.before.quantity) continue;
      if (delta > 0) {
        const held = await ctx.systems.wms.createReservation(ctx.call, {
          sku: t.sku,
          locationCode: t.locationCode,
          quantity: delta,
          ttlMinutes: 10_080,
          reference: details.number,
          idempotencyKey: holdKeyOf(args.idempotencyKey, `${t.lineId ?? `new${t.index}`}`),
        });
        if (held.outcome === 'INSUFFICIENT_STOCK') {
          await releaseAll(ctx, fresh);
          return {
            kind: 'short',
            line: t.index,
            sku: t.sku,
            locationCode: t.locationCode,
            requested: t.quantity,
            available: held.available + (sameSite ? (t.before?.quantity ?? 0) : 0),
          };
        }
        fresh.push(held.reservation);
      }
      // The old hold goes when the line moved or shrank (a shrunk line is held anew once the ERP agreed).
      if (old && (!sameSite || delta < 0)) stale.push(old);
      if (old && sameSite && delta < 0) shrunk.push(t);
    }
    for (const l of removed) {
      const old = holdOf(l);
      if (old) stale.push(old);
    }

    // 2. The ERP, through its own API; on a refusal the line changes made so far are put back.
    const { changes } = ctx.capture;
    const undo: (() => Promise<unknown>)[] = [];
    const fail = async (outcome: ChangeOutcome) => {
      for (const u of undo.reverse()) await u().catch(() => undefined);
      await releaseAll(ctx, fresh);
      return outcome;
    };
    for (const t of changed) {
      const b = t.before!;
      const change: LineChange = {
        ...(t.quantity !== b.quantity && { quantity: t.quantity }),
        ...(t.deliveryMethod !== b.deliveryMethod && { deliveryMethod: t.deliveryMethod }),
        ...(t.serviceLevel !== b.serviceLevel && { serviceLevel: t.serviceLevel }),
        ...(t.locationCode !== b.locationCode && { locationCode: t.locationCode! }),
        ...(t.promisedDate && t.promisedDate !== b.promisedDate && { requestedDate: t.promisedDate }),
      };
      const done = await changes.changeLine(ctx.call, so, b.lineId, change);
      if (done.kind !== 'done') return fail(fromErp(done, [b.lineId]));
      undo.push(() =>
        changes.changeLine(ctx.call, so, b.lineId, {
          quantity: b.quantity,
          deliveryMethod: b.deliveryMethod,
          serviceLevel: b.serviceLevel,
          locationCode: b.locationCode ?? '',
          ...(b.promisedDate && { requestedDate: b.promisedDate }),
        }),
      );
    }
    for (const t of added) {
      const done = await changes.addLine(ctx.call, so, {
        sku: t.sku,
        quantity: t.quantity,
        deliveryMethod: t.deliveryMethod,
        locationCode: t.locationCode!,
        serviceLevel: t.serviceLevel,
        ...(t.promisedDate && { requestedDate: t.promisedDate }),
      });
      if (done.kind !== 'done') return fail(fromErp(done));
      undo.push(() => changes.rejectLine(ctx.call, so, done.value, 'OTHER'));
    }
    if (contact || shipTo) {
      const done = await changes.changeShipTo(ctx.call, so, shipTo, contact);
      if (done.kind !== 'done') return fail(fromErp(done));
    }
    for (const l of removed) {
      const done = await changes.rejectLine(ctx.call, so, l.lineId, 'CUSTOMER_REQUEST');
      if (done.kind !== 'done') return fail(fromErp(done, [l.lineId]));
    }
    // 3. Old holds go; a shrunk line is held again for its new quantity (released first, so the units are there).
    await releaseAll(ctx, stale);
    for (const t of shrunk) {
      await ctx.systems.wms.createReservation(ctx.call, {
        sku: t.sku,
        locationCode: t.locationCode!,
        quantity: t.quantity,
        ttlMinutes: 10_080,
        reference: details.number,
        idempotencyKey: holdKeyOf(args.idempotencyKey, `${t.lineId}-shrunk`),
      });
    }

    // 4. Re-audit what changed.
    await reaudit(ctx, so, { lines: moving.length + removed.length > 0, contact: !!(contact || shipTo) });
    return { kind: 'changed' };
  });
}

/**
 * The audit after a change: it may add any hold; it releases only what the change can fix
 * (address and contact, the courier area, payment). Fraud and stock holds stay for people.
 */
async function reaudit(ctx: OrdersContext, so: string, changed: { lines: boolean; contact: boolean }): Promise<void> {
  const details = await loadDetails(ctx, so);
  const open = details.lines.filter((l) => !l.rejected);
  const [sites, customers] = await Promise.all([
    ctx.capture.sites(ctx.call),
    details.customerExternalId ? ctx.systems.erp.getCustomers(ctx.call, [details.customerExternalId]) : Promise.resolve([null]),
  ]);
  const { holds: found } = auditOrder(
    {
      lines: auditLines(open.map((l) => ({ ...l, locationCode: l.locationCode ?? '' }))),
      shipTo: details.shipTo,
      contact: details.contact,
      orderValue: details.grandTotal.amount,
      customer: customers[0],
      sites,
      paymentCovered: paymentCovered(details),
    },
    ctx.capture.fraudThreshold,
  );
  const current = details.holds.map((h) => h.reason);
  const releasable = new Set<OrderHoldReason>([
    'PAYMENT_NOT_AUTHORIZED',
    ...(changed.contact ? (['ADDRESS_INCOMPLETE'] as const) : []),
    ...(changed.lines ? (['COURIER_OUT_OF_AREA', 'ADDRESS_INCOMPLETE'] as const) : []),
  ]);
  const next = [...new Set([...current.filter((r) => !releasable.has(r) || found.includes(r)), ...found])];
  if (next.length !== current.length || next.some((r) => !current.includes(r))) await ctx.capture.changes.setHolds(ctx.call, so, next);
}
