/**
 * Amount fields of the manual-account forms: what the user typed → exact signed minor units in the
 * user's locale (budgets/parseMoneyInput.ts reads the digits; a leading minus, − or a pair of
 * parentheses makes it negative), and minor units → the text such a field starts with (the
 * locale's decimal mark, no grouping, the currency's decimals), which reads back to the same number.
 */
import { currencyExponent } from '../../../../shared/money';
import { parseMoneyInput } from '../../budgets/parseMoneyInput';

export function parseSignedMoney(text: string, currency: string, locale?: string): number | null {
  let t = text.trim();
  let negative = false;
  const paren = /^\((.*)\)$/.exec(t);
  if (paren) {
    negative = true;
    t = paren[1]!.trim();
  } else if (/^[-\u2212]/.test(t)) {
    negative = true;
    t = t.slice(1);
  }
  const value = parseMoneyInput(t, currency, locale);
  if (value === null) return null;
  return negative && value !== 0 ? -value : value;
}

export function moneyInputText(minor: number, currency: string, locale?: string): string {
  const exp = currencyExponent(currency);
  const negative = minor < 0;
  const digits = String(Math.abs(minor)).padStart(exp + 1, '0');
  const whole = exp === 0 ? digits : digits.slice(0, -exp);
  const frac = exp === 0 ? '' : digits.slice(-exp);
  const decimal = new Intl.NumberFormat(locale).formatToParts(1.5).find((p) => p.type === 'decimal')?.value ?? '.';
  return `${negative ? '-' : ''}${whole}${frac ? decimal + frac : ''}`;
}
