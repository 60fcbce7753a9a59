import type { Freshness } from './operations.ts';

/** A window of local business days, both ends inclusive (YYYY-MM-DD), as the analytics graph takes it. */
export interface DayRange {
  from: string;
  to: string;
}

const DAY_MS = 86_400_000;

export function addDays(day: string, days: number): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);
}

export function daysIn(range: DayRange): number {
  return Math.round((Date.parse(`${range.to}T00:00:00Z`) - Date.parse(`${range.from}T00:00:00Z`)) / DAY_MS) + 1;
}

/**
 * The last day with sales in the store: the newest `dataThrough` of the sales systems (the WMS's
 * stock feed is always "now" and says nothing about sales). Today when nothing is loaded yet.
 */
export function lastSalesDay(freshness: Freshness[] | undefined, today = new Date().toISOString().slice(0, 10)): string {
  const through = (freshness ?? [])
    .filter((f) => f.system !== 'WMS' && f.feed === null && f.dataThrough)
    .map((f) => f.dataThrough!.slice(0, 10))
    .sort();
  return through[through.length - 1] ?? today;
}

/** Ready-made windows ending on the last day with data: the first is the page's default. */
export const PRESETS = [
  { label: 'Last 4 weeks', days: 28 },
  { label: 'Last 7 days', days: 7 },
  { label: 'Last 13 weeks', days: 91 },
] as const;

export function endingOn(to: string, days: number): DayRange {
  return { from: addDays(to, -(days - 1)), to };
}

export function validRange(range: DayRange): string | undefined {
  const day = /^\d{4}-\d{2}-\d{2}$/;
  if (!day.test(range.from) || !day.test(range.to)) return 'Choose both days.';
  if (range.from > range.to) return 'The first day is after the last.';
  if (daysIn(range) > 366) return 'Choose at most a year.';
  return undefined;
}
