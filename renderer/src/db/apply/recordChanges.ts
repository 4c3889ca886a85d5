/**
 * Step 4 of applying an update: record the changes — the run's change log (one ChangeRow per row
 * that changed, as step 3 decided, stored packed: changeLog.ts), the pending → posted pairs left for the user to confirm, and
 * the counts the run record carries.
 */
import type { SyncUpdate } from '../../../../shared/types';
import { addRunChanges } from '../changeLog';
import type { ChangeRow, LedgerlineDb, SuggestionRow } from '../schema';
import type { ApplyCounts } from './runRecorder';
import type { RowPlan } from './writeRows';

export interface ChangeLog {
  runId: string;
  connectionId: string;
  changes: ChangeRow[];
  suggestions: SuggestionRow[];
  counts: ApplyCounts;
}

export function changeLog(update: SyncUpdate, plan: RowPlan, now: string): ChangeLog {
  const { pullId: runId, connectionId } = update;
  const changes = plan.changes.map(({ txId, kind, ...rest }): ChangeRow => ({ runId, connectionId, txId, kind, fields: [], relatedId: null, ...rest, at: now }));
  const suggestions = plan.suggested.map(({ postedId, match }): SuggestionRow => ({
    postedId, pendingId: match.pendingId, runId, connectionId, method: match.method,
    confidence: match.confidence, reason: match.reason, daysToPost: match.daysToPost, status: 'open', createdAt: now, resolvedAt: null,
  }));
  const count = (kind: ChangeRow['kind']) => changes.filter((c) => c.kind === kind).length;
  const counts: ApplyCounts = {
    added: count('added'), modified: count('modified'), removed: count('removed'), posted: count('posted'),
    reidentified: count('reidentified'), suggested: suggestions.length,
  };
  return { runId, connectionId, changes, suggestions, counts };
}

/** Issues the change log, then the suggestions (the caller awaits them with its other writes). */
export function recordChanges(db: LedgerlineDb, log: ChangeLog): Promise<unknown> {
  return Promise.all([addRunChanges(db, log.runId, log.connectionId, log.changes), db.suggestions.bulkAdd(log.suggestions)]);
}
