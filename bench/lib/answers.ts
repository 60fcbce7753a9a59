import type { LoadResult } from './load.ts';

/**
 * An answered request: 2xx and no GraphQL `errors` in the body. A peer that answers fast with
 * partial errors (a subgraph timed out, a quota ran dry) must not look faster for it, so
 * throughput and per-request costs count only these.
 */
export function isAnswered(status: number, body: string): boolean {
  return status >= 200 && status < 300 && !body.includes('"errors"');
}

type Counts = Pick<LoadResult, 'errors' | 'non2xx' | 'graphqlErrors'>;

/** Requests that failed in any way: connection errors (autocannon counts timeouts among them), non-2xx, GraphQL errors. */
export function failedRequests(load: Counts): number {
  return load.errors + load.non2xx + load.graphqlErrors;
}

/** Failed share of everything sent; over this, a table row is marked (its latencies include errors). */
export const ERROR_MARK_SHARE = 0.01;

export function errorShare(load: Counts & Pick<LoadResult, 'requests'>): number {
  const failed = failedRequests(load);
  // Connection errors and timeouts are not among the completed responses.
  const sent = load.requests + load.errors;
  return sent === 0 ? 0 : failed / sent;
}

/**
 * "⚠ n errors" for a row whose error share is over ERROR_MARK_SHARE, and "ended after n s" for a
 * run stopped before its duration so as not to ask a customer twice; else empty.
 */
export function errorMark(load: Counts & Pick<LoadResult, 'requests'> & Partial<Pick<LoadResult, 'cutShort' | 'durationS'>>): string {
  const marks = [
    ...(errorShare(load) > ERROR_MARK_SHARE ? [`⚠ ${failedRequests(load)} errors`] : []),
    ...(load.cutShort && load.durationS !== undefined ? [`ended after ${load.durationS.toFixed(0)} s (fresh customers used up)`] : []),
  ];
  return marks.join('; ');
}
