import { createHash } from 'node:crypto';
import { GraphQLError } from 'graphql';
import { decodeId, type OrderRecord } from '../../../../adapters/core/src/index.ts';
import type { CustomerReturnRecord, ReturnChannel } from '../../../../adapters/erp/src/index.ts';
import { eligibilityOf, orderByProof, type ProofInput } from './purchases.ts';
import { fromCents, refusals, toCents, type NotEligible } from './policy.ts';
import type { Deps } from './receive.ts';

export interface ReturnRequest {
  proof: ProofInput;
  channel: ReturnChannel;
  /** WMS code of the store taking the return. */
  storeCode?: string;
  lines: readonly { sku: string; quantity: number; reason?: string | null }[];
}

export type CreateOutcome =
  | { kind: 'created'; record: CustomerReturnRecord; order: OrderRecord }
  | { kind: 'notEligible'; reasons: NotEligible[] }
  | { kind: 'proofNotFound'; message: string };

/** The ERP reference (≤ 35 chars) tying an ERP document to the client's idempotency key. */
export function referenceOf(prefix: string, key: string): string {
  return `${prefix}-${createHash('sha256').update(key).digest('base64url').slice(0, 24)}`;
}

/**
 * Checks the proof and the policy and opens the ERP customer return: APPROVED when taken in a
 * store (the associate has the item in hand), REQUESTED otherwise. The ERP reference derives
 * from the idempotency key, so a create whose answer was lost is found instead of repeated.
 */
export async function openReturn(deps: Deps, key: string, request: ReturnRequest, prefix = 'RMA'): Promise<CreateOutcome> {
  const { systems, services, call } = deps;
  const order = await orderByProof(
    systems,
    call,
    request.proof,
    request.lines.map((l) => l.sku),
  );
  if (!order) return { kind: 'proofNotFound', message: 'no single order matches the proof given' };
  const [eligibility] = await eligibilityOf(systems, services.returns, call, services.policy, [order], services.now());
  if (!eligibility) return { kind: 'proofNotFound', message: 'the order could not be read' };
  const reasons = refusals(eligibility, request.lines);
  if (reasons.length > 0) return { kind: 'notEligible', reasons };

  const customer = request.proof.customerId ? decodeId('cus', request.proof.customerId) : undefined;
  const soldTo = order.system === 'ERP' ? order.customerExternalId : customer?.system === 'ERP' ? customer.externalId : undefined;
  const posCustomer = order.system === 'POS' ? order.customerExternalId : customer?.system === 'POS' ? customer.externalId : undefined;
  const created = await services.returns.create(call, {
    reference: referenceOf(prefix, key),
    status: request.channel === 'STORE' ? 'APPROVED' : 'REQUESTED',
    originSystem: order.system,
    originalOrderId: order.externalId,
    channel: request.channel,
    ...(request.storeCode && { storeCode: request.storeCode }),
    ...(soldTo && { customerExternalId: soldTo }),
    ...(posCustomer && { posCustomerId: posCustomer }),
    lines: request.lines.map((l) => {
      const unit = eligibility.lines.find((e) => e.sku === l.sku)!.unitPrice;
      return { sku: l.sku, quantity: l.quantity, amount: fromCents(toCents(unit) * l.quantity, unit.currency), reason: l.reason ?? '' };
    }),
  });
  if (created.kind === 'refused') {
    throw new GraphQLError(`ERP refused the customer return: ${created.message}`, {
      extensions: { code: 'UPSTREAM_REJECTED', system: 'ERP', subgraph: 'returns' },
    });
  }
  return { kind: 'created', record: created.value, order };
}
