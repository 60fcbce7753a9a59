/** Small pure helpers shared by the generators: money in fen, dates in Shanghai time, EAN-13. */

export const MINUTE_MS = 60_000;
export const HOUR_MS = 3_600_000;
export const DAY_MS = 86_400_000;
/** Shanghai is UTC+8 all year (no DST), so local dates are a fixed offset away. */
const SHANGHAI_OFFSET_MS = 8 * HOUR_MS;

/** Money is computed in integer fen and only rendered as a decimal string at the edge. */
export function fenToDecimal(fen: number): string {
  const sign = fen < 0 ? '-' : '';
  const abs = Math.abs(Math.round(fen));
  return `${sign}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, '0')}`;
}

export function decimalToFen(decimal: string): number {
  const match = /^(-?)(\d+)(?:\.(\d{1,2}))?$/.exec(decimal.trim());
  if (!match) throw new RangeError(`not a decimal amount: ${decimal}`);
  const fen = Number(match[2]) * 100 + Number((match[3] ?? '0').padEnd(2, '0'));
  return match[1] === '-' ? -fen : fen;
}

/**
 * Calendar dates by day number. The generator formats ~150k timestamps that fall on a few
 * hundred days, and Date#toISOString dominated its run time.
 */
const dayStrings = new Map<number, string>();
function utcDay(dayNumber: number): string {
  let s = dayStrings.get(dayNumber);
  if (s === undefined) {
    s = new Date(dayNumber * DAY_MS).toISOString().slice(0, 10);
    dayStrings.set(dayNumber, s);
  }
  return s;
}

/**
 * V8 keeps a string built by concatenation as a tree of pieces until something reads it;
 * reading one character flattens it. The dataset retains hundreds of thousands of built
 * strings, and flattening them as they are made cuts its heap (and GC time) several-fold.
 */
export function flat(s: string): string {
  s.charCodeAt(0);
  return s;
}

const isoScratch = Buffer.from('0000-00-00T00:00:00.000Z', 'latin1');

function putDigits(at: number, value: number, width: number): void {
  for (let i = width - 1; i >= 0; i--) {
    isoScratch[at + i] = 48 + (value % 10);
    value = Math.floor(value / 10);
  }
}

/**
 * Same output as `new Date(ms).toISOString()`, written into a scratch buffer: the dataset
 * formats ~200k timestamps, and this makes each one flat string with no garbage.
 */
export function iso(ms: number): string {
  const day = Math.floor(ms / DAY_MS);
  let rest = ms - day * DAY_MS;
  isoScratch.write(utcDay(day), 0, 'latin1');
  const h = Math.floor(rest / HOUR_MS);
  rest -= h * HOUR_MS;
  const m = Math.floor(rest / MINUTE_MS);
  rest -= m * MINUTE_MS;
  const sec = Math.floor(rest / 1000);
  putDigits(11, h, 2);
  putDigits(14, m, 2);
  putDigits(17, sec, 2);
  putDigits(20, Math.floor(rest - sec * 1000), 3);
  return isoScratch.toString('latin1');
}

/** Local (Shanghai) calendar date, YYYY-MM-DD. */
export function localDate(ms: number): string {
  return utcDay(Math.floor((ms + SHANGHAI_OFFSET_MS) / DAY_MS));
}

/** Locale-independent ordering: localeCompare could differ between machines. */
export function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Epoch ms of the Shanghai midnight that starts the local day containing `ms`. */
export function localMidnight(ms: number): number {
  return Math.floor((ms + SHANGHAI_OFFSET_MS) / DAY_MS) * DAY_MS - SHANGHAI_OFFSET_MS;
}

export function ageDays(refMs: number, ms: number): number {
  return (refMs - ms) / DAY_MS;
}

/** GS1 check digit: weights 1,3,1,3… from the left over the first twelve digits. */
export function ean13CheckDigit(first12: string): number {
  let sum = 0;
  for (let i = 0; i < 12; i++) sum += Number(first12[i]) * (i % 2 === 0 ? 1 : 3);
  return (10 - (sum % 10)) % 10;
}

export function isValidEan13(code: string): boolean {
  return /^\d{13}$/.test(code) && ean13CheckDigit(code.slice(0, 12)) === Number(code[12]);
}

export function pad(n: number, width: number): string {
  return String(n).padStart(width, '0');
}
