import { GraphQLError } from 'graphql';
import type { CreateReservationResult, ReservationRecord } from '../../../../adapters/wms/src/index.ts';
import { IdempotencyError, assertStoreAccess, badUserInput } from '../../../runtime/src/index.ts';
import type { InventoryContext } from '../context.ts';
import { reservationNumberOf } from '../ids.ts';
import type {
  CycleCountModel,
  InsufficientStockModel,
  ReservationModel,
  ReservationNotFoundModel,
  SaleDoesNotMatchModel,
  StockReceiptModel,
  UnknownInboundReferenceModel,
} from '../models.ts';
import { checkQuantity, requireLocation, toLocationAvailability } from './read.ts';

/** The WMS grants holds of up to a week. */
const MAX_TTL_MINUTES = 10_080;
const KEY = /^[\x21-\x7e]{1,100}$/;
const CHANNEL = /^[A-Z][A-Z0-9_]{0,19}$/;
const SKU = /^.{1,40}$/u;
const REFERENCE = /^.{1,40}$/u;

export const toReservation = (r: ReservationRecord, replayed: boolean): ReservationModel => ({ ...r, __typename: 'Reservation', replayed });

function idempotencyFailure(err: IdempotencyError): GraphQLError {
  return new GraphQLError(err.message, { extensions: { code: err.code } });
}

export interface ReserveArgs {
  sku: string;
  locationId: string;
  quantity: number;
  ttlMinutes?: number | null;
  idempotencyKey: string;
  channel?: string | null;
  reference?: string | null;
}

/**
 * A WMS hold under the caller's idempotency key. The key guards twice: the graph's idempotency
 * store replays a finished request (and refuses the key for a different one), and the WMS gets
 * the key too, so a create retried after a timeout answers with the first hold, not a second.
 */
export async function reserveInventory(args: ReserveArgs, ctx: InventoryContext): Promise<ReservationModel | InsufficientStockModel> {
  const quantity = checkQuantity(args.quantity);
  const ttlMinutes = args.ttlMinutes ?? 30;
  if (!Number.isInteger(ttlMinutes) || ttlMinutes < 1 || ttlMinutes > MAX_TTL_MINUTES) {
    throw badUserInput(`ttlMinutes must be a whole number from 1 to ${MAX_TTL_MINUTES}`);
  }
  if (!KEY.test(args.idempotencyKey)) throw badUserInput('idempotencyKey must be 1–100 visible ASCII characters');
  if (!SKU.test(args.sku)) throw badUserInput('sku must be 1–40 characters');
  if (args.channel != null && !CHANNEL.test(args.channel)) throw badUserInput('channel must be an upper-case code such as AMAZON');
  if (args.reference != null && !REFERENCE.test(args.reference)) throw badUserInput('reference must be 1–40 characters');
  const location = await requireLocation(ctx, args.locationId, 'locationId');
  assertStoreAccess(ctx.caller, location.code, 'reserveInventory');

  const input = {
    sku: args.sku,
    locationCode: location.code,
    quantity,
    ttlMinutes,
    ...(args.channel != null && { channel: args.channel }),
    ...(args.reference != null && { reference: args.reference }),
  };
  let outcome: { result: CreateReservationResult; replayed: boolean };
  try {
    outcome = await ctx.idempotency.run(
      `reserveInventory:${args.idempotencyKey}`,
      () => ctx.systems.wms.createReservation(ctx.call, { ...input, idempotencyKey: args.idempotencyKey }),
      { fingerprint: JSON.stringify(input) },
    );
  } catch (err) {
    if (err instanceof IdempotencyError) throw idempotencyFailure(err);
    throw err;
  }
  await ctx.invalidateStock([args.sku]);
  const { result } = outcome;
  if (result.outcome === 'INSUFFICIENT_STOCK') {
    return {
      __typename: 'InsufficientStock',
      sku: args.sku,
      locationCode: location.code,
      requested: result.requested,
      available: result.available,
    };
  }
  return toReservation(result.reservation, outcome.replayed || result.replayed);
}

export async function releaseReservation(id: string, ctx: InventoryContext): Promise<ReservationModel | ReservationNotFoundModel> {
  const number = reservationNumberOf(id);
  const released = number === undefined ? null : await ctx.systems.wms.releaseReservation(ctx.call, number);
  if (!released) return { __typename: 'ReservationNotFound', id };
  await ctx.invalidateStock([released.sku]);
  return toReservation(released, false);
}

/**
 * The till's sale takes a held item: the receipt (read from the POS) must be of the hold's
 * store and sell at least the held units of its SKU. The holds are looked up by the receipt's
 * SKUs, as the WMS lists holds by SKU and location, not by number.
 */
export async function consumeReservation(
  id: string,
  receiptNumber: string,
  ctx: InventoryContext,
): Promise<ReservationModel | ReservationNotFoundModel | SaleDoesNotMatchModel> {
  if (!REFERENCE.test(receiptNumber)) throw badUserInput('receiptNumber must be 1–40 characters');
  const number = reservationNumberOf(id);
  if (number === undefined) return { __typename: 'ReservationNotFound', id };
  const mismatch = (reason: SaleDoesNotMatchModel['reason'], hold: ReservationRecord | null): SaleDoesNotMatchModel => ({
    __typename: 'SaleDoesNotMatch',
    reason,
    receiptNumber,
    reservationId: id,
    reservation: hold && toReservation(hold, false),
  });
  const receipt = (await ctx.systems.pos.findOrdersByNumber(ctx.call, receiptNumber)).find((o) => o.number === receiptNumber);
  if (!receipt?.storeCode) return mismatch('RECEIPT_NOT_FOUND', null);
  const sold = new Map<string, number>();
  for (const line of receipt.lines ?? []) sold.set(line.sku, (sold.get(line.sku) ?? 0) + line.quantity);
  const holds = sold.size === 0 ? [] : await ctx.systems.wms.getReservations(ctx.call, { skus: [...sold.keys()] });
  const hold = holds.find((h) => h.id === number) ?? null;
  if (!hold) return mismatch('NO_HOLD_FOR_RECEIPT_ITEMS', null);
  assertStoreAccess(ctx.caller, hold.locationCode, 'consumeReservation');
  if (hold.status === 'CONSUMED' && hold.consumedBy === receiptNumber) return toReservation(hold, true);
  if (hold.locationCode !== receipt.storeCode) return mismatch('OTHER_STORE', hold);
  if ((sold.get(hold.sku) ?? 0) < hold.quantity) return mismatch('QUANTITY_SHORT', hold);
  if (hold.status !== 'HELD') return mismatch('NOT_HELD', hold);
  const consumed = await ctx.systems.wms.consumeReservation(ctx.call, number, receiptNumber);
  if (!consumed) return { __typename: 'ReservationNotFound', id };
  await ctx.invalidateStock([consumed.sku]);
  return toReservation(consumed, false);
}

export async function recordCycleCount(
  args: { locationId: string; sku: string; countedQuantity: number; countedAt?: string | null },
  ctx: InventoryContext,
): Promise<CycleCountModel> {
  if (!Number.isInteger(args.countedQuantity) || args.countedQuantity < 0 || args.countedQuantity > 1_000_000) {
    throw badUserInput('countedQuantity must be a whole number from 0 to 1000000');
  }
  if (!SKU.test(args.sku)) throw badUserInput('sku must be 1–40 characters');
  if (args.countedAt != null && !(/^\d{4}-\d{2}-\d{2}T/.test(args.countedAt) && Number.isFinite(Date.parse(args.countedAt)))) {
    throw badUserInput('countedAt must be an ISO 8601 date-time');
  }
  const location = await requireLocation(ctx, args.locationId, 'locationId');
  assertStoreAccess(ctx.caller, location.code, 'recordCycleCount');
  const counted = await ctx.systems.wms.recordCycleCount(ctx.call, {
    sku: args.sku,
    locationCode: location.code,
    countedQuantity: args.countedQuantity,
    ...(args.countedAt != null && { countedAt: new Date(args.countedAt).toISOString() }),
  });
  await ctx.invalidateStock([args.sku]);
  return {
    locationCode: location.code,
    sku: args.sku,
    countedQuantity: args.countedQuantity,
    previousOnHand: counted.previousOnHand,
    variance: counted.variance,
    countedAt: counted.countedAt,
    // The count's own answer is the freshest stock there is: no second read needed.
    availability: toLocationAvailability(counted.position, undefined, 1),
  };
}

export async function receiveStock(
  args: { locationId: string; reference: string; lines: readonly { sku: string; quantity: number }[] },
  ctx: InventoryContext,
): Promise<StockReceiptModel | UnknownInboundReferenceModel> {
  if (!REFERENCE.test(args.reference)) throw badUserInput('reference must be 1–40 characters');
  if (args.lines.length < 1 || args.lines.length > 100) throw badUserInput('lines must hold 1 to 100 lines');
  for (const l of args.lines) {
    if (!SKU.test(l.sku)) throw badUserInput('lines.sku must be 1–40 characters');
    if (!Number.isInteger(l.quantity) || l.quantity < 0 || l.quantity > 1_000_000)
      throw badUserInput('lines.quantity must be 0 to 1000000');
  }
  const location = await requireLocation(ctx, args.locationId, 'locationId');
  assertStoreAccess(ctx.caller, location.code, 'receiveStock');
  const receipt = await ctx.systems.wms.receiveStock(ctx.call, {
    locationCode: location.code,
    reference: args.reference,
    lines: args.lines.map((l) => ({ sku: l.sku, quantity: l.quantity })),
  });
  if (!receipt) return { __typename: 'UnknownInboundReference', locationCode: location.code, reference: args.reference };
  await ctx.invalidateStock(receipt.lines.map((l) => l.sku));
  return { ...receipt, __typename: 'StockReceipt' };
}
