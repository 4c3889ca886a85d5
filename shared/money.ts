/**
 * Money is an integer count of minor units plus an ISO 4217 currency code.
 * Sign convention, everywhere in Ledgerline: positive = money into the account.
 * Provider amounts are converted exactly once, at the provider edge, with these helpers.
 */

/** ISO 4217 minor-unit exponents that differ from the usual 2. */
const EXPONENTS: Readonly<Record<string, number>> = {
  BIF: 0, CLP: 0, DJF: 0, GNF: 0, ISK: 0, JPY: 0, KMF: 0, KRW: 0, PYG: 0, RWF: 0, UGX: 0,
  UYI: 0, VND: 0, VUV: 0, XAF: 0, XOF: 0, XPF: 0,
  BHD: 3, IQD: 3, JOD: 3, KWD: 3, LYD: 3, OMR: 3, TND: 3,
  CLF: 4, UYW: 4,
};

export function currencyExponent(currency: string): number {
  return EXPONENTS[currency.toUpperCase()] ?? 2;
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

const formatters = new Map<string, Intl.NumberFormat>();

/** Locale-aware money display. `signed` adds an explicit "+" to inflows. */
export function formatMoney(
  minor: number,
  currency: string,
  opts: { locale?: string; signed?: boolean } = {},
): string {
  const key = `${opts.locale ?? ''}|${currency}|${opts.signed ? 1 : 0}`;
  let f = formatters.get(key);
  if (!f) {
    const exp = currencyExponent(currency);
    f = new Intl.NumberFormat(opts.locale, {
      style: 'currency',
      currency,
      minimumFractionDigits: exp,
      maximumFractionDigits: exp,
      signDisplay: opts.signed ? 'exceptZero' : 'auto',
    });
    formatters.set(key, f);
  }
  return f.format(minor / 10 ** currencyExponent(currency));
}
