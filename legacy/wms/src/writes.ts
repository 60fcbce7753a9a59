import { WMS_ERRORS } from './contract.ts';
import {
  channelHoldsOf,
  localDate,
  locationFilter,
  renderPosition,
  renderReservation,
  validate,
  type Handler,
  type RequestOf,
} from './operations.ts';
import { WmsFault } from './soap.ts';
import type { Reservation, WmsStore } from './store.ts';

/**
 * The write operations: holds (create, release, consume at the till) and stock accuracy (cycle
 * counts, receipts against an expected transfer or PO). Each runs synchronously against the
 * store, so a check and its write can never interleave with another request.
 */

function knownLocation(store: WmsStore, code: string): void {
  locationFilter(store, { LocationCode: [code] });
}

function heldReservation(store: WmsStore, id: string): Reservation {
  const r = store.reservation(id);
  if (!r) throw new WmsFault('Client', WMS_ERRORS.UNKNOWN_RESERVATION, 'Unknown ReservationId', 'ReservationId');
  return r;
}

/** Customer returns booked per store: the receipt a repeated reference answers with. */
const returnReceipts = new WeakMap<WmsStore, Map<string, Record<string, unknown>>>();

/**
 * Goods a customer brought back: no inbound was due, so nothing is expected; the units are
 * added to on hand (never set, so a sale in between is not overwritten). The reference (the
 * return and its line) is booked once: a retry answers with the first receipt.
 */
function receiveCustomerReturn(store: WmsStore, req: RequestOf<'ReceiveStock'>): Record<string, unknown> {
  const booked = returnReceipts.get(store) ?? new Map<string, Record<string, unknown>>();
  returnReceipts.set(store, booked);
  const key = `${req.LocationCode}|${req.Reference}`;
  const seen = booked.get(key);
  if (seen) return seen;
  const received = new Map<string, number>();
  for (const line of req.Lines.Line) received.set(line.Sku, (received.get(line.Sku) ?? 0) + line.Quantity);
  for (const [sku, quantity] of received) store.position(sku, req.LocationCode).onHand += quantity;
  const receipt = {
    LocationCode: req.LocationCode,
    Reference: req.Reference,
    ReceivedOn: localDate(new Date(store.now()).toISOString()),
    Lines: {
      Line: [...received]
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([sku, q]) => ({ Sku: sku, Expected: q, Received: q, Discrepancy: 0 })),
    },
  };
  booked.set(key, receipt);
  return receipt;
}

export const WRITE_HANDLERS: Record<
  'CreateReservation' | 'ReleaseReservation' | 'ConsumeReservation' | 'RecordCycleCount' | 'ReceiveStock',
  Handler
> = {
  CreateReservation(store, payload) {
    const req = validate('CreateReservation', payload);
    knownLocation(store, req.LocationCode);
    const outcome = store.hold(
      {
        sku: req.Sku,
        locationCode: req.LocationCode,
        quantity: req.Quantity,
        ttlMinutes: req.TtlMinutes,
        ...(req.Reference !== undefined && { reference: req.Reference }),
        ...(req.Channel !== undefined && { channel: req.Channel }),
      },
      req.IdempotencyKey,
    );
    if (outcome === 'mismatch') {
      throw new WmsFault('Client', WMS_ERRORS.IDEMPOTENCY_MISMATCH, 'IdempotencyKey was used for a different request', 'IdempotencyKey');
    }
    // Not enough stock is an answer, not a fault: the caller asked a fair question.
    if ('insufficient' in outcome) {
      return { Result: 'INSUFFICIENT_STOCK', Available: outcome.insufficient.available, Requested: req.Quantity };
    }
    return { Result: outcome.replayed ? 'DUPLICATE' : 'HELD', Reservation: renderReservation(outcome.held) };
  },

  ReleaseReservation(store, payload) {
    const req = validate('ReleaseReservation', payload);
    const r = heldReservation(store, req.ReservationId);
    // Releasing twice is a no-op: the answer shows the hold's final state either way.
    if (r.status === 'HELD') store.close(r, 'RELEASED');
    return { Reservation: renderReservation(r) };
  },

  ConsumeReservation(store, payload) {
    const req = validate('ConsumeReservation', payload);
    const r = heldReservation(store, req.ReservationId);
    if (r.status === 'CONSUMED' && r.consumedBy === req.SaleReference) return { Reservation: renderReservation(r) };
    if (r.status !== 'HELD') {
      throw new WmsFault('Client', WMS_ERRORS.RESERVATION_NOT_HELD, `Reservation is ${r.status}, not HELD`, 'ReservationId');
    }
    store.close(r, 'CONSUMED', req.SaleReference);
    return { Reservation: renderReservation(r) };
  },

  RecordCycleCount(store, payload) {
    const req = validate('RecordCycleCount', payload);
    knownLocation(store, req.LocationCode);
    const p = store.position(req.Sku, req.LocationCode);
    const previous = p.onHand;
    p.onHand = req.CountedQuantity;
    const countedAt = req.CountedAt ?? new Date(store.now()).toISOString();
    store.cycleCounts.push({
      sku: req.Sku,
      locationCode: req.LocationCode,
      countedAt,
      previousOnHand: previous,
      countedQuantity: req.CountedQuantity,
    });
    return {
      CountedAt: countedAt,
      PreviousOnHand: previous,
      Variance: req.CountedQuantity - previous,
      StockPosition: renderPosition(p, channelHoldsOf(store, new Set([req.Sku])).get(`${req.Sku}@${req.LocationCode}`)),
    };
  },

  ReceiveStock(store, payload) {
    const req = validate('ReceiveStock', payload);
    knownLocation(store, req.LocationCode);
    if (req.Kind === 'CUSTOMER_RETURN') return receiveCustomerReturn(store, req);
    // What the transfer or PO said would arrive here, per SKU.
    const expected = new Map<string, number>();
    for (const sku of store.skus()) {
      const p = store.stockOf(sku).find((s) => s.locationCode === req.LocationCode);
      const due = p?.inbound.filter((i) => i.reference === req.Reference).reduce((n, i) => n + i.quantity, 0) ?? 0;
      if (due > 0) expected.set(sku, due);
    }
    if (expected.size === 0) {
      throw new WmsFault(
        'Client',
        WMS_ERRORS.UNKNOWN_REFERENCE,
        'No inbound supply with that Reference is due at that location',
        'Reference',
      );
    }
    const received = new Map<string, number>();
    for (const line of req.Lines.Line) received.set(line.Sku, (received.get(line.Sku) ?? 0) + line.Quantity);
    // The receipt closes the reference: what did not come is a discrepancy, not still in transit.
    for (const sku of new Set([...expected.keys(), ...received.keys()])) {
      const p = store.position(sku, req.LocationCode);
      p.onHand += received.get(sku) ?? 0;
      p.inbound = p.inbound.filter((i) => i.reference !== req.Reference);
    }
    const lines = [...new Set([...expected.keys(), ...received.keys()])].sort().map((sku) => {
      const e = expected.get(sku) ?? 0;
      const r = received.get(sku) ?? 0;
      return { Sku: sku, Expected: e, Received: r, Discrepancy: r - e };
    });
    return {
      LocationCode: req.LocationCode,
      Reference: req.Reference,
      ReceivedOn: localDate(new Date(store.now()).toISOString()),
      Lines: { Line: lines },
    };
  },
};
