import { decodeId, encodeId } from '../../../adapters/core/src/index.ts';

/** Locations are WMS sites: `loc_…` wraps the WMS location code. */
export const locationId = (code: string): string => encodeId('loc', 'WMS', code);

export function locationCodeOf(id: string): string | undefined {
  const decoded = decodeId('loc', id);
  return decoded?.system === 'WMS' ? decoded.externalId : undefined;
}

/**
 * Reservations are WMS holds: `rsv_…` wraps the WMS reservation number with the same scheme
 * as adapters/core's ids (whose IdPrefix has no reservation prefix yet).
 */
const RSV = 'rsv_';

export const reservationId = (number: string): string => `${RSV}${Buffer.from(`WMS:${number}`, 'utf8').toString('base64url')}`;

export function reservationNumberOf(id: string): string | undefined {
  if (!id.startsWith(RSV)) return undefined;
  const raw = Buffer.from(id.slice(RSV.length), 'base64url').toString('utf8');
  return raw.startsWith('WMS:') && raw.length > 4 ? raw.slice(4) : undefined;
}
