/**
 * Display helpers for brokerage data (SnapTrade): activity types, share counts and prices kept as
 * decimal strings, and cash per currency. Numbers are formatted from their digits as text (only
 * the integer part goes through Intl, as a BigInt, for the locale's grouping), so "0.1" units or a
 * "245.1049" price are shown exactly as stored, never through a binary float.
 */
import { isIsoCurrency, minimumDisplayDigits, toDecimalString, UNKNOWN_CURRENCY } from '../../../shared/money';

/** A decimal string split into its parts: `int` without leading zeros, `frac` without trailing zeros. */
export interface DecimalParts {
  negative: boolean;
  int: string;
  frac: string;
}

const DECIMAL = /^([+-])?(\d*)(?:\.(\d*))?$/;

/** "-001.2500" → { negative: true, int: "1", frac: "25" }; null for anything but a plain decimal. */
export function parseDecimal(text: string): DecimalParts | null {
  const m = DECIMAL.exec(text.trim());
  if (!m) return null;
  const [, sign, intDigits = '', fracDigits = ''] = m;
  if (intDigits === '' && fracDigits === '') return null;
  const int = intDigits.replace(/^0+(?=\d)/, '') || '0';
  const frac = fracDigits.replace(/0+$/, '');
  return { negative: sign === '-' && (int !== '0' || frac !== ''), int, frac };
}

export const isZeroDecimal = (d: DecimalParts) => d.int === '0' && d.frac === '';

/** A units or price string worth showing: present and not zero (a dividend carries "0" for both). */
export function hasQuantity(text: string | null | undefined): text is string {
  if (!text) return false;
  const d = parseDecimal(text);
  return d === null || !isZeroDecimal(d);
}

const numberFormats = new Map<string, Intl.NumberFormat>();

function numberFormat(locale: string | undefined, currency: string | null, currencyDisplay: 'symbol' | 'narrowSymbol' = 'symbol'): Intl.NumberFormat {
  const key = `${locale ?? ''}|${currency ?? ''}|${currencyDisplay}`;
  let f = numberFormats.get(key);
  if (!f) {
    // Intl knows only ISO codes: a crypto code is written after the number instead (formatPrice).
    f = new Intl.NumberFormat(locale, currency && isIsoCurrency(currency)
      ? { style: 'currency', currency, currencyDisplay, minimumFractionDigits: 0, maximumFractionDigits: 0 }
      : { maximumFractionDigits: 0 });
    numberFormats.set(key, f);
  }
  return f;
}

function decimalSymbol(locale: string | undefined): string {
  return new Intl.NumberFormat(locale, { minimumFractionDigits: 1 }).formatToParts(1.5).find((p) => p.type === 'decimal')?.value ?? '.';
}

/** The integer part through Intl (exact: a BigInt), then the fraction digits as text after it. */
function render(d: DecimalParts, frac: string, nf: Intl.NumberFormat, locale: string | undefined): string {
  const int = BigInt(d.int);
  // -0.5: Intl has no negative zero for BigInt, so format -1 and put the 0 back.
  const parts = int === 0n && d.negative
    ? nf.formatToParts(-1n).map((p) => (p.type === 'integer' ? { ...p, value: '0' } : p))
    : nf.formatToParts(d.negative ? -int : int);
  if (frac === '') return parts.map((p) => p.value).join('');
  let last = -1;
  parts.forEach((p, i) => {
    if (p.type === 'integer' || p.type === 'group') last = i;
  });
  const point = decimalSymbol(locale);
  return parts.map((p, i) => (i === last ? `${p.value}${point}${frac}` : p.value)).join('');
}

/** Units as stored, grouped for the locale: "1234.50000000" → "1,234.5". Unparseable text is shown as is. */
export function formatUnits(text: string, opts: { locale?: string; absolute?: boolean } = {}): string {
  const d = parseDecimal(text);
  if (!d) return text;
  const shown = opts.absolute ? { ...d, negative: false } : d;
  return render(shown, shown.frac, numberFormat(opts.locale, null), opts.locale);
}

/**
 * A price in a currency, with at least the currency's usual decimals and every further digit
 * stored: "245.1" USD → "$245.10", "0.0123" → "$0.0123", "1500" JPY → "¥1,500".
 */
export function formatPrice(text: string, currency: string, opts: { locale?: string; narrow?: boolean } = {}): string {
  const d = parseDecimal(text);
  if (!d) return text;
  const frac = d.frac.padEnd(minimumDisplayDigits(currency), '0');
  const shown = render(d, frac, numberFormat(opts.locale, currency, opts.narrow ? 'narrowSymbol' : 'symbol'), opts.locale);
  if (isIsoCurrency(currency)) return shown;
  return currency === UNKNOWN_CURRENCY ? `${shown} (currency unknown)` : `${shown} ${currency}`;
}

/** Integer minor units as money, exactly, with the narrow symbol ("$200.00" for CAD), for lists that name the currency beside it. */
export function formatCash(minor: number, currency: string, locale?: string): string {
  return formatPrice(toDecimalString(minor, currency), currency, { locale, narrow: true });
}

export interface InvestmentFields {
  activityType?: string | null;
  symbol?: string | null;
  units?: string | null;
  price?: string | null;
  currency: string;
}

/** True for a brokerage activity (it has a type); bank rows have none. */
export const isInvestmentActivity = (tx: { activityType?: string | null }) => typeof tx.activityType === 'string' && tx.activityType !== '';

/**
 * The row's second line for a trade: "VTI · 1.5 sh @ $245.10". Units show as a magnitude (the
 * badge says BUY or SELL); a dividend's zero units and price are left out ("VTI"). Null when there
 * is nothing to say (a cash activity without a symbol).
 */
export function activitySummary(tx: InvestmentFields, locale?: string): string | null {
  const parts: string[] = [];
  if (tx.symbol) parts.push(tx.symbol);
  if (hasQuantity(tx.units)) {
    let quantity = `${formatUnits(tx.units, { locale, absolute: true })} sh`;
    if (hasQuantity(tx.price)) quantity += ` @ ${formatPrice(tx.price, tx.currency, { locale })}`;
    parts.push(quantity);
  }
  return parts.length > 0 ? parts.join(' · ') : null;
}

export type ActivityTone = 'buy' | 'sell' | 'income' | 'cost' | 'other';

const TONES: Readonly<Record<string, ActivityTone>> = {
  BUY: 'buy', REI: 'buy',
  SELL: 'sell',
  DIVIDEND: 'income', STOCK_DIVIDEND: 'income', INTEREST: 'income',
  FEE: 'cost', TAX: 'cost',
};

/** The badge's color family; a type SnapTrade does not normalize is neutral (and shown as given). */
export const activityTone = (type: string): ActivityTone => TONES[type.trim().toUpperCase()] ?? 'other';
