/** Pending rows that never posted: most charges post within a week, so one older than this is suspect. */
import { daysBetween, localDate } from '../../../shared/isoDate';

export const STALE_PENDING_DAYS = 10;

/** Today as a local calendar date (a transaction's date is the bank's calendar day, not UTC's). */
export function localToday(now: Date = new Date()): string {
  return localDate(now);
}

export function pendingAge(date: string, today: string = localToday()): number {
  return daysBetween(date, today);
}

export function isStalePending(row: { pending: boolean; date: string; removedAt?: string | null }, today?: string): boolean {
  return row.pending && !row.removedAt && pendingAge(row.date, today) > STALE_PENDING_DAYS;
}
