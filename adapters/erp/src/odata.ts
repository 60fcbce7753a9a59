/** OData V2 helpers that know nothing about SAP's entities: literals, query strings, dates, paging. */

/** A string literal for `$filter`: quoted, with every `'` doubled, so input is always data. */
export function odataString(value: string): string {
  return `'${value.replace(/'/g, "''")}'`;
}

/** `Field eq 'a' or Field eq 'b'`; the caller bounds the list (URL length). */
export function anyOf(field: string, values: readonly string[]): string {
  return values.map((v) => `${field} eq ${odataString(v)}`).join(' or ');
}

/**
 * A query string with `%20` for spaces, as SAP's own clients (UI5) send it: `+`, which
 * URLSearchParams produces, means a space only under form decoding, so it is not used.
 */
export function encodeQuery(params: Readonly<Record<string, string | undefined>>): string {
  return Object.entries(params)
    .filter((entry): entry is [string, string] => entry[1] !== undefined)
    .map(([k, v]) => `${encodeURIComponent(k).replace(/%24/g, '$')}=${encodeURIComponent(v)}`)
    .join('&');
}

/**
 * The query of a server-driven `__next` link. Only the query is taken: the request goes to
 * the resource we asked for, on the host we are configured with, whatever host the link names.
 */
export function nextLinkQuery(next: string): string | undefined {
  try {
    const search = new URL(next, 'http://placeholder.invalid').search;
    return search.length > 1 ? search.slice(1) : undefined;
  } catch {
    return undefined;
  }
}

export function chunk<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

export function unique<T>(items: readonly T[]): T[] {
  return [...new Set(items)];
}

/**
 * Epoch ms of `/Date(ms)/` or `/Date(ms+0000)/`. The number is UTC in both forms; the suffix
 * is only the offset the value was entered in.
 */
export function parseODataDate(raw: string): number {
  const m = /^\/Date\((-?\d+)(?:[+-]\d{4})?\)\/$/.exec(raw);
  if (!m) throw new RangeError(`not an OData date: ${raw}`);
  return Number(m[1]);
}

/** Edm.Time `PT13H45M10S` → ms since midnight. */
export function parseODataTime(raw: string): number {
  const m = /^PT(?:(\d{1,2})H)?(?:(\d{1,2})M)?(?:(\d{1,2})(?:\.\d+)?S)?$/.exec(raw);
  if (!m) throw new RangeError(`not an Edm.Time: ${raw}`);
  return ((Number(m[1] ?? 0) * 60 + Number(m[2] ?? 0)) * 60 + Number(m[3] ?? 0)) * 1000;
}
