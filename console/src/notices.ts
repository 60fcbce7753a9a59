import { CombinedGraphQLErrors } from '@apollo/client';
import type { ErrorLike } from '@apollo/client';

/** One legacy system that could not answer part of a panel, and why. */
export interface SystemNotice {
  /** ERP, POS, WMS, CARRIER, MARKETPLACE; "GRAPH" for errors that name no system. */
  system: string;
  code: string;
  message: string;
  /** The fields it cost (last path segment), e.g. membership, orders. */
  missing: string[];
}

export const SYSTEM_LABELS: Record<string, string> = {
  ERP: 'ERP (SAP: web orders, loyalty, cards, cases)',
  POS: 'POS (store tills and store prices)',
  WMS: 'WMS (warehouse and store stock)',
  CARRIER: 'Carrier (UPS tracking)',
  MARKETPLACE: 'Marketplace (Amazon, JD)',
  GRAPH: 'retail360',
};

const WHY: Record<string, string> = {
  UPSTREAM_UNAVAILABLE: 'is down or unreachable',
  UPSTREAM_TIMEOUT: 'did not answer in time',
  UPSTREAM_RATE_LIMITED: 'is rate-limiting the graph',
  CIRCUIT_OPEN: 'keeps failing, so calls to it are paused for a moment',
  UPSTREAM_BAD_RESPONSE: 'sent an answer the graph could not read',
  FORBIDDEN: 'is not open to your role',
};

export function explain(notice: SystemNotice): string {
  return WHY[notice.code] ?? 'could not answer';
}

/** Groups a response's errors by the system they name (`extensions.system`), one notice per system. */
export function systemNotices(error: ErrorLike | undefined): SystemNotice[] {
  if (!error) return [];
  if (!CombinedGraphQLErrors.is(error)) return [{ system: 'GRAPH', code: 'NETWORK', message: error.message, missing: [] }];
  const bySystem = new Map<string, SystemNotice>();
  for (const e of error.errors) {
    const ext = (e.extensions ?? {}) as { system?: unknown; code?: unknown };
    const system = typeof ext.system === 'string' ? ext.system : 'GRAPH';
    const notice = bySystem.get(system) ?? { system, code: String(ext.code ?? 'ERROR'), message: e.message, missing: [] };
    const field = [...(e.path ?? [])].reverse().find((p): p is string => typeof p === 'string');
    if (field && !notice.missing.includes(field)) notice.missing.push(field);
    bySystem.set(system, notice);
  }
  return [...bySystem.values()];
}
