/**
 * Calendar dates (`YYYY-MM-DD`) and the rules Ledgerline keeps for them:
 * - a transaction's date is the calendar date the bank gave, never shifted by the viewer's zone,
 *   so arithmetic on it is free of time zones (UTC throughout, whole days);
 * - "today" and anything derived from an instant (a run's time, a rule's creation) is the user's
 *   local calendar date of that instant (`localDate`).
 */

const DAY_MS = 86_400_000;

/** Days since 1970-01-01 for a calendar date; NaN for anything that is not one. */
export function dayNumber(isoDate: string): number {
  return Math.floor(Date.parse(`${isoDate}T00:00:00Z`) / DAY_MS);
}

/** `later − earlier` in whole days (negative when `later` is in fact earlier). */
export function daysBetween(earlier: string, later: string): number {
  return dayNumber(later) - dayNumber(earlier);
}

/** The local calendar date of an instant ("today" is `localDate(new Date())`): the user's calendar, not UTC's. */
export function localDate(at: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${at.getFullYear()}-${pad(at.getMonth() + 1)}-${pad(at.getDate())}`;
}
