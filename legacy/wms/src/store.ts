import type { Dataset, Location, StockPosition } from '../../dataset/src/index.ts';

export type ReservationStatus = 'HELD' | 'RELEASED' | 'CONSUMED' | 'EXPIRED';

export interface Reservation {
  reservationId: string;
  sku: string;
  locationCode: string;
  quantity: number;
  status: ReservationStatus;
  reference?: string;
  createdAt: string;
  expiresAt: string;
}

export type TaskType = 'PICK' | 'PACK' | 'TRANSFER';
export type TaskStatus = 'CREATED' | 'ACCEPTED' | 'REJECTED' | 'PICKED' | 'PACKED' | 'SHIPPED' | 'READY_FOR_PICKUP' | 'CANCELLED';

export interface FulfilmentTask {
  taskId: string;
  taskType: TaskType;
  status: TaskStatus;
  locationCode: string;
  targetLocationCode?: string;
  orderReference?: string;
  lines: { sku: string; quantity: number }[];
  createdAt: string;
  dueBy?: string;
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
  readonly locations: Location[];
  private readonly byCode: Map<string, Location>;
  private readonly stockBySku = new Map<string, StockPosition[]>();
  readonly reservations: Reservation[];
  readonly tasks: FulfilmentTask[] = [];

  constructor(dataset: Dataset) {
    this.locations = structuredClone(dataset.locations).sort((a, b) => a.code.localeCompare(b.code));
    this.byCode = new Map(this.locations.map((l) => [l.code, l]));
    for (const position of structuredClone(dataset.wms.stock)) {
      const list = this.stockBySku.get(position.sku);
      if (list) list.push(position);
      else this.stockBySku.set(position.sku, [position]);
    }
    for (const list of this.stockBySku.values()) list.sort((a, b) => a.locationCode.localeCompare(b.locationCode));
    this.reservations = deriveReservations(this.stockBySku, Date.parse(dataset.referenceDate));
  }

  location(code: string): Location | undefined {
    return this.byCode.get(code);
  }

  /** Positions of one SKU, ordered by location code; empty for SKUs the WMS does not know. */
  stockOf(sku: string): readonly StockPosition[] {
    return this.stockBySku.get(sku) ?? [];
  }
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
