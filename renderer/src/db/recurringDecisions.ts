/**
 * The user's answers on recurring series (schema v9 `recurringDecisions`): confirm, dismiss, edit
 * (amount, cadence), or forget the answer (back to "as detected"). Each returns the row it
 * replaced so the view can undo; the ledger index is told, so the Recurring view re-asks.
 */
import type { Cadence } from '../../../shared/ledger/recurring';
import { notifyIndex } from '../index/notify';
import type { LedgerlineDb, RecurringDecisionRow } from './schema';

export type RecurringAnswer =
  | { kind: 'confirm' }
  | { kind: 'dismiss' }
  | { kind: 'edit'; amountMinor: number | null; cadence: Cadence | null }
  | { kind: 'reset' };

export async function answerRecurring(db: LedgerlineDb, seriesId: string, answer: RecurringAnswer, now: Date = new Date()): Promise<RecurringDecisionRow | null> {
  const at = now.toISOString();
  const before = await db.transaction('rw', db.recurringDecisions, async () => {
    const old = (await db.recurringDecisions.get(seriesId)) ?? null;
    if (answer.kind === 'reset') {
      await db.recurringDecisions.delete(seriesId);
    } else if (answer.kind === 'edit') {
      // An edit confirms the series too: the user looked at it and said what it is.
      await db.recurringDecisions.put({ seriesId, status: 'confirmed', amountMinor: answer.amountMinor, cadence: answer.cadence, at });
    } else {
      await db.recurringDecisions.put({
        seriesId, status: answer.kind === 'confirm' ? 'confirmed' : 'dismissed', amountMinor: old?.amountMinor ?? null, cadence: old?.cadence ?? null, at,
      });
    }
    return old;
  });
  notifyIndex(db, { decisions: true });
  return before;
}

/** Restores the answer a series had before (null: none). */
export async function restoreRecurring(db: LedgerlineDb, seriesId: string, before: RecurringDecisionRow | null): Promise<void> {
  await db.transaction('rw', db.recurringDecisions, async () => {
    if (before) await db.recurringDecisions.put(before);
    else await db.recurringDecisions.delete(seriesId);
  });
  notifyIndex(db, { decisions: true });
}
