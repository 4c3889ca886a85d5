/** Calendar-date arithmetic on `YYYY-MM-DD` strings, in UTC (the brokerage simulation's only clock). */

const DAY_MS = 86_400_000;

export const dateOf = (at: Date): string => at.toISOString().slice(0, 10);

export const addDays = (date: string, days: number): string => dateOf(new Date(Date.parse(`${date}T00:00:00Z`) + days * DAY_MS));

/** Days since 1970-01-01. */
export const dayNumber = (date: string): number => Math.round(Date.parse(`${date}T00:00:00Z`) / DAY_MS);

/** 0 = Sunday … 6 = Saturday. */
export const weekday = (date: string): number => new Date(`${date}T00:00:00Z`).getUTCDay();

export const isWeekend = (date: string): boolean => weekday(date) === 0 || weekday(date) === 6;

export function nextWeekday(date: string): string {
  let d = addDays(date, 1);
  while (isWeekend(d)) d = addDays(d, 1);
  return d;
}

/** The first weekday on or after day `day` of the month `date` falls in. */
export function weekdayOnOrAfter(date: string, day: number): string {
  let d = `${date.slice(0, 8)}${String(day).padStart(2, '0')}`;
  while (isWeekend(d)) d = addDays(d, 1);
  return d;
}

export const isLastDayOfMonth = (date: string): boolean => addDays(date, 1).slice(8) === '01';

export const monthOf = (date: string): number => Number(date.slice(5, 7));

/** Python's `str(datetime)` for a UTC instant: `2024-07-23 22:50:22.761390+00:00` (fraction only when non-zero). */
export function pythonDateTime(at: Date): string {
  const iso = at.toISOString();
  const ms = at.getUTCMilliseconds();
  const fraction = ms === 0 ? '' : `.${String(ms * 1000).padStart(6, '0')}`;
  return `${iso.slice(0, 10)} ${iso.slice(11, 19)}${fraction}+00:00`;
}

/** A date plus seconds after midnight UTC, in Python's format. */
export function pythonDateAt(date: string, secondOfDay: number): string {
  return pythonDateTime(new Date(Date.parse(`${date}T00:00:00Z`) + secondOfDay * 1000));
}
