/** Labels for the charts: compact money on axes, full money in tooltips and tables, months. */
import { formatMoney, isIsoCurrency, toDecimalString, UNKNOWN_CURRENCY } from '../../../../shared/money';

const compactFormats = new Map<string, Intl.NumberFormat>();

/** Axis ticks: "$1.2K", "-$300", "CA$15K" — locale-aware, never more than one decimal. */
export function compactMoney(minor: number, currency: string): string {
  let f = compactFormats.get(currency);
  if (!f) {
    // Intl knows only ISO codes (a 4-letter one like USDT throws): other codes follow the number.
    f = new Intl.NumberFormat(undefined, isIsoCurrency(currency)
      ? { style: 'currency', currency, notation: 'compact', maximumFractionDigits: 1 }
      : { notation: 'compact', maximumFractionDigits: 1 });
    compactFormats.set(currency, f);
  }
  const text = f.format(Number(toDecimalString(minor, currency)));
  if (isIsoCurrency(currency)) return text;
  return currency === UNKNOWN_CURRENCY ? `${text} ?` : `${text} ${currency}`;
}

/** Tooltips and tables: the exact amount. */
export const fullMoney = (minor: number, currency: string): string => formatMoney(minor, currency);

const monthShort = new Intl.DateTimeFormat(undefined, { month: 'short', timeZone: 'UTC' });
const monthYearShort = new Intl.DateTimeFormat(undefined, { month: 'short', year: '2-digit', timeZone: 'UTC' });
const monthLong = new Intl.DateTimeFormat(undefined, { month: 'long', year: 'numeric', timeZone: 'UTC' });
const dayShort = new Intl.DateTimeFormat(undefined, { month: 'short', day: 'numeric', timeZone: 'UTC' });
const dayLong = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeZone: 'UTC' });

const utc = (iso: string): Date => {
  const [y = 1970, m = 1, d = 1] = iso.split('-').map(Number);
  return new Date(Date.UTC(y, m - 1, d));
};

/** "Oct" when every month shown is in one year, else "Oct 25". */
export function monthTick(month: string, spansYears: boolean): string {
  return (spansYears ? monthYearShort : monthShort).format(utc(`${month}-01`));
}

/** "October 2026". */
export const monthName = (month: string): string => monthLong.format(utc(`${month}-01`));

/** "Oct 3". */
export const dayTick = (day: string): string => dayShort.format(utc(day));

/** "Oct 3, 2026". */
export const dayName = (day: string): string => dayLong.format(utc(day));

export function spansYears(months: readonly { month: string }[]): boolean {
  return (months[0]?.month.slice(0, 4) ?? '') !== (months.at(-1)?.month.slice(0, 4) ?? '');
}

/** Series colours: CSS variables from insights.css (light and dark), used as SVG fill/stroke. */
export const SERIES_COLORS = Array.from({ length: 9 }, (_, i) => `var(--chart-${i + 1})`);
export const seriesColor = (i: number): string => SERIES_COLORS[i % SERIES_COLORS.length] ?? 'var(--accent)';

/**
 * A value axis wide enough for its longest compact label in this locale and currency ("$4.5K",
 * "45.000 $", "CA$16.5"): 12px tabular digits are about 7px wide.
 */
export function valueAxisWidth(values: readonly number[], currency: string): number {
  let longest = compactMoney(0, currency).length;
  for (const v of values) longest = Math.max(longest, compactMoney(v, currency).length);
  return Math.min(120, Math.max(44, Math.ceil(longest * 7.2) + 14));
}
