import { randomUUID } from 'node:crypto';

/**
 * What travels with every adapter call: who asked (request id for correlation) and by when
 * the whole GraphQL request must be answered. Each call's timeout is cut to the remaining budget.
 */
export interface CallContext {
  requestId: string;
  /** Epoch ms by which the overall request must be answered. */
  deadline?: number;
  /** W3C traceparent of the current span, forwarded to the legacy systems. */
  traceparent?: string;
}

export function createCallContext(partial: Partial<CallContext> = {}): CallContext {
  return { requestId: partial.requestId ?? randomUUID(), ...partial };
}

/** Milliseconds left before the deadline (Infinity when there is none). */
export function remainingBudget(ctx: CallContext, now: number = Date.now()): number {
  return ctx.deadline === undefined ? Number.POSITIVE_INFINITY : ctx.deadline - now;
}
