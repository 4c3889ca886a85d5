/**
 * The recurring series the Recurring view shows: what the detector finds in the ledger
 * (shared/ledger/recurring.ts) with the user's answers applied — confirmed, dismissed, or edited
 * (the amount expected, the cadence; the next date follows the edited cadence). The receiving side
 * of a counted transfer (a card's "payment received") is left out: its paying side is the series.
 */
import { detectRecurring, nextOccurrence, type Cadence, type RecurringSeries, type RecurringSource } from '../../../shared/ledger/recurring';
import { daysBetween } from '../../../shared/isoDate';
import type { RecurringDecisionRow } from '../db/schema';
import type { ResolvedTransfer } from './transfers';

export interface ResolvedSeries extends RecurringSeries {
  status: 'detected' | 'confirmed' | 'dismissed';
  /** The cadence and amount as detected, when the user changed them. */
  detectedCadence: Cadence;
  detectedAmountMinor: number;
  edited: boolean;
}

export function resolveRecurring(
  rows: readonly RecurringSource[],
  today: string,
  transfers: readonly ResolvedTransfer[],
  decisions: readonly RecurringDecisionRow[],
): ResolvedSeries[] {
  const exclude = new Set<string>();
  for (const p of transfers) if (p.counted) exclude.add(p.inId);
  const answers = new Map(decisions.map((d) => [d.seriesId, d]));
  return detectRecurring(rows, today, { exclude }).map((s): ResolvedSeries => {
    const d = answers.get(s.id);
    const base = { ...s, status: d?.status ?? 'detected', detectedCadence: s.cadence, detectedAmountMinor: s.nextAmountMinor, edited: false } as ResolvedSeries;
    if (!d || (d.cadence === null && d.amountMinor === null)) return base;
    const cadence = d.cadence ?? s.cadence;
    let nextDate = s.nextDate;
    if (cadence !== s.cadence) {
      const dated = s.recentDates.map((date) => ({ date }));
      nextDate = nextOccurrence(cadence, s.lastDate, dated);
      while (daysBetween(nextDate, today) > 0) nextDate = nextOccurrence(cadence, nextDate, dated);
    }
    return { ...base, cadence, nextDate, nextAmountMinor: d.amountMinor ?? s.nextAmountMinor, edited: true, missedDate: cadence === s.cadence ? s.missedDate : null };
  });
}
