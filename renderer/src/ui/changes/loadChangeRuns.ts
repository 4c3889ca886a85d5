/**
 * Reads the Changes view's data in steps, so the first screen never waits on the largest run: the
 * page of runs (records only: their counts say what each card holds), then each card's own changes,
 * open suggestions and the rows they name — a bounded first read, then all of them, however many
 * (the card virtualizes long sections). A first sync is an import: no per-row changes are read.
 */
import { runChanges } from '../../db/changeLog';
import { changesSeenUpTo } from '../../db/changesSeen';
import type { ChangeRow, LedgerlineDb, SyncRunRow, TransactionRow } from '../../db/schema';
import { buildRunView, type RunView } from './runView';

export interface ChangeRuns {
  runs: SyncRunRow[];
  /** Older runs exist beyond this page. */
  more: boolean;
  /** The marker as stored when this was read (runs that finished later are unread). */
  seenUpTo: string;
  /** The newest run of any kind, to mark the view seen up to. */
  newestFinishedAt: string | null;
}

export async function loadChangeRuns(db: LedgerlineDb, limit: number): Promise<ChangeRuns> {
  const [seenUpTo, newest, page] = await Promise.all([
    changesSeenUpTo(db),
    db.syncRuns.orderBy('finishedAt').last(),
    db.syncRuns.orderBy('finishedAt').reverse().filter((r) => r.outcome === 'changes').limit(limit + 1).toArray(),
  ]);
  return { seenUpTo, newestFinishedAt: newest?.finishedAt ?? null, more: page.length > limit, runs: page.slice(0, limit) };
}

/**
 * One run, arranged for its card. With `first`, a quick first read for the first screen: the run's
 * first and last `first` changes (removals are written last), `complete` only if that was all of
 * them; the card then reads the whole run behind it.
 */
export async function loadRunView(db: LedgerlineDb, run: SyncRunRow, first?: number): Promise<RunView> {
  const suggestionsRead = db.suggestions.where('runId').equals(run.id).toArray();
  let changes: ChangeRow[] = [];
  let complete = true;
  if (run.fromCursor !== null) {
    if (first === undefined) {
      changes = await runChanges(db, run.id);
    } else {
      // Both ends at once: a small run is read whole by the first, the tail is then ignored.
      const [head, tail] = await Promise.all([runChanges(db, run.id, { limit: first + 1 }), runChanges(db, run.id, { limit: first, fromEnd: true })]);
      if (head.length > first) {
        complete = false;
        const shown = head.slice(0, first);
        const seen = new Set(shown.map((c) => c.seq));
        changes = [...shown, ...tail.filter((c) => !seen.has(c.seq))];
      } else {
        changes = head;
      }
    }
  }
  const suggestions = await suggestionsRead;
  const ids = new Set<string>();
  for (const c of changes) {
    ids.add(c.txId);
    if (c.relatedId) ids.add(c.relatedId);
  }
  for (const s of suggestions) ids.add(s.postedId).add(s.pendingId);
  const rows = new Map<string, TransactionRow>();
  const wanted = [...ids];
  for (let i = 0; i < wanted.length; i += CHUNK) {
    for (const row of await db.transactions.bulkGet(wanted.slice(i, i + CHUNK))) if (row) rows.set(row.id, row);
  }
  // Rows an undo deleted are gone from the table: they show as they were when it deleted them
  // (the undo's own log keeps each one's image, and so does an undone run's undo).
  const images = run.revertedBy ? await runChanges(db, run.revertedBy) : [];
  for (const c of [...changes, ...images]) if (c.before && c.before.id === c.txId && ids.has(c.txId) && !rows.has(c.txId)) rows.set(c.txId, c.before);
  return { ...buildRunView(run, changes, suggestions, rows), complete };
}

/** Rows are read in chunks, so the page paints between them instead of freezing on one. */
const CHUNK = 2_000;
