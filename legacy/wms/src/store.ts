import type { Dataset, Location, StockPosition } from '../../dataset/src/index.ts';
import { IDEMPOTENCY_WINDOW_MS } from './contract.ts';

export type ReservationStatus = 'HELD' | 'RELEASED' | 'CONSUMED' | 'EXPIRED';

export interface Reservation {
  reservationId: string;
  sku: string;
  locationCode: string;
  quantity: number;
  status: ReservationStatus;
  reference?: string;
  /** The sales channel the hold is set aside for (a marketplace allocation), when given. */
  channel?: string;
  createdAt: string;
  expiresAt: string;
  /** The sale (POS receipt, order) that consumed the hold. */
  consumedBy?: string;
  /** When the status last changed (released, consumed, expired). */
  closedAt?: string;
}

/** What a reservation request asked for, kept with its idempotency key. */
export interface HoldRequest {
  sku: string;
  locationCode: string;
  quantity: number;
  ttlMinutes: number;
  reference?: string;
  channel?: string;
}

export type HoldOutcome = { held: Reservation; replayed: boolean } | { insufficient: { available: number } };

export type TaskType = 'PICK' | 'PACK' | 'TRANSFER';
export type TaskStatus =
  'CREATED' | 'ACCEPTED' | 'REJECTED' | 'PICKED' | 'PACKED' | 'SHIPPED' | 'READY_FOR_PICKUP' | 'HANDED_OVER' | 'DELIVERED' | 'CANCELLED';
export type FulfilmentType = 'SHIP' | 'PICKUP';
export type TaskPriority = 'EXPRESS' | 'STANDARD' | 'REPLENISHMENT';
export type RejectionReason = 'OUT_OF_STOCK' | 'NO_CAPACITY' | 'DAMAGED';

export interface FulfilmentTask {
  taskId: string;
  taskType: TaskType;
  status: TaskStatus;
  locationCode: string;
  targetLocationCode?: string;
  orderReference?: string;
  lines: { sku: string; quantity: number; pickedQuantity?: number }[];
  createdAt: string;
  dueBy?: string;
  fulfilmentType?: FulfilmentType;
  priority?: TaskPriority;
  /** When the customer placed the order the task serves (cycle-time reporting). */
  orderPlacedAt?: string;
  rejectionReason?: RejectionReason;
  trackingNumber?: string;
  /** The code the customer shows at collection; checked by the WMS at hand-over, never rendered. */
  pickupCode?: string;
  /** Every status the task reached, in order, with when. */
  events: { status: TaskStatus; at: string }[];
}

export interface CycleCountEntry {
  sku: string;
  locationCode: string;
  countedAt: string;
  previousOnHand: number;
  countedQuantity: number;
}

const HOUR_MS = 3_600_000;
/** Holds placed through the web shop last three days unless consumed or released. */
const RESERVATION_TTL_MS = 72 * HOUR_MS;

/** FNV-1a, for spreading derived timestamps deterministically. */
function hash(input: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < input.length; i++) {
    h ^= input.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/**
 * The WMS's own copy of its data, taken from the dataset at start-up. The dataset is shared
 * by every simulator, so it is copied rather than referenced: later writes stay here.
 */
export class WmsStore {
  /** The WMS's clock (simulated time). */
  readonly now: () => number;
  readonly locations: Location[];
  private readonly byCode: Map<string, Location>;
  private readonly stockBySku = new Map<string, StockPosition[]>();
  readonly reservations: Reservation[];
  readonly tasks: FulfilmentTask[] = [];
  /** Every cycle count recorded, oldest first (stock accuracy reporting). */
  readonly cycleCounts: CycleCountEntry[];
  private readonly byReservationId = new Map<string, Reservation>();
  private readonly byIdempotencyKey = new Map<string, { request: HoldRequest; reservationId: string; at: number }>();
  private nextReservation: number;

  constructor(dataset: Dataset, now: () => number) {
    this.now = now;
    this.locations = structuredClone(dataset.locations).sort((a, b) => a.code.localeCompare(b.code));
    this.byCode = new Map(this.locations.map((l) => [l.code, l]));
    for (const position of structuredClone(dataset.wms.stock)) {
      const list = this.stockBySku.get(position.sku);
      if (list) list.push(position);
      else this.stockBySku.set(position.sku, [position]);
    }
    for (const list of this.stockBySku.values()) list.sort((a, b) => a.locationCode.localeCompare(b.locationCode));
    // The dataset's count history (copied: recorded counts are appended here only).
    this.cycleCounts = structuredClone(dataset.wms.cycleCounts ?? []);
    this.reservations = deriveReservations(this.stockBySku, Date.parse(dataset.referenceDate));
    for (const r of this.reservations) this.byReservationId.set(r.reservationId, r);
    this.nextReservation = this.reservations.length + 1;
  }

  reservation(id: string): Reservation | undefined {
    return this.byReservationId.get(id);
  }

  /** One position, created empty on first write: a count or receipt can find stock the WMS did not know of. */
  position(sku: string, locationCode: string): StockPosition {
    let list = this.stockBySku.get(sku);
    if (!list) this.stockBySku.set(sku, (list = []));
    let found = list.find((p) => p.locationCode === locationCode);
    if (!found) {
      found = { sku, locationCode, onHand: 0, reserved: 0, allocated: 0, safetyStock: 0, inbound: [] };
      list.push(found);
      list.sort((a, b) => a.locationCode.localeCompare(b.locationCode));
    }
    return found;
  }

  /**
   * Holds past their expiry stop counting as reserved. Run before every operation, so every
   * answer and every check-and-reserve sees the same clock.
   */
  expireHolds(): void {
    const now = this.now();
    for (const r of this.reservations) {
      if (r.status !== 'HELD' || Date.parse(r.expiresAt) > now) continue;
      r.status = 'EXPIRED';
      r.closedAt = r.expiresAt;
      const p = this.stockOf(r.sku).find((s) => s.locationCode === r.locationCode);
      if (p) p.reserved = Math.max(0, p.reserved - r.quantity);
    }
  }

  /** What a new hold can take: on hand not held, not allocated to picks and above safety stock. */
  availableToHold(p: StockPosition): number {
    return Math.max(0, p.onHand - p.reserved - p.allocated - p.safetyStock);
  }

  /**
   * Check and hold in one synchronous step: nothing can interleave between the check and the
   * write, so concurrent requests never hold more than is there. A known idempotency key
   * answers with the hold it created, whatever happened to it since.
   */
  hold(request: HoldRequest, idempotencyKey: string | undefined): HoldOutcome | 'mismatch' {
    const now = this.now();
    if (idempotencyKey !== undefined) {
      const seen = this.byIdempotencyKey.get(idempotencyKey);
      if (seen && now - seen.at <= IDEMPOTENCY_WINDOW_MS) {
        if (!sameRequest(seen.request, request)) return 'mismatch';
        return { held: this.byReservationId.get(seen.reservationId)!, replayed: true };
      }
    }
    const p = this.position(request.sku, request.locationCode);
    const available = this.availableToHold(p);
    if (available < request.quantity) return { insufficient: { available } };
    p.reserved += request.quantity;
    const held: Reservation = {
      reservationId: `R${String(this.nextReservation++).padStart(9, '0')}`,
      sku: request.sku,
      locationCode: request.locationCode,
      quantity: request.quantity,
      status: 'HELD',
      ...(request.reference !== undefined && { reference: request.reference }),
      ...(request.channel !== undefined && { channel: request.channel }),
      createdAt: new Date(now).toISOString(),
      expiresAt: new Date(now + request.ttlMinutes * 60_000).toISOString(),
    };
    this.reservations.push(held);
    this.byReservationId.set(held.reservationId, held);
    if (idempotencyKey !== undefined) this.byIdempotencyKey.set(idempotencyKey, { request, reservationId: held.reservationId, at: now });
    return { held, replayed: false };
  }

  /** Ends a live hold: RELEASED gives the units back; CONSUMED means they left with the customer. */
  close(r: Reservation, status: 'RELEASED' | 'CONSUMED', consumedBy?: string): void {
    const p = this.position(r.sku, r.locationCode);
    p.reserved = Math.max(0, p.reserved - r.quantity);
    if (status === 'CONSUMED') p.onHand = Math.max(0, p.onHand - r.quantity);
    r.status = status;
    r.closedAt = new Date(this.now()).toISOString();
    if (consumedBy !== undefined) r.consumedBy = consumedBy;
  }

  location(code: string): Location | undefined {
    return this.byCode.get(code);
  }

  skus(): IterableIterator<string> {
    return this.stockBySku.keys();
  }

  /** Positions of one SKU, ordered by location code; empty for SKUs the WMS does not know. */
  stockOf(sku: string): readonly StockPosition[] {
    return this.stockBySku.get(sku) ?? [];
  }
}

function sameRequest(a: HoldRequest, b: HoldRequest): boolean {
  return (
    a.sku === b.sku &&
    a.locationCode === b.locationCode &&
    a.quantity === b.quantity &&
    a.ttlMinutes === b.ttlMinutes &&
    a.reference === b.reference &&
    a.channel === b.channel
  );
}

/**
 * The dataset keeps only the reserved quantity per position; the WMS keeps it as holds. Each
 * reserved quantity becomes one live hold placed within the last two days.
 */
function deriveReservations(stockBySku: Map<string, StockPosition[]>, refMs: number): Reservation[] {
  const held: StockPosition[] = [];
  for (const list of stockBySku.values()) for (const p of list) if (p.reserved > 0) held.push(p);
  held.sort((a, b) => a.locationCode.localeCompare(b.locationCode) || a.sku.localeCompare(b.sku));
  return held.map((p, i) => {
    const createdMs = refMs - (1 + (hash(`${p.locationCode}/${p.sku}`) % 47)) * HOUR_MS;
    return {
      reservationId: `R${String(i + 1).padStart(9, '0')}`,
      sku: p.sku,
      locationCode: p.locationCode,
      quantity: p.reserved,
      status: 'HELD',
      createdAt: new Date(createdMs).toISOString(),
      expiresAt: new Date(createdMs + RESERVATION_TTL_MS).toISOString(),
    };
  });
}
