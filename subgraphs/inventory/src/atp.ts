import type { StockRecord } from '../../../adapters/wms/src/index.ts';

/**
 * Available to promise, as DESIGN.md defines it:
 *   ATP(date) = onHand − reserved − allocated − safetyStock + inbound with ETA ≤ date
 * Pure functions over WMS stock records, so every number can be checked by hand.
 */

export interface ChannelPolicy {
  /** Units of shared ATP kept back from a channel, per location (e.g. a marketplace feed lags). */
  buffers: Readonly<Record<string, number>>;
}

export interface ChannelAvailabilityModel {
  channel: string;
  ownReserved: number;
  buffer: number;
  atp: number;
  earliestDate: string | null;
}

export interface LocationAtp {
  position: StockRecord;
  date: string;
  quantity: number;
  inboundByDate: number;
  atpRaw: number;
  atp: number;
  earliestDate: string | null;
}

/** On hand less everything already promised or protected: ATP before any inbound. */
export function baseAtp(p: StockRecord): number {
  return p.onHand - p.reserved - p.allocated - p.safetyStock;
}

export function inboundBy(p: StockRecord, date: string): number {
  return p.inbound.filter((i) => i.eta <= date).reduce((n, i) => n + i.quantity, 0);
}

export function atpOn(p: StockRecord, date: string): number {
  return Math.max(0, baseAtp(p) + inboundBy(p, date));
}

/**
 * The first date, from `today`, on which `needed(date)` holds, trying today and then each
 * inbound ETA in order (ATP only changes on those dates). Overdue inbound counts from today.
 */
function firstDate(today: string, etas: readonly string[], needed: (date: string) => boolean): string | null {
  const dates = [today, ...[...new Set(etas)].filter((d) => d > today).sort()];
  return dates.find(needed) ?? null;
}

export function earliestDate(p: StockRecord, quantity: number, today: string): string | null {
  return firstDate(
    today,
    p.inbound.map((i) => i.eta),
    (d) => atpOn(p, d) >= quantity,
  );
}

export function locationAtp(p: StockRecord, date: string, quantity: number, today: string): LocationAtp {
  const inboundByDate = inboundBy(p, date);
  const atpRaw = baseAtp(p) + inboundByDate;
  return { position: p, date, quantity, inboundByDate, atpRaw, atp: Math.max(0, atpRaw), earliestDate: earliestDate(p, quantity, today) };
}

const ownReserved = (p: StockRecord, channel: string) =>
  p.channelReservations.filter((c) => c.channel === channel).reduce((n, c) => n + c.quantity, 0);

/** A channel's ATP at one location: shared ATP less its buffer, plus what is held for it. */
export function channelAtpOn(p: StockRecord, channel: string, date: string, policy: ChannelPolicy): number {
  return Math.max(0, atpOn(p, date) - (policy.buffers[channel] ?? 0)) + ownReserved(p, channel);
}

/** Channels worth showing: those with a buffer policy and those holding units here. */
export function channelsOf(positions: readonly StockRecord[], policy: ChannelPolicy): string[] {
  const set = new Set(Object.keys(policy.buffers));
  for (const p of positions) for (const c of p.channelReservations) set.add(c.channel);
  return [...set].sort();
}

/** Per channel across `positions` (one location, or the network: buffers apply per location). */
export function byChannel(
  positions: readonly StockRecord[],
  date: string,
  quantity: number,
  today: string,
  policy: ChannelPolicy,
  only?: string,
): ChannelAvailabilityModel[] {
  const etas = positions.flatMap((p) => p.inbound.map((i) => i.eta));
  return channelsOf(positions, policy)
    .filter((c) => only === undefined || c === only)
    .map((channel) => {
      const total = (d: string) => positions.reduce((n, p) => n + channelAtpOn(p, channel, d, policy), 0);
      return {
        channel,
        ownReserved: positions.reduce((n, p) => n + ownReserved(p, channel), 0),
        buffer: positions.length * (policy.buffers[channel] ?? 0),
        atp: total(date),
        earliestDate: firstDate(today, etas, (d) => total(d) >= quantity),
      };
    });
}

export interface NetworkAtp {
  date: string;
  quantity: number;
  onHand: number;
  reserved: number;
  allocated: number;
  safetyStock: number;
  inboundByDate: number;
  atp: number;
  earliestDate: string | null;
  locationsAbleToPromise: number;
}

/** Totals across locations; each location's ATP is clamped first, so shortfalls never offset stock. */
export function networkAtp(positions: readonly StockRecord[], date: string, quantity: number, today: string): NetworkAtp {
  const sum = (f: (p: StockRecord) => number) => positions.reduce((n, p) => n + f(p), 0);
  const total = (d: string) => sum((p) => atpOn(p, d));
  return {
    date,
    quantity,
    onHand: sum((p) => p.onHand),
    reserved: sum((p) => p.reserved),
    allocated: sum((p) => p.allocated),
    safetyStock: sum((p) => p.safetyStock),
    inboundByDate: sum((p) => inboundBy(p, date)),
    atp: total(date),
    earliestDate: firstDate(
      today,
      positions.flatMap((p) => p.inbound.map((i) => i.eta)),
      (d) => total(d) >= quantity,
    ),
    locationsAbleToPromise: positions.filter((p) => atpOn(p, date) >= quantity).length,
  };
}

/** Great-circle distance in km (haversine): good to metres at city scale. */
export function distanceKm(lat1: number, lon1: number, lat2: number, lon2: number): number {
  const rad = Math.PI / 180;
  const dLat = (lat2 - lat1) * rad;
  const dLon = (lon2 - lon1) * rad;
  const a = Math.sin(dLat / 2) ** 2 + Math.cos(lat1 * rad) * Math.cos(lat2 * rad) * Math.sin(dLon / 2) ** 2;
  return 2 * 6371.0088 * Math.asin(Math.min(1, Math.sqrt(a)));
}
