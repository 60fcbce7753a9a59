/**
 * Opaque, stable ids with a type prefix (`cus_…`, `ord_…`): the payload is the system and its
 * own id, so an id survives restarts and needs no lookup table to resolve.
 */
export type IdPrefix = 'cus' | 'ord' | 'loc' | 'ful' | 'shp' | 'ret';

export function encodeId(prefix: IdPrefix, system: string, externalId: string): string {
  return `${prefix}_${Buffer.from(`${system}:${externalId}`, 'utf8').toString('base64url')}`;
}

export function decodeId(prefix: IdPrefix, id: string): { system: string; externalId: string } | undefined {
  if (!id.startsWith(`${prefix}_`)) return undefined;
  const raw = Buffer.from(id.slice(prefix.length + 1), 'base64url').toString('utf8');
  const colon = raw.indexOf(':');
  if (colon <= 0 || colon === raw.length - 1) return undefined;
  return { system: raw.slice(0, colon), externalId: raw.slice(colon + 1) };
}
