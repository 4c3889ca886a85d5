/** Display helpers shared by the components: dates, times and categories. */
import { localDate } from '../../../shared/isoDate';

const clockFormat = new Intl.DateTimeFormat(undefined, { hour: 'numeric', minute: '2-digit' });
const dayFormat = new Intl.DateTimeFormat(undefined, { month: 'short', day: 'numeric' });
// Calendar dates are formatted as the UTC midnight of that date with a UTC formatter: the bank's
// date shows as written in every zone (a local midnight can be skipped by a DST change, and
// `new Date('2025-11-21')` is UTC midnight, which a local formatter shows as the 20th west of UTC).
const calendarDayFormat = new Intl.DateTimeFormat(undefined, { month: 'short', day: 'numeric', timeZone: 'UTC' });
const calendarDayWithYearFormat = new Intl.DateTimeFormat(undefined, { month: 'short', day: 'numeric', year: 'numeric', timeZone: 'UTC' });
const fullFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'full', timeStyle: 'short' });

/** "14:05" (or "2:05 PM", as the locale prefers). */
export const clockTime = (iso: string) => clockFormat.format(new Date(iso));

/** For tooltips: "Friday, November 21, 2025 at 2:05 PM". */
export const fullDateTime = (iso: string) => fullFormat.format(new Date(iso));

const calendarInstant = (isoDate: string): { year: number; at: Date } => {
  const [y = 1970, m = 1, d = 1] = isoDate.split('-').map(Number);
  return { year: y, at: new Date(Date.UTC(y, m - 1, d)) };
};

/** A `YYYY-MM-DD` calendar date as written ("Nov 21"; the year only when it is not this local year). */
export function shortDay(isoDate: string, now: Date = new Date()): string {
  const { year, at } = calendarInstant(isoDate);
  return (year === now.getFullYear() ? calendarDayFormat : calendarDayWithYearFormat).format(at);
}

const numericDayFormat = new Intl.DateTimeFormat(undefined, { year: '2-digit', month: 'numeric', day: 'numeric', timeZone: 'UTC' });

/**
 * For the list's narrow date column: "Nov 21" this year, "11/21/24" (as the locale writes it)
 * before — "Nov 21, 2024" would not fit.
 */
export function compactDay(isoDate: string, now: Date = new Date()): string {
  const { year, at } = calendarInstant(isoDate);
  return year === now.getFullYear() ? shortDay(isoDate, now) : numericDayFormat.format(at);
}

/** The local calendar day an instant fell on, as `shortDay` shows it ("since Apr 4"). */
export const shortDayOf = (instantIso: string, now: Date = new Date()): string => shortDay(localDate(new Date(instantIso)), now);

/** "just now", "2 min ago", "3 h ago", then the date. */
export function relativeTime(iso: string, now: number): string {
  const seconds = Math.max(0, (now - Date.parse(iso)) / 1000);
  if (seconds < 45) return 'just now';
  const minutes = Math.round(seconds / 60);
  if (minutes < 60) return `${minutes} min ago`;
  const hours = Math.round(minutes / 60);
  if (hours < 24) return `${hours} h ago`;
  return `on ${dayFormat.format(new Date(iso))}`;
}

/** Plaid's personal-finance primaries: a detailed category repeats one of these as its prefix. */
const PRIMARIES = [
  'INCOME', 'TRANSFER_IN', 'TRANSFER_OUT', 'LOAN_PAYMENTS', 'BANK_FEES', 'ENTERTAINMENT', 'FOOD_AND_DRINK',
  'GENERAL_MERCHANDISE', 'HOME_IMPROVEMENT', 'MEDICAL', 'PERSONAL_CARE', 'GENERAL_SERVICES',
  'GOVERNMENT_AND_NON_PROFIT', 'TRANSPORTATION', 'TRAVEL', 'RENT_AND_UTILITIES',
];

/**
 * `FOOD_AND_DRINK_COFFEE` (Plaid) → "Coffee", `INCOME_WAGES` → "Wages",
 * `food_and_drink.coffee` (MoneyKit) → "Coffee"; already-readable names pass through.
 */
export function humanizeCategory(category: string | null): string {
  if (!category) return '';
  if (/^[a-z0-9_]+(\.[a-z0-9_]+)+$/.test(category)) {
    const words = (category.split('.').at(-1) ?? category).replaceAll('_', ' ');
    return words.charAt(0).toUpperCase() + words.slice(1);
  }
  if (!/^[A-Z0-9_]+$/.test(category)) return category;
  const primary = PRIMARIES.find((p) => category.startsWith(`${p}_`));
  const words = (primary ? category.slice(primary.length + 1) : category).toLowerCase().replaceAll('_', ' ');
  return words.charAt(0).toUpperCase() + words.slice(1);
}
