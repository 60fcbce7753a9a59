import { GraphQLError } from 'graphql';
import { decodeId, encodeId } from '../../../../adapters/core/src/index.ts';
import type { SalesOrderChannel } from '../../../../adapters/erp/src/index.ts';
import { IdempotencyError, badUserInput } from '../../../runtime/src/index.ts';
import type { OrdersContext } from '../context.ts';
import type { AddressInput, Channel, ContactInput, DeliveryMethod, PaymentInput, ServiceLevel } from '../generated/resolvers.ts';
import { audited, toAddress, toContact, toPayment } from './placeOrderInput.ts';
import type { OrderModel } from '../models.ts';
import { toOrderModel } from '../resolvers/customerOrders.ts';
import { placeOrderSaga, type PlaceOrderCommand, type PlaceOrderLine } from './placeOrderSaga.ts';

const KEY = /^[\x21-\x7e]{1,100}$/;
const SKU = /^.{1,40}$/u;
const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;
const MAX_LINES = 50;
const MAX_QUANTITY = 10_000;
const ERP_CHANNELS: readonly Channel[] = ['WEB', 'APP', 'CALL_CENTRE'];

export interface PlaceOrderArgs {
  input: {
    customerId: string;
    channel?: Channel | null;
    lines: readonly {
      sku: string;
      quantity: number;
      deliveryMethod: DeliveryMethod;
      locationId: string;
      promisedDate?: string | null;
      serviceLevel?: ServiceLevel | null;
    }[];
    contact?: ContactInput | null;
    shippingAddress?: AddressInput | null;
    consolidate?: boolean | null;
    payment?: PaymentInput | null;
  };
  idempotencyKey: string;
}

export type PlaceOrderResultModel =
  | { __typename: 'OrderPlaced'; order: OrderModel; replayed: boolean }
  | { __typename: 'OrderInsufficientStock'; line: number; sku: string; locationId: string; requested: number; available: number }
  | { __typename: 'OrderRejected'; reason: string };

/** Checks the input and turns public ids into the systems' own keys. */
export function toCommand(input: PlaceOrderArgs['input']): PlaceOrderCommand {
  const customer = decodeId('cus', input.customerId);
  if (customer?.system !== 'ERP') throw badUserInput('customerId must be an ERP customer (the ERP keeps the orders placed here)');
  const channel = input.channel ?? 'CALL_CENTRE';
  if (!ERP_CHANNELS.includes(channel)) throw badUserInput(`channel must be one of ${ERP_CHANNELS.join(', ')}`);
  if (input.lines.length < 1 || input.lines.length > MAX_LINES) throw badUserInput(`lines must hold 1 to ${MAX_LINES} lines`);
  const lines = input.lines.map((l, i): PlaceOrderLine => {
    if (!SKU.test(l.sku)) throw badUserInput(`lines[${i}].sku must be 1–40 characters`);
    if (!Number.isInteger(l.quantity) || l.quantity < 1 || l.quantity > MAX_QUANTITY) {
      throw badUserInput(`lines[${i}].quantity must be a whole number from 1 to ${MAX_QUANTITY}`);
    }
    const location = decodeId('loc', l.locationId);
    if (location?.system !== 'WMS') throw badUserInput(`lines[${i}].locationId is not a location id`);
    if (l.promisedDate != null && !(ISO_DATE.test(l.promisedDate) && Number.isFinite(Date.parse(l.promisedDate)))) {
      throw badUserInput(`lines[${i}].promisedDate must be an ISO date (YYYY-MM-DD)`);
    }
    return {
      sku: l.sku,
      quantity: l.quantity,
      deliveryMethod: l.deliveryMethod,
      locationCode: location.externalId,
      serviceLevel: l.serviceLevel ?? 'STANDARD',
      ...(l.promisedDate != null && { promisedDate: l.promisedDate }),
    };
  });
  const contact = toContact(input.contact);
  const shipTo = toAddress(input.shippingAddress, contact?.name);
  const payment = toPayment(input.payment, lines);
  return {
    customerExternalId: customer.externalId,
    channel: channel as SalesOrderChannel,
    lines,
    ...(contact && { contact }),
    ...(shipTo && { shipTo }),
    ...(input.consolidate && { completeDelivery: true }),
    ...payment,
  };
}

export async function placeOrder(args: PlaceOrderArgs, ctx: OrdersContext): Promise<PlaceOrderResultModel> {
  if (!KEY.test(args.idempotencyKey)) throw badUserInput('idempotencyKey must be 1–100 visible ASCII characters');
  const command = await audited(toCommand(args.input), ctx);
  let run;
  try {
    run = await placeOrderSaga(ctx.capture.saga, ctx.call, args.idempotencyKey, command, ctx.capture.sagaOptions);
  } catch (err) {
    if (err instanceof IdempotencyError) throw new GraphQLError(err.message, { extensions: { code: err.code } });
    throw err;
  }
  const { outcome, replayed } = run;
  if (!replayed)
    await ctx.capture.invalidate(
      command.lines.map((l) => l.sku),
      command.customerExternalId,
    );
  switch (outcome.kind) {
    case 'placed':
      return { __typename: 'OrderPlaced', order: toOrderModel(outcome.order), replayed };
    case 'insufficientStock':
      return {
        __typename: 'OrderInsufficientStock',
        line: outcome.line,
        sku: outcome.sku,
        locationId: encodeId('loc', 'WMS', outcome.locationCode),
        requested: outcome.requested,
        available: outcome.available,
      };
    case 'rejected':
      return { __typename: 'OrderRejected', reason: outcome.reason };
  }
}
