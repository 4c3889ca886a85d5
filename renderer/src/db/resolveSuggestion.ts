/**
 * The user's answer to a suggested pending → posted pair. Confirming merges it exactly as a
 * confident match would have at sync time: the posted row links to the pending one and inherits
 * its category and note, and the run's history is rewritten to one posting (matched by the user)
 * instead of an addition plus a removal. Rejecting keeps both rows as they are. Either answer can
 * be undone (the review inbox's Undo) as long as nothing touched the pair since.
 */
import { diffFields } from './apply/writeRows';
import { changesOfRows, restoreChange, updateChange } from './changeLog';
import { inheritUserFields } from './rowFields';
import type { ChangeRow, LedgerlineDb, TransactionRow } from './schema';
import { notifyIndex } from '../index/notify';

export type SuggestionAnswer = 'confirm' | 'reject';

/** False if the suggestion is gone or already answered (another window, a double click). */
export async function resolveSuggestion(db: LedgerlineDb, postedId: string, answer: SuggestionAnswer, now: Date = new Date()): Promise<boolean> {
  return (await answerSuggestion(db, postedId, answer, now)) !== null;
}

/** What an answer changed, to put back: the rows exactly as they were before it. */
export interface SuggestionUndo {
  postedId: string;
  answer: SuggestionAnswer;
  at: string;
  /** Confirm only: the posted row, its "added" and the pending's "removed" change, and the run's count moves. */
  posted?: TransactionRow;
  added?: ChangeRow;
  removed?: ChangeRow;
  runId?: string;
}

/** Answers a suggestion; null if it is gone or already answered, else what Undo needs. */
export async function answerSuggestion(db: LedgerlineDb, postedId: string, answer: SuggestionAnswer, now: Date = new Date()): Promise<SuggestionUndo | null> {
  const at = now.toISOString();
  const resolved = await db.transaction('rw', [db.suggestions, db.transactions, db.changeSets, db.syncRuns], async (): Promise<SuggestionUndo | null> => {
    const suggestion = await db.suggestions.get(postedId);
    if (!suggestion || suggestion.status !== 'open') return null;
    await db.suggestions.update(postedId, { status: answer === 'confirm' ? 'confirmed' : 'rejected', resolvedAt: at });
    if (answer === 'reject') return { postedId, answer, at };

    const [posted, pending] = await db.transactions.bulkGet([suggestion.postedId, suggestion.pendingId]);
    if (!posted || !pending) return { postedId, answer, at }; // nothing left to merge; the answer is still recorded
    await db.transactions.update(posted.id, { ...inheritUserFields(posted, pending), postedFromId: pending.id, updatedAt: at });

    const inRun = (await changesOfRows(db, [posted.id, pending.id])).filter((c) => c.runId === suggestion.runId);
    const added = inRun.find((c) => c.txId === posted.id && c.kind === 'added');
    const removed = inRun.find((c) => c.txId === pending.id && c.kind === 'removed');
    if (added?.seq !== undefined) {
      await updateChange(db, added.seq, {
        kind: 'posted', relatedId: pending.id, fields: diffFields(pending, posted), match: { method: 'confirmed', confidence: 1 },
        // The pending row's before-image moves with it, so the sync can still be undone exactly.
        ...(removed?.before ? { before: removed.before } : {}),
      });
    }
    if (removed?.seq !== undefined) await updateChange(db, removed.seq, null);
    const run = await db.syncRuns.get(suggestion.runId);
    if (run && added) {
      await db.syncRuns.update(run.id, { added: run.added - 1, posted: run.posted + 1, removed: run.removed - (removed ? 1 : 0) });
    }
    return { postedId, answer, at, posted, runId: suggestion.runId, ...(added ? { added } : {}), ...(removed ? { removed } : {}) };
  });
  // The posted row inherited the pending one's category and note; it is now "posted" in its run.
  if (resolved && answer === 'confirm') notifyIndex(db, { ids: [postedId] });
  return resolved;
}

/**
 * Puts an answer back: the suggestion is open again and, for a confirm, the posted row, the run's
 * history and its counts are as they were. False (and nothing changed) when the answer is no longer
 * the last word on the pair — the suggestion was answered again, or the posted row changed since.
 */
export async function undoSuggestionAnswer(db: LedgerlineDb, undo: SuggestionUndo): Promise<boolean> {
  const done = await db.transaction('rw', [db.suggestions, db.transactions, db.changeSets, db.syncRuns], async () => {
    const suggestion = await db.suggestions.get(undo.postedId);
    const answered = undo.answer === 'confirm' ? 'confirmed' : 'rejected';
    if (!suggestion || suggestion.status !== answered || suggestion.resolvedAt !== undo.at) return false;
    if (undo.posted) {
      const now = await db.transactions.get(undo.postedId);
      if (!now || now.updatedAt !== undo.at) return false;
      await db.transactions.put(undo.posted);
    }
    if (undo.added) await restoreChange(db, undo.added);
    if (undo.removed) await restoreChange(db, undo.removed);
    const run = undo.runId === undefined ? undefined : await db.syncRuns.get(undo.runId);
    if (run && undo.added) {
      await db.syncRuns.update(run.id, { added: run.added + 1, posted: run.posted - 1, removed: run.removed + (undo.removed ? 1 : 0) });
    }
    await db.suggestions.update(undo.postedId, { status: 'open', resolvedAt: null });
    return true;
  });
  if (done && undo.posted) notifyIndex(db, { ids: [undo.postedId] });
  return done;
}
