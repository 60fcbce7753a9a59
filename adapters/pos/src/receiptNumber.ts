/**
 * The retailer's printed receipt number, `<store code>-<YYYYMMDD>-<sequence>` (e.g.
 * "ST001-20261101-0042"): the till writes it into the Square order's `reference_id`. The date
 * is the store's local calendar day of the sale.
 */
export interface ReceiptNumber {
  /** Normalised (trimmed, upper-case) form, as the till prints it. */
  value: string;
  /** WMS location code of the store, e.g. "ST001". */
  storeCode: string;
  /** ISO date (YYYY-MM-DD). */
  date: string;
  sequence: number;
}

const PATTERN = /^([A-Z]{1,4}\d{1,6})-(\d{4})(\d{2})(\d{2})-(\d{1,6})$/;

export function parseReceiptNumber(raw: string): ReceiptNumber | undefined {
  const value = raw.trim().toUpperCase();
  const match = PATTERN.exec(value);
  if (!match) return undefined;
  const [, storeCode, y, m, d, seq] = match as unknown as [string, string, string, string, string, string];
  const date = `${y}-${m}-${d}`;
  const parsed = new Date(`${date}T00:00:00Z`);
  // Rejects 2026-02-30 and the like, which Date would silently roll over.
  if (Number.isNaN(parsed.getTime()) || parsed.toISOString().slice(0, 10) !== date) return undefined;
  return { value, storeCode, date, sequence: Number(seq) };
}
