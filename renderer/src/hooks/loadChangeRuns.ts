/**
 * Reads the Changes view's data: the newest runs that changed something, their changes, open
 * suggestions and the rows they name. Bounded: a page of runs, and at most CHANGES_PER_RUN changes
 * of each (a connection's first sync is an import of thousands and is summarized, not read).
 */
import { changesSeenUpTo } from '../db/changesSeen';
import type { ChangeRow, LedgerlineDb, SyncRunRow, TransactionRow } from '../db/schema';
import { buildRunView, type RunView } from '../ui/changes/runView';

export const CHANGES_PER_RUN = 400;

export interface ChangeRuns {
  runs: RunView[];
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
  const runs: SyncRunRow[] = page.slice(0, limit);
  const changesByRun = new Map<string, ChangeRow[]>();
  await Promise.all(
    runs.filter((r) => r.fromCursor !== null).map(async (r) => {
      changesByRun.set(r.id, await db.changes.where('runId').equals(r.id).limit(CHANGES_PER_RUN + 1).toArray());
    }),
  );
  const suggestions = await db.suggestions.where('runId').anyOf(runs.map((r) => r.id)).toArray();
  const ids = new Set<string>();
  for (const list of changesByRun.values()) {
    for (const c of list.slice(0, CHANGES_PER_RUN)) {
      ids.add(c.txId);
      if (c.relatedId) ids.add(c.relatedId);
    }
  }
  for (const s of suggestions) ids.add(s.postedId).add(s.pendingId);
  const rows = new Map<string, TransactionRow>();
  for (const row of await db.transactions.bulkGet([...ids])) if (row) rows.set(row.id, row);

  return {
    seenUpTo,
    newestFinishedAt: newest?.finishedAt ?? null,
    more: page.length > limit,
    runs: runs.map((run) => {
      const changes = changesByRun.get(run.id) ?? [];
      return buildRunView(run, changes.slice(0, CHANGES_PER_RUN), suggestions.filter((s) => s.runId === run.id), rows, changes.length > CHANGES_PER_RUN);
    }),
  };
}
