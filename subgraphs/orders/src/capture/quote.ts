import type { LocationRecord, StockRecord } from '../../../../adapters/wms/src/index.ts';
// The inventory subgraph owns ATP; the quote uses its pure functions so both answer alike.
import { earliestDate } from '../../../inventory/src/atp.ts';

/**
 * Delivery promises per line, from WMS stock (ATP per DESIGN.md) and each site's lead time:
 *
 * | service level | from                          | ready to leave                 | transit |
 * |---------------|-------------------------------|--------------------------------|---------|
 * | STANDARD      | any DC or store               | ATP date + site lead time      | 3 days  |
 * | EXPRESS       | any DC or store               | ATP date + site lead time      | 1 day   |
 * | NEXT_DAY      | any DC or store, ATP today    | today                          | 1 day   |
 * | SAME_DAY      | DC or store in the same city, ATP today | today                | 0       |
 * | ONE_HOUR      | store in the same city, ATP today (local courier) | today      | 0       |
 *
 * Pickup: at the chosen store on its ATP date; when it cannot promise the quantity, by transfer
 * from the site that can deliver to the store first (STANDARD rules, 1 transit day within a
 * city). The fastest site wins; ties go to the deeper stock. Suppliers (drop-ship) are not
 * sourced here.
 */
export type ServiceLevel = 'STANDARD' | 'EXPRESS' | 'NEXT_DAY' | 'SAME_DAY' | 'ONE_HOUR';

export interface QuoteLineRequest {
  sku: string;
  quantity: number;
  deliveryMethod: 'SHIP' | 'PICKUP';
  serviceLevel: ServiceLevel;
  /** Required for PICKUP. */
  pickupLocationCode?: string;
}

export interface QuoteLine {
  line: number;
  sku: string;
  quantity: number;
  deliveryMethod: 'SHIP' | 'PICKUP';
  serviceLevel: ServiceLevel;
  /** ISO date the customer gets it (delivered, or ready for pickup); null when it cannot be promised. */
  promisedDate: string | null;
  /** The site the units come from. */
  fromLocationCode: string | null;
  /** Why the line cannot be promised, or how it is (a transfer). */
  note: string | null;
}

export interface Consolidation {
  /** One site can send every SHIP line in one shipment. */
  possible: boolean;
  fromLocationCode: string | null;
  /** ISO date the single shipment arrives (the slowest line sets it). */
  promisedDate: string | null;
  /** Shipments needed without consolidation (distinct source sites of the SHIP lines). */
  shipmentsWithout: number;
}

export interface Quote {
  today: string;
  lines: QuoteLine[];
  consolidation: Consolidation;
}

const TRANSIT: Readonly<Record<ServiceLevel, number>> = { STANDARD: 3, EXPRESS: 1, NEXT_DAY: 1, SAME_DAY: 0, ONE_HOUR: 0 };
const TODAY_ONLY: ReadonlySet<ServiceLevel> = new Set(['NEXT_DAY', 'SAME_DAY', 'ONE_HOUR']);

export function addDays(isoDate: string, days: number): string {
  const d = new Date(`${isoDate}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

const sameCity = (a: string | undefined, b: string | undefined) =>
  a !== undefined && b !== undefined && a.trim().toLowerCase() === b.trim().toLowerCase();

interface Option {
  code: string;
  date: string;
  depth: number;
}

/** When `p`'s site can deliver `quantity` at `level` to a place in `city`, or null. */
function deliveryFrom(
  p: StockRecord,
  site: LocationRecord,
  quantity: number,
  level: ServiceLevel,
  city: string | undefined,
  today: string,
): Option | null {
  if (site.kind === 'SUPPLIER') return null;
  const ready = earliestDate(p, quantity, today);
  if (ready === null) return null;
  if (TODAY_ONLY.has(level) && ready !== today) return null;
  const local = sameCity(site.address.city, city);
  if ((level === 'SAME_DAY' || level === 'ONE_HOUR') && !local) return null;
  if (level === 'ONE_HOUR' && site.kind !== 'STORE') return null;
  const leaves = TODAY_ONLY.has(level) ? today : addDays(ready, site.leadTimeDays);
  const transit = level === 'STANDARD' && local ? 1 : TRANSIT[level];
  return { code: site.code, date: addDays(leaves, transit), depth: p.onHand - p.reserved - p.allocated - p.safetyStock };
}

const better = (a: Option | null, b: Option | null): Option | null =>
  !a ? b : !b ? a : a.date < b.date || (a.date === b.date && a.depth >= b.depth) ? a : b;

/**
 * Quotes `lines` against `stock` (SKU → its positions at every site) and `sites`. `shipToCity`
 * decides what is local (SAME_DAY, ONE_HOUR, STANDARD's one-day transit).
 */
export function quoteOrder(
  lines: readonly QuoteLineRequest[],
  stock: ReadonlyMap<string, readonly StockRecord[]>,
  sites: readonly LocationRecord[],
  today: string,
  shipToCity?: string,
): Quote {
  const byCode = new Map(sites.map((s) => [s.code, s]));
  const quoted = lines.map((req, line): QuoteLine => {
    const positions = (stock.get(req.sku) ?? []).filter((p) => byCode.has(p.locationCode));
    const base = { line, sku: req.sku, quantity: req.quantity, deliveryMethod: req.deliveryMethod, serviceLevel: req.serviceLevel };
    if (req.deliveryMethod === 'PICKUP') {
      const store = req.pickupLocationCode ? byCode.get(req.pickupLocationCode) : undefined;
      if (!store || store.kind !== 'STORE') return { ...base, promisedDate: null, fromLocationCode: null, note: 'pickup needs a store' };
      const here = positions.find((p) => p.locationCode === store.code);
      const ready = here ? earliestDate(here, req.quantity, today) : null;
      const onTime = ready !== null && (!TODAY_ONLY.has(req.serviceLevel) || ready === today);
      if (onTime) return { ...base, promisedDate: ready, fromLocationCode: store.code, note: null };
      if (TODAY_ONLY.has(req.serviceLevel)) {
        return { ...base, promisedDate: null, fromLocationCode: null, note: `${store.code} cannot have it ready today` };
      }
      let transfer: Option | null = null;
      for (const p of positions) {
        if (p.locationCode === store.code) continue;
        transfer = better(transfer, deliveryFrom(p, byCode.get(p.locationCode)!, req.quantity, 'STANDARD', store.address.city, today));
      }
      return transfer
        ? { ...base, promisedDate: transfer.date, fromLocationCode: transfer.code, note: `transfer from ${transfer.code} to ${store.code}` }
        : { ...base, promisedDate: null, fromLocationCode: null, note: 'no site can promise the quantity' };
    }
    let best: Option | null = null;
    for (const p of positions)
      best = better(best, deliveryFrom(p, byCode.get(p.locationCode)!, req.quantity, req.serviceLevel, shipToCity, today));
    return best
      ? { ...base, promisedDate: best.date, fromLocationCode: best.code, note: null }
      : { ...base, promisedDate: null, fromLocationCode: null, note: `no site can deliver the quantity at ${req.serviceLevel}` };
  });
  return { today, lines: quoted, consolidation: consolidate(lines, quoted, stock, byCode, today, shipToCity) };
}

/** One shipment from one site for every SHIP line: possible when a site can send them all. */
function consolidate(
  lines: readonly QuoteLineRequest[],
  quoted: readonly QuoteLine[],
  stock: ReadonlyMap<string, readonly StockRecord[]>,
  byCode: ReadonlyMap<string, LocationRecord>,
  today: string,
  city: string | undefined,
): Consolidation {
  const ship = lines.map((l, i) => ({ l, q: quoted[i]! })).filter(({ l }) => l.deliveryMethod === 'SHIP');
  const shipmentsWithout = new Set(ship.map(({ q }) => q.fromLocationCode).filter((c) => c !== null)).size;
  const none: Consolidation = { possible: false, fromLocationCode: null, promisedDate: null, shipmentsWithout };
  if (ship.length < 2 || ship.some(({ q }) => q.promisedDate === null)) return none;
  let best: Option | null = null;
  for (const site of byCode.values()) {
    let date = '';
    for (const { l } of ship) {
      const p = stock.get(l.sku)?.find((s) => s.locationCode === site.code);
      const option = p ? deliveryFrom(p, site, l.quantity, l.serviceLevel, city, today) : null;
      if (!option) {
        date = '';
        break;
      }
      if (option.date > date) date = option.date;
    }
    if (date) best = better(best, { code: site.code, date, depth: 0 });
  }
  return best ? { possible: true, fromLocationCode: best.code, promisedDate: best.date, shipmentsWithout } : none;
}
