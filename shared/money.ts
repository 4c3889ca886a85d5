/**
 * Money is an integer count of minor units plus a currency code.
 * Sign convention, everywhere in Ledgerline: positive = money into the account.
 * Provider amounts are converted exactly once, at the provider edge, with these helpers, and every
 * exponent lookup (conversion, display, export, search, sums) goes through `currencyExponent`.
 *
 * Which currencies, and how many decimals:
 * - ISO 4217 codes use ISO's minor units. `Intl` cannot be the source: its data is CLDR's, which
 *   differs from ISO for display reasons (Node 20 gives IQD 0 where ISO says 3, and HUF, IDR, COP,
 *   PKR… 0 where ISO says 2; it does not know CLF or UYW at all), and a provider sends ISO's
 *   decimals, so CLDR's would round real cents away. ISO's list has 2 for all but the codes below,
 *   a short published table (list one) kept here; `Intl.supportedValuesOf('currency')`, which ICU
 *   maintains, tells which other codes are ISO ones (2 decimals).
 * - Codes ISO does not have — Plaid's `unofficial_currency_code` (crypto, GBX, CNH) and SnapTrade's
 *   `currency_universal_symbol` — use the declared precision below: the currency's own smallest
 *   unit (satoshi for BTC), capped at MAX_PRECISION.
 * - Any other code is kept as sent (never coerced to USD) with UNDECLARED_PRECISION; an amount
 *   whose currency the provider did not name at all carries UNKNOWN_CURRENCY and is shown as such.
 *
 * Why a capped precision and plain numbers, not bigint or strings: minor units are summed, compared,
 * indexed, sent over IPC and the browser host's JSON, and stored in IndexedDB all over the app; a
 * safe integer does all of that unchanged. 2^53 minor units at 9 decimals is still 9,007,199 whole
 * units (90 million at 8, so every bitcoin there will ever be fits in satoshis), which no personal
 * account reaches in a crypto currency. An 18-decimal token (ETH, wei) could not be held exactly at
 * 18, and the wire could not carry it either: Plaid and SnapTrade send amounts as JSON numbers,
 * whose 17 significant digits run out at 18 decimals for anything above 0.1 ETH. So ETH-like
 * tokens are kept to 1 gwei (9 decimals); a digit beyond a currency's precision is rounded half
 * away from zero, as for any currency, and an amount beyond 2^53 minor units is refused (RangeError).
 */

/** ISO 4217 (list one) minor units that are not 2. */
const ISO_MINOR_UNITS: Readonly<Record<string, number>> = {
  BIF: 0, CLP: 0, DJF: 0, GNF: 0, ISK: 0, JPY: 0, KMF: 0, KRW: 0, PYG: 0, RWF: 0, UGX: 0,
  UYI: 0, VND: 0, VUV: 0, XAF: 0, XOF: 0, XPF: 0,
  BHD: 3, IQD: 3, JOD: 3, KWD: 3, LYD: 3, OMR: 3, TND: 3,
  CLF: 4, UYW: 4,
};

/** 2^53 minor units stay exact up to 9,007,199 whole units at this precision. */
export const MAX_PRECISION = 9;

/**
 * Non-ISO codes a provider documents (Plaid's unofficial currency codes) and common crypto quote
 * currencies (SnapTrade), at their smallest unit, capped at MAX_PRECISION.
 */
const DECLARED_PRECISION: Readonly<Record<string, number>> = {
  // Plaid's unofficial codes that are not crypto: offshore yuan, pence sterling (UK share prices).
  CNH: 2, GBX: 2,
  // Satoshi-style 8-decimal coins.
  BTC: 8, BCH: 8, BSV: 8, BTG: 8, LTC: 8, DOGE: 8, DASH: 8, ZEC: 8, QTUM: 8, LSK: 8, BNB: 8, NEO: 8,
  ADA: 6, XRP: 6, USDT: 6, USDC: 6, XLM: 7,
  // 18 decimals (wei) and Monero's 12, capped: see the header.
  ETH: MAX_PRECISION, ETC: MAX_PRECISION, BAT: MAX_PRECISION, OMG: MAX_PRECISION, ZRX: MAX_PRECISION, XMR: MAX_PRECISION,
};

/** For a code neither ISO nor declared: enough for any coin's display unit, exact to 90 million units. */
export const UNDECLARED_PRECISION = 8;

/** The currency of an amount whose provider named none (Plaid: both currency codes null). */
export const UNKNOWN_CURRENCY = '?';

/** What a stored currency may be: a code as providers spell them (ISO, GBX, USDT, DOGE…) or UNKNOWN_CURRENCY. */
export const CURRENCY_CODE = /^(?:[A-Z0-9]{2,12}|\?)$/;

let isoCodes: ReadonlySet<string> | null = null;

/** True for an ISO 4217 code: one ICU knows, or one with minor units other than 2. */
export function isIsoCurrency(code: string): boolean {
  if (isoCodes === null) isoCodes = new Set([...Intl.supportedValuesOf('currency'), ...Object.keys(ISO_MINOR_UNITS)]);
  return /^[A-Z]{3}$/.test(code) && isoCodes.has(code);
}

/**
 * How many decimals an earlier Ledgerline stored a code with (ISO's table, else 2), for the
 * database upgrade that rescales what it stored under codes whose precision changed (issue 14).
 */
export function exponentBeforeIssue14(currency: string): number {
  return ISO_MINOR_UNITS[currency.toUpperCase()] ?? 2;
}

/** Per code as given: the lookup runs per row in sums, search and reconciliation. */
const exponents = new Map<string, number>();

/** The number of decimals of a currency's minor unit: the one lookup every money path uses. */
export function currencyExponent(currency: string): number {
  let exp = exponents.get(currency);
  if (exp === undefined) {
    const code = currency.toUpperCase();
    exp = ISO_MINOR_UNITS[code] ?? (isIsoCurrency(code) ? 2 : DECLARED_PRECISION[code] ?? UNDECLARED_PRECISION);
    exponents.set(currency, exp);
  }
  return exp;
}

/**
 * A provider's currency code as Ledgerline stores it: trimmed and upper-cased when it is a code,
 * UNKNOWN_CURRENCY when the provider gave none or something that is not a code.
 */
export function normalizeCurrency(code: string | null | undefined): string {
  const c = code?.trim().toUpperCase() ?? '';
  return c !== '' && c !== UNKNOWN_CURRENCY && CURRENCY_CODE.test(c) ? c : UNKNOWN_CURRENCY;
}

const DECIMAL = /^([+-])?(\d+)(?:\.(\d+))?(?:e([+-]?\d+))?$/i;

/**
 * Converts a decimal amount (a JSON number or a decimal string) to integer minor units without
 * binary floating-point error: the decimal digits are shifted as text, then rounded half away from
 * zero. Throws on anything that is not a finite decimal.
 */
export function toMinorUnits(value: number | string, currency: string): number {
  const text = typeof value === 'number' ? numberToText(value) : value.trim();
  const m = DECIMAL.exec(text);
  if (!m) throw new RangeError(`not a decimal amount: ${JSON.stringify(value)}`);
  const [, sign, intPart = '0', fracPart = '', expPart] = m;
  const shift = currencyExponent(currency) + (expPart ? Number(expPart) : 0);
  const digits = intPart + fracPart;
  const point = intPart.length + shift; // position of the decimal point within `digits`
  const whole = point <= 0 ? '0' : (digits + '0'.repeat(Math.max(0, point - digits.length))).slice(0, point);
  const rest = point <= 0 ? '0'.repeat(-point) + digits : digits.slice(point);
  let minor = Number(whole);
  if (rest.length > 0 && rest.charCodeAt(0) >= 53 /* '5' */) minor += 1;
  if (!Number.isSafeInteger(minor)) throw new RangeError(`amount out of range: ${JSON.stringify(value)}`);
  return sign === '-' && minor !== 0 ? -minor : minor;
}

function numberToText(n: number): string {
  if (!Number.isFinite(n)) throw new RangeError(`not a finite amount: ${n}`);
  return String(n); // shortest round-trip representation, e.g. 0.1 → "0.1", 1e-7 → "1e-7"
}

/** Minor units → a plain decimal string ("-12.50"), for export and for search matching. */
export function toDecimalString(minor: number, currency: string): string {
  const exp = currencyExponent(currency);
  const abs = Math.abs(minor).toString().padStart(exp + 1, '0');
  const body = exp === 0 ? abs : `${abs.slice(0, -exp)}.${abs.slice(-exp)}`;
  return minor < 0 ? `-${body}` : body;
}

/**
 * Decimals always shown: all of an ISO currency's (¥1,500, $4.50, 1.234 BD); for the others at
 * most 2, so 0.5 BTC is not "0.50000000 BTC" while 0.00012345 BTC keeps every digit.
 */
export function minimumDisplayDigits(currency: string): number {
  const exp = currencyExponent(currency);
  return isIsoCurrency(currency.toUpperCase()) ? exp : Math.min(2, exp);
}

const formatters = new Map<string, Intl.NumberFormat>();

/**
 * Locale-aware money display. `signed` adds an explicit "+" to inflows. ISO currencies get the
 * locale's symbol; other codes follow the number ("0.00012345 BTC"); an amount of unknown currency
 * says so rather than borrowing one.
 */
export function formatMoney(
  minor: number,
  currency: string,
  opts: { locale?: string; signed?: boolean } = {},
): string {
  const key = `${opts.locale ?? ''}|${currency}|${opts.signed ? 1 : 0}`;
  let f = formatters.get(key);
  const iso = isIsoCurrency(currency);
  if (!f) {
    const exp = currencyExponent(currency);
    const digits = { minimumFractionDigits: minimumDisplayDigits(currency), maximumFractionDigits: exp };
    const signDisplay = opts.signed ? 'exceptZero' : 'auto';
    f = new Intl.NumberFormat(opts.locale, iso ? { style: 'currency', currency, ...digits, signDisplay } : { ...digits, signDisplay });
    formatters.set(key, f);
  }
  // The exact decimal string, not minor / 10^exp: Intl formats a string without binary rounding,
  // which a double would need at 8 or 9 decimals (90071992.54740991 prints as …4740990).
  const text = f.format(toDecimalString(minor, currency) as Intl.StringNumericLiteral);
  if (iso) return text;
  return currency === UNKNOWN_CURRENCY ? `${text} (currency unknown)` : `${text} ${currency}`;
}
