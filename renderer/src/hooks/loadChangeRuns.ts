/**
 * Reads the Changes view's data in two steps, so the first screen never waits on the largest run:
 * the page of runs (records only: their counts say what each card holds), then each card's own
 * changes, open suggestions and the rows they name — all of them, however many (the card
 * virtualizes long sections). A connection's first sync is an import: no per-row changes are read.
 */
import { changesSeenUpTo } from '../db/changesSeen';
import type { ChangeRow, LedgerlineDb, SyncRunRow, TransactionRow } from '../db/schema';
import { buildRunView, type RunView } from '../ui/changes/runView';

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

/** One run, arranged for its card. */
export async function loadRunView(db: LedgerlineDb, run: SyncRunRow): Promise<RunView> {
  const [changes, suggestions] = await Promise.all([
    run.fromCursor === null ? Promise.resolve([] as ChangeRow[]) : db.changes.where('runId').equals(run.id).toArray(),
    db.suggestions.where('runId').equals(run.id).toArray(),
  ]);
  const ids = new Set<string>();
  for (const c of changes) {
    ids.add(c.txId);
    if (c.relatedId) ids.add(c.relatedId);
  }
  for (const s of suggestions) ids.add(s.postedId).add(s.pendingId);
  const rows = new Map<string, TransactionRow>();
  for (const row of await db.transactions.bulkGet([...ids])) if (row) rows.set(row.id, row);
  return buildRunView(run, changes, suggestions, rows);
}
