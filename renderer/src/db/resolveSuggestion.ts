/**
 * The user's answer to a suggested pending → posted pair. Confirming merges it exactly as a
 * confident match would have at sync time: the posted row links to the pending one and inherits
 * its category and note, and the run's history is rewritten to one posting (matched by the user)
 * instead of an addition plus a removal. Rejecting keeps both rows as they are.
 */
import { diffFields } from './apply/writeRows';
import { inheritUserFields } from './rowFields';
import type { LedgerlineDb } from './schema';
import { notifyIndex } from '../index/notify';

export type SuggestionAnswer = 'confirm' | 'reject';

/** False if the suggestion is gone or already answered (another window, a double click). */
export async function resolveSuggestion(db: LedgerlineDb, postedId: string, answer: SuggestionAnswer, now: Date = new Date()): Promise<boolean> {
  const at = now.toISOString();
  const resolved = await db.transaction('rw', [db.suggestions, db.transactions, db.changes, db.syncRuns], async () => {
    const suggestion = await db.suggestions.get(postedId);
    if (!suggestion || suggestion.status !== 'open') return false;
    await db.suggestions.update(postedId, { status: answer === 'confirm' ? 'confirmed' : 'rejected', resolvedAt: at });
    if (answer === 'reject') return true;

    const [posted, pending] = await db.transactions.bulkGet([suggestion.postedId, suggestion.pendingId]);
    if (!posted || !pending) return true; // nothing left to merge; the answer is still recorded
    await db.transactions.update(posted.id, { ...inheritUserFields(posted, pending), postedFromId: pending.id, updatedAt: at });

    const inRun = (await db.changes.where('txId').anyOf([posted.id, pending.id]).toArray()).filter((c) => c.runId === suggestion.runId);
    const added = inRun.find((c) => c.txId === posted.id && c.kind === 'added');
    const removed = inRun.find((c) => c.txId === pending.id && c.kind === 'removed');
    if (added?.seq !== undefined) {
      await db.changes.update(added.seq, {
        kind: 'posted', relatedId: pending.id, fields: diffFields(pending, posted), match: { method: 'confirmed', confidence: 1 },
        // The pending row's before-image moves with it, so the sync can still be undone exactly.
        ...(removed?.before ? { before: removed.before } : {}),
      });
    }
    if (removed?.seq !== undefined) await db.changes.delete(removed.seq);
    const run = await db.syncRuns.get(suggestion.runId);
    if (run && added) {
      await db.syncRuns.update(run.id, { added: run.added - 1, posted: run.posted + 1, removed: run.removed - (removed ? 1 : 0) });
    }
    return true;
  });
  // The posted row inherited the pending one's category and note; it is now "posted" in its run.
  if (resolved && answer === 'confirm') notifyIndex(db, { ids: [postedId] });
  return resolved;
}
