import { GraphQLError } from 'graphql';
import { decodeId, encodeId } from '../../../../adapters/core/src/index.ts';
import type { RefundTender, ReturnChannel, ReturnDisposition, ReturnStatus } from '../../../../adapters/erp/src/index.ts';
import { IdempotencyError, assertStoreAccess, badUserInput } from '../../../runtime/src/index.ts';
import type { ReturnsContext } from '../context.ts';
import { openReturn, type CreateOutcome } from '../domain/create.ts';
import { exchange } from '../domain/exchange.ts';
import type { ProofInput } from '../domain/purchases.ts';
import { receiveReturn, type Deps } from '../domain/receive.ts';
import { refundReturn } from '../domain/refund.ts';
import { loadReturn, reasonModel } from './read.ts';

const KEY = /^[\x21-\x7e]{1,100}$/;
const SKU = /^.{1,40}$/u;
const MAX_LINES = 50;
const MAX_QUANTITY = 10_000;

const deps = (ctx: ReturnsContext): Deps => ({ systems: ctx.systems, services: ctx.services, call: ctx.call });

function checkKey(key: string): void {
  if (!KEY.test(key)) throw badUserInput('idempotencyKey must be 1–100 visible ASCII characters');
}

function checkLines(lines: readonly { sku: string; quantity: number }[]): void {
  if (lines.length < 1 || lines.length > MAX_LINES) throw badUserInput(`lines must hold 1 to ${MAX_LINES} lines`);
  lines.forEach((l, i) => {
    if (!SKU.test(l.sku)) throw badUserInput(`lines[${i}].sku must be 1–40 characters`);
    if (!Number.isInteger(l.quantity) || l.quantity < 1 || l.quantity > MAX_QUANTITY) {
      throw badUserInput(`lines[${i}].quantity must be a whole number from 1 to ${MAX_QUANTITY}`);
    }
  });
}

/** A `loc_…` id → the WMS code. */
function locationCode(id: string, field: string): string {
  const ref = decodeId('loc', id);
  if (ref?.system !== 'WMS') throw badUserInput(`${field} is not a location id`);
  return ref.externalId;
}

/** Idempotency refusals as the documented error codes. */
async function keyed<T>(run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (err) {
    if (err instanceof IdempotencyError) throw new GraphQLError(err.message, { extensions: { code: err.code } });
    throw err;
  }
}

async function storeReturn(ctx: ReturnsContext, id: string, field: string) {
  const record = await loadReturn(ctx, id);
  if (!record) throw badUserInput(`no return ${id}`);
  if (record.storeCode) assertStoreAccess(ctx.caller, record.storeCode, field);
  return record;
}

const notChangeable = (status: ReturnStatus | undefined, message: string) => ({
  __typename: 'ReturnNotChangeable' as const,
  status: status ?? null,
  message,
});

interface CreateReturnArgs {
  input: {
    proof: ProofInput;
    channel: ReturnChannel;
    storeId?: string | null;
    lines: { sku: string; quantity: number; reason?: string | null }[];
  };
  idempotencyKey: string;
}

function storeOf(ctx: ReturnsContext, input: { channel: ReturnChannel; storeId?: string | null }, field: string): string | undefined {
  if (input.channel === 'STORE' && !input.storeId) throw badUserInput('storeId is required for a return taken in a store');
  const code = input.storeId ? locationCode(input.storeId, 'storeId') : undefined;
  if (code) assertStoreAccess(ctx.caller, code, field);
  return code;
}

export const writeResolvers = {
  Mutation: {
    async createReturn(_: unknown, args: CreateReturnArgs, ctx: ReturnsContext) {
      checkKey(args.idempotencyKey);
      checkLines(args.input.lines);
      const storeCode = storeOf(ctx, args.input, 'createReturn');
      const request = { proof: args.input.proof, channel: args.input.channel, lines: args.input.lines, ...(storeCode && { storeCode }) };
      const { result, replayed } = await keyed(() =>
        ctx.services.idempotency.run<CreateOutcome>(
          `create:${args.idempotencyKey}`,
          () => openReturn(deps(ctx), args.idempotencyKey, request),
          {
            fingerprint: JSON.stringify(request),
          },
        ),
      );
      if (result.kind === 'notEligible') return { __typename: 'ReturnNotEligible' as const, reasons: result.reasons.map(reasonModel) };
      if (result.kind === 'proofNotFound') return { __typename: 'ReturnProofNotFound' as const, message: result.message };
      const fresh = replayed ? await loadReturn(ctx, encodeId('ret', 'ERP', result.record.id)) : result.record;
      return { __typename: 'ReturnCreated' as const, return: fresh ?? result.record, replayed };
    },

    async decideReturn(_: unknown, args: { returnId: string; approve: boolean; idempotencyKey: string }, ctx: ReturnsContext) {
      checkKey(args.idempotencyKey);
      const record = await storeReturn(ctx, args.returnId, 'decideReturn');
      const wanted = args.approve ? 'APPROVED' : 'REJECTED';
      if (record.status !== wanted) {
        if (record.status !== 'REQUESTED') return notChangeable(record.status, `return ${record.id} is ${record.status}, not REQUESTED`);
        const moved = await ctx.services.returns.setStatus(ctx.call, record.id, wanted);
        if (moved.kind === 'refused') return notChangeable(record.status, moved.message);
      }
      const [fresh] = await ctx.services.returns.get(ctx.call, [record.id]);
      return { __typename: 'ReturnDecided' as const, return: fresh ?? record };
    },

    async receiveReturn(
      _: unknown,
      args: {
        input: {
          returnId: string;
          locationId?: string | null;
          lines?: { sku: string; disposition: ReturnDisposition; destinationId?: string | null }[] | null;
        };
        idempotencyKey: string;
      },
      ctx: ReturnsContext,
    ) {
      checkKey(args.idempotencyKey);
      const record = await storeReturn(ctx, args.input.returnId, 'receiveReturn');
      const location = args.input.locationId ? locationCode(args.input.locationId, 'locationId') : record.storeCode;
      if (location) assertStoreAccess(ctx.caller, location, 'receiveReturn');
      const dispositions = (args.input.lines ?? []).map((l, i) => {
        if (l.disposition === 'TRANSFER' && !l.destinationId) throw badUserInput(`lines[${i}].destinationId is required for TRANSFER`);
        return {
          sku: l.sku,
          disposition: l.disposition,
          ...(l.destinationId && { destination: locationCode(l.destinationId, `lines[${i}].destinationId`) }),
        };
      });
      if (!location && dispositions.length < record.lines.length) {
        throw badUserInput('locationId is required: the return was not taken in a store, so RESTOCK needs where the items arrived');
      }
      const { result } = await keyed(() =>
        ctx.services.idempotency.run(
          `receive:${args.idempotencyKey}`,
          async () => {
            const outcome = await receiveReturn(deps(ctx), record, dispositions, location);
            return {
              kind: outcome.kind,
              replayed: outcome.kind === 'received' && outcome.replayed,
              message: 'message' in outcome ? outcome.message : '',
            };
          },
          { fingerprint: JSON.stringify([record.id, dispositions, location]) },
        ),
      );
      const [fresh] = await ctx.services.returns.get(ctx.call, [record.id]);
      if (result.kind === 'notChangeable') return notChangeable(fresh?.status, result.message);
      return { __typename: 'ReturnReceived' as const, return: fresh ?? record, replayed: result.replayed };
    },

    async refundReturn(
      _: unknown,
      args: { input: { returnId: string; tender: RefundTender; giftCardNumber?: string | null }; idempotencyKey: string },
      ctx: ReturnsContext,
    ) {
      checkKey(args.idempotencyKey);
      const { tender, giftCardNumber } = args.input;
      if (tender === 'GIFT_CARD' && !giftCardNumber?.trim()) throw badUserInput('giftCardNumber is required to refund to a gift card');
      const record = await storeReturn(ctx, args.input.returnId, 'refundReturn');
      const { result, replayed } = await keyed(() =>
        ctx.services.idempotency.run(
          `refund:${args.idempotencyKey}`,
          async () => {
            const outcome = await refundReturn(deps(ctx), record, {
              tender,
              ...(giftCardNumber && { giftCardNumber: giftCardNumber.trim() }),
            });
            return outcome.kind === 'refunded'
              ? { kind: outcome.kind, method: outcome.method, message: '' }
              : { kind: outcome.kind, method: null, message: outcome.message };
          },
          { fingerprint: JSON.stringify([record.id, tender, giftCardNumber ?? null]) },
        ),
      );
      const [fresh] = await ctx.services.returns.get(ctx.call, [record.id]);
      if (result.kind !== 'refunded')
        return { __typename: 'ReturnNotRefundable' as const, status: fresh?.status ?? null, message: result.message };
      return { __typename: 'ReturnRefunded' as const, return: fresh ?? record, method: result.method, replayed };
    },

    async createExchange(
      _: unknown,
      args: {
        input: {
          proof: ProofInput;
          channel: ReturnChannel;
          storeId: string;
          customerId: string;
          lines: { sku: string; quantity: number; replacementSku: string; reason?: string | null }[];
        };
        idempotencyKey: string;
      },
      ctx: ReturnsContext,
    ) {
      checkKey(args.idempotencyKey);
      const { input } = args;
      checkLines(input.lines);
      input.lines.forEach((l, i) => {
        if (!SKU.test(l.replacementSku)) throw badUserInput(`lines[${i}].replacementSku must be 1–40 characters`);
      });
      const storeCode = storeOf(ctx, input, 'createExchange') as string;
      const customer = decodeId('cus', input.customerId);
      if (customer?.system !== 'ERP') throw badUserInput('customerId must be an ERP customer (the ERP keeps the replacement order)');
      const sites = await ctx.systems.wms.getLocations(ctx.call);
      const posLocationId = sites.find((s) => s.code === storeCode)?.posLocationId;
      if (!posLocationId) throw badUserInput('storeId must be a store with a till');
      const { outcome, replayed } = await keyed(() =>
        exchange(deps(ctx), args.idempotencyKey, {
          proof: input.proof,
          channel: input.channel,
          storeCode,
          posLocationId,
          customerExternalId: customer.externalId,
          lines: input.lines,
        }),
      );
      switch (outcome.kind) {
        case 'notEligible':
          return { __typename: 'ReturnNotEligible' as const, reasons: outcome.reasons.map(reasonModel) };
        case 'proofNotFound':
          return { __typename: 'ReturnProofNotFound' as const, message: outcome.message };
        case 'notPossible':
          return { __typename: 'ExchangeNotPossible' as const, sku: outcome.sku ?? null, message: outcome.message };
        case 'exchanged': {
          const [record] = await ctx.services.returns.get(ctx.call, [outcome.returnId]);
          if (!record)
            throw new GraphQLError(`return ${outcome.returnId} cannot be read back`, {
              extensions: { code: 'UPSTREAM_BAD_RESPONSE', system: 'ERP' },
            });
          return {
            __typename: 'ExchangeCreated' as const,
            return: record,
            replacementOrder: { id: encodeId('ord', 'ERP', outcome.salesOrder) },
            difference: outcome.difference,
            settlement: outcome.settlement,
            settlementReference: outcome.settlementReference ?? null,
            replayed,
          };
        }
      }
    },
  },
};
