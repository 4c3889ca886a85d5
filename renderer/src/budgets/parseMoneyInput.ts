/**
 * What the user typed into an amount field → exact minor units of a currency, or null when it is
 * not an amount. Locale-aware: the locale's group and decimal separators come from Intl
 * (`formatToParts`), so "1,234.56" (en) and "1.234,56" (de) both read as 123456 cents; a currency
 * symbol or code and spaces are ignored. The digits are shifted as text by money.ts `toMinorUnits`
 * (no floating point); more decimals than the currency has are refused rather than rounded, so
 * what is stored is exactly what was typed. Negative amounts are refused (a budget is ≥ 0).
 */
import { currencyExponent, toMinorUnits } from '../../../shared/money';

function separators(locale: string | undefined): { group: string; decimal: string } {
  const parts = new Intl.NumberFormat(locale).formatToParts(12345.6);
  return {
    group: parts.find((p) => p.type === 'group')?.value ?? ',',
    decimal: parts.find((p) => p.type === 'decimal')?.value ?? '.',
  };
}

export function parseMoneyInput(text: string, currency: string, locale?: string): number | null {
  const { group, decimal } = separators(locale);
  // Drop the currency (symbol or code), spaces (incl. the narrow no-break ones some locales group with).
  let t = text.replace(/[\s\u00a0\u202f]/gu, '').replace(/\p{Sc}/gu, '').replace(new RegExp(currency, 'gi'), '');
  if (t === '') return null;
  if (group !== decimal) t = t.split(group).join('');
  if (decimal !== '.') t = t.replace(decimal, '.');
  const m = /^(\d+)(?:\.(\d*))?$/.exec(t);
  if (!m) return null;
  if ((m[2] ?? '').length > currencyExponent(currency)) return null;
  try {
    return toMinorUnits(`${m[1]}.${m[2] || '0'}`, currency);
  } catch {
    return null;
  }
}
