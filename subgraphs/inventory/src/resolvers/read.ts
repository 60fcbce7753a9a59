import type { GraphQLResolveInfo } from 'graphql';
import { AdapterError } from '../../../../adapters/core/src/index.ts';
import type { LocationRecord, StockRecord } from '../../../../adapters/wms/src/index.ts';
import { badUserInput } from '../../../runtime/src/index.ts';
import { byChannel, distanceKm, locationAtp, type ChannelPolicy } from '../atp.ts';
import type { InventoryContext } from '../context.ts';
import { locationCodeOf } from '../ids.ts';
import type { LocationAvailabilityModel, StoreAvailabilityModel } from '../models.ts';

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const MAX_QUANTITY = 1_000_000;

export function checkQuantity(quantity: number | null | undefined, field = 'quantity'): number {
  const q = quantity ?? 1;
  if (!Number.isInteger(q) || q < 1 || q > MAX_QUANTITY) throw badUserInput(`${field} must be a whole number from 1 to ${MAX_QUANTITY}`);
  return q;
}

export function checkDate(date: string | null | undefined): string | undefined {
  if (date === null || date === undefined) return undefined;
  if (!DATE.test(date) || Number.isNaN(Date.parse(`${date}T00:00:00Z`))) throw badUserInput('date must be a calendar date, YYYY-MM-DD');
  return date;
}

/** The WMS's "today": its business date on the answer, or the UTC date when it said nothing. */
export function todayOf(positions: readonly StockRecord[]): string {
  return positions[0]?.businessDate ?? new Date().toISOString().slice(0, 10);
}

/** A location holding none of the SKU, as the WMS would show a position it never had. */
export function emptyPosition(sku: string, locationCode: string, businessDate: string): StockRecord {
  return { sku, locationCode, onHand: 0, reserved: 0, allocated: 0, safetyStock: 0, inbound: [], channelReservations: [], businessDate };
}

export function toLocationAvailability(p: StockRecord, date: string | undefined, quantity: number): LocationAvailabilityModel {
  const today = p.businessDate;
  return { ...locationAtp(p, date ?? today, quantity, today), today };
}

export async function requireLocation(ctx: InventoryContext, id: string, field: string): Promise<LocationRecord> {
  const code = locationCodeOf(id);
  const found = code === undefined ? undefined : (await ctx.loaders.locations()).find((l) => l.code === code);
  if (!found) throw badUserInput(`${field}: unknown location id`);
  return found;
}

export async function locationByCode(ctx: InventoryContext, code: string): Promise<LocationRecord> {
  const found = (await ctx.loaders.locations()).find((l) => l.code === code);
  if (!found)
    throw new AdapterError({ system: 'WMS', code: 'UPSTREAM_BAD_RESPONSE', message: `WMS stock names location ${code} it does not list` });
  return found;
}

/** Partners see only the channel their key is bound to. */
export function channelFilter(ctx: InventoryContext, asked: string | null | undefined): { only?: string; none: boolean } {
  if (ctx.caller.role !== 'partner') return asked ? { only: asked, none: false } : { none: false };
  const own = ctx.caller.channel;
  if (!own || (asked && asked !== own)) return { none: true };
  return { only: own, none: false };
}

export function channelsFor(
  ctx: InventoryContext,
  positions: readonly StockRecord[],
  date: string,
  quantity: number,
  today: string,
  policy: ChannelPolicy,
  asked: string | null | undefined,
) {
  const filter = channelFilter(ctx, asked);
  return filter.none ? [] : byChannel(positions, date, quantity, today, policy, filter.only);
}

export async function availability(
  sku: string,
  args: { locationIds?: readonly string[] | null; date?: string | null; quantity?: number | null },
  ctx: InventoryContext,
): Promise<LocationAvailabilityModel[]> {
  const quantity = checkQuantity(args.quantity);
  const date = checkDate(args.date);
  const positions = await ctx.loaders.stock.load(sku);
  if (!args.locationIds) return positions.map((p) => toLocationAvailability(p, date, quantity));
  const today = todayOf(positions);
  const locations = await Promise.all(args.locationIds.map((id) => requireLocation(ctx, id, 'locationIds')));
  return locations.map((l) =>
    toLocationAvailability(positions.find((p) => p.locationCode === l.code) ?? emptyPosition(sku, l.code, today), date, quantity),
  );
}

export interface StoresNearArgs {
  latitude: number;
  longitude: number;
  radiusKm?: number | null;
  sku?: string | null;
  quantity?: number | null;
}

/**
 * Nearby stores in one round of upstream calls, all started together: the location list
 * (cached), the SKU's positions at every location (one GetStockPositions) and its till prices
 * (one POS catalog search). A POS failure costs only the prices, reported once.
 */
export async function storesNear(args: StoresNearArgs, ctx: InventoryContext, info: GraphQLResolveInfo): Promise<StoreAvailabilityModel[]> {
  const { latitude, longitude } = args;
  const radiusKm = args.radiusKm ?? 25;
  if (!(latitude >= -90 && latitude <= 90 && longitude >= -180 && longitude <= 180)) throw badUserInput('latitude/longitude out of range');
  if (!(radiusKm > 0 && radiusKm <= 1000)) throw badUserInput('radiusKm must be more than 0 and at most 1000');
  const quantity = checkQuantity(args.quantity);
  const sku = args.sku ?? undefined;
  const [locations, positions, prices] = await Promise.all([
    ctx.loaders.locations(),
    sku === undefined ? Promise.resolve(undefined) : ctx.loaders.stock.load(sku),
    sku === undefined
      ? Promise.resolve(null)
      : ctx.loaders.prices.load(sku).catch((err: unknown) => {
          if (err instanceof AdapterError) {
            ctx.partial.report(err, info);
            return null;
          }
          throw err;
        }),
  ]);
  const stores = locations
    .filter((l) => l.kind === 'STORE')
    .map((location) => ({ location, distanceKm: distanceKm(latitude, longitude, location.latitude, location.longitude) }))
    .filter((s) => s.distanceKm <= radiusKm)
    .sort((a, b) => a.distanceKm - b.distanceKm || a.location.code.localeCompare(b.location.code));
  const today = positions ? todayOf(positions) : '';
  return stores.map(({ location, distanceKm: km }) => {
    const position =
      positions && sku !== undefined
        ? (positions.find((p) => p.locationCode === location.code) ?? emptyPosition(sku, location.code, today))
        : undefined;
    const override = prices && location.posLocationId !== undefined ? prices.byLocation[location.posLocationId] : undefined;
    return {
      location,
      distanceKm: Math.round(km * 100) / 100,
      price: prices ? (override ?? prices.price) : null,
      availability: position ? toLocationAvailability(position, undefined, quantity) : null,
    };
  });
}
