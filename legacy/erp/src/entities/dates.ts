/**
 * The ERP runs in China Standard Time (UTC+8, no DST). SAP date fields (Edm.DateTime with a
 * date only) hold the local calendar date as midnight UTC; time fields hold local time.
 */
const SYSTEM_OFFSET_MS = 8 * 3_600_000;
const DAY_MS = 86_400_000;

/** "2026-11-01" → epoch ms of that date at 00:00 UTC, SAP's encoding of a date. */
export function dateOnly(isoDate: string): number {
  const ms = Date.parse(`${isoDate.slice(0, 10)}T00:00:00Z`);
  if (Number.isNaN(ms)) throw new RangeError(`not an ISO date: ${isoDate}`);
  return ms;
}

/** A timestamp's local calendar date, encoded as SAP dates are. */
export function localDate(isoTimestamp: string): number {
  const local = Date.parse(isoTimestamp) + SYSTEM_OFFSET_MS;
  return local - (((local % DAY_MS) + DAY_MS) % DAY_MS);
}

/** A timestamp's local time of day in ms, for Edm.Time fields. */
export function localTime(isoTimestamp: string): number {
  const local = Date.parse(isoTimestamp) + SYSTEM_OFFSET_MS;
  return ((local % DAY_MS) + DAY_MS) % DAY_MS;
}

export function instant(isoTimestamp: string): number {
  return Date.parse(isoTimestamp);
}

/** `W/"datetimeoffset'2017-04-13T15%3A51%3A04.0000000Z'"`: SAP's ETag from a change timestamp. */
export function timestampEtag(ms: number): string {
  const iso = new Date(ms)
    .toISOString()
    .replace(/\.(\d{3})Z$/, '.$10000Z')
    .replace(/:/g, '%3A');
  return `W/"datetimeoffset'${iso}'"`;
}
