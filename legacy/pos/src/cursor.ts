import { createHash } from 'node:crypto';
import { invalidRequest } from './errors.ts';

/**
 * Square cursors are opaque and only valid with the query that produced them. Ours carry the
 * next offset and a fingerprint of the query, so a cursor replayed against a different query
 * is refused (INVALID_CURSOR) instead of silently paging the wrong result set.
 */
export function fingerprint(query: unknown): string {
  return createHash('sha256')
    .update(JSON.stringify(query ?? null))
    .digest('base64url')
    .slice(0, 16);
}

export function encodeCursor(offset: number, query: unknown): string {
  return Buffer.from(JSON.stringify({ o: offset, q: fingerprint(query) }), 'utf8').toString('base64url');
}

/** Offset to resume at; 0 without a cursor. */
export function decodeCursor(cursor: string | undefined, query: unknown): number {
  if (cursor === undefined || cursor === '') return 0;
  try {
    const parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as { o?: unknown; q?: unknown };
    if (typeof parsed.o === 'number' && Number.isInteger(parsed.o) && parsed.o >= 0 && parsed.q === fingerprint(query)) {
      return parsed.o;
    }
  } catch {
    // fall through: an unreadable cursor is the same error as a foreign one
  }
  throw invalidRequest('INVALID_CURSOR', 'The pagination cursor is invalid or does not belong to this query.', 'cursor');
}

/** One page of `items` from `offset`, with the cursor for the next page when there is one. */
export function page<T>(items: readonly T[], offset: number, limit: number, query: unknown): { items: T[]; cursor?: string } {
  const slice = items.slice(offset, offset + limit);
  const next = offset + limit;
  return next < items.length ? { items: slice, cursor: encodeCursor(next, query) } : { items: slice };
}
