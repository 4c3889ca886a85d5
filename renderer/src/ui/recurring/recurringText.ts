/** The words the Recurring view uses for a series' flags (tested in test/unit/renderer/ui/recurring). */
import { currencyExponent, formatMoney, toMinorUnits } from '../../../../shared/money';
import type { ResolvedSeries } from '../../ledger/recurring';

/** "Hulu is $2.00 more than last month" (or "less"), for a fixed amount that changed at its last row. */
export function changedText(s: Pick<ResolvedSeries, 'name' | 'changedByMinor' | 'currency' | 'cadence' | 'direction'>): string | null {
  if (s.changedByMinor === null || s.changedByMinor === 0) return null;
  // Out: a more negative amount costs more; in: a larger amount pays more.
  const more = s.direction === 'out' ? s.changedByMinor < 0 : s.changedByMinor > 0;
  const period = s.cadence === 'monthly' ? 'last month' : s.cadence === 'yearly' ? 'last year' : 'last time';
  return `${s.name} is ${formatMoney(Math.abs(s.changedByMinor), s.currency)} ${more ? 'more' : 'less'} than ${period}`;
}

/** A positive amount typed by the user ("19.99", "1,299.00") → minor units; null when it is not one. */
export function parseAmount(text: string, currency: string): number | null {
  const clean = text.replace(/[,\s]/g, '');
  if (!/^\d+(\.\d+)?$/.test(clean)) return null;
  const frac = clean.split('.')[1] ?? '';
  if (frac.length > currencyExponent(currency)) return null;
  try {
    const minor = toMinorUnits(clean, currency);
    return minor > 0 ? minor : null;
  } catch {
    return null;
  }
}
