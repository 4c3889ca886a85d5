/** Calendar arithmetic on `YYYY-MM-DD` dates, in whole days, free of time zones (UTC throughout). */

const DAY_MS = 86_400_000;

/** Days since 1970-01-01 for a calendar date; NaN for anything that is not one. */
export function dayNumber(isoDate: string): number {
  return Math.floor(Date.parse(`${isoDate}T00:00:00Z`) / DAY_MS);
}

/** `later − earlier` in whole days (negative when `later` is in fact earlier). */
export function daysBetween(earlier: string, later: string): number {
  return dayNumber(later) - dayNumber(earlier);
}
