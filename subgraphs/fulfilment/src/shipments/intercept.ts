import { GraphQLError } from 'graphql';
import type { InterceptAction as CarrierAction, InterceptOutcome } from '../../../../adapters/carrier/src/index.ts';
import { badUserInput, IdempotencyError } from '../../../runtime/src/index.ts';
import type { FulfilmentContext } from '../context.ts';
import type { InterceptAction, MutationInterceptShipmentArgs, ResolversTypes } from '../generated/resolvers.ts';
import { trackingKey } from './context.ts';
import { toShipment } from './model.ts';

type InterceptResult = ResolversTypes['InterceptShipmentResult'];

function carrierAction(args: MutationInterceptShipmentArgs): CarrierAction {
  if (args.action === 'HOLD_AT_LOCATION') return { kind: 'HOLD_AT_LOCATION' };
  if (args.action === 'RETURN_TO_SENDER') return { kind: 'RETURN_TO_SENDER', reason: args.returnReason ?? 'OTHER' };
  const to = args.redirectTo;
  if (!to) throw badUserInput('interceptShipment: REDIRECT needs redirectTo');
  const blank = Object.entries(to).find(([, v]) => typeof v !== 'string' || v.trim() === '');
  if (blank) throw badUserInput(`interceptShipment: redirectTo.${blank[0]} is empty`);
  if (!/^[A-Z]{2}$/.test(to.countryCode) || !/^[A-Z]{2}$/.test(to.stateCode)) {
    throw badUserInput('interceptShipment: redirectTo.countryCode and stateCode are two capital letters');
  }
  return {
    kind: 'REDIRECT',
    address: {
      name: to.name,
      line1: to.line1,
      city: to.city,
      postalCode: to.postalCode,
      countryCode: to.countryCode,
      stateCode: to.stateCode,
    },
  };
}

function toResult(trackingNumber: string, action: InterceptAction, outcome: InterceptOutcome): InterceptResult {
  if (outcome.outcome === 'NOT_FOUND') return { __typename: 'ShipmentNotFound', trackingNumber };
  if (outcome.outcome === 'TOO_LATE') {
    return { __typename: 'InterceptTooLate', trackingNumber, action, reason: outcome.reason, message: outcome.message };
  }
  return { __typename: 'InterceptAccepted', action, shipment: toShipment(outcome.shipment) };
}

/**
 * A delivery change under the caller's idempotency key: the carrier is asked once per key and a
 * repeat answers with the first outcome (a second request to UPS would meet "change pending").
 * The key is bound to its request: reused with another parcel or action, it is refused.
 */
export async function interceptShipment(args: MutationInterceptShipmentArgs, ctx: FulfilmentContext): Promise<InterceptResult> {
  const trackingNumber = trackingKey(args.trackingNumber);
  if (trackingNumber === '') throw badUserInput('interceptShipment: trackingNumber is empty');
  if (args.idempotencyKey.trim() === '') throw badUserInput('interceptShipment: idempotencyKey is empty');
  const action = carrierAction(args);
  let run: { result: InterceptOutcome; replayed: boolean };
  try {
    run = await ctx.shipments.idempotency.run(
      `interceptShipment:${args.idempotencyKey}`,
      () => ctx.systems.carrier.intercept(ctx.call, trackingNumber, action),
      { fingerprint: JSON.stringify({ trackingNumber, action }) },
    );
  } catch (err) {
    if (err instanceof IdempotencyError) throw new GraphQLError(err.message, { extensions: { code: err.code } });
    throw err;
  }
  if (run.result.outcome === 'ACCEPTED' && !run.replayed) {
    await ctx.shipments.forget(trackingNumber, run.result.shipment.orderReference);
  }
  return toResult(trackingNumber, args.action, run.result);
}
