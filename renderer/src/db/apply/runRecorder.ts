/**
 * The run recorder: how an apply starts — from the stored cursor, or not at all when the update is
 * stale — and how it ends: the syncRuns record and the new cursor, written last in the apply's
 * transaction so they commit with the rows or not at all. applyUpdate and applyStream's import
 * both record their run here, so an applied update is recorded one way.
 */
import type { SyncTrigger, SyncUpdate } from '../../../../shared/types';
import type { LedgerlineDb, SyncRunRow } from '../schema';

export type ApplyCounts = Pick<SyncRunRow, 'added' | 'modified' | 'removed' | 'posted' | 'reidentified' | 'suggested'>;

/** Every table an apply writes (or reads: the connection's provider), for its one read-write transaction. */
export const applyTables = (db: LedgerlineDb) => [db.cursors, db.accounts, db.transactions, db.syncRuns, db.changeSets, db.suggestions, db.connections, db.heldUpdates, db.meta, db.balanceChecks, db.balances];

/** The meta key of the ledger's write sequence (see nextLedgerSeq). */
export const LEDGER_SEQ_KEY = 'ledgerSeq';

/**
 * Numbers each applied update: 1, 2, 3… in commit order (read and written inside the apply's
 * read-write transaction, which IndexedDB runs one after another). The search index applies the
 * rows an update wrote straight from its notification when the number follows the last one it
 * saw, and re-reads them otherwise (ledgerIndex.worker.ts), so notifications that arrive out of
 * order never leave an older row in the index.
 */
export async function nextLedgerSeq(db: LedgerlineDb): Promise<number> {
  const seq = Number((await db.meta.get(LEDGER_SEQ_KEY))?.value ?? '0') + 1;
  await db.meta.put({ key: LEDGER_SEQ_KEY, value: String(seq) });
  return seq;
}

export type RunStart =
  | { outcome: 'stale'; storedCursor: string | null }
  /** The connection's live-row count before the update, when it is known. */
  | { outcome: 'fresh'; liveRows: number | undefined };

export async function startRun(db: LedgerlineDb, update: SyncUpdate): Promise<RunStart> {
  const storedCursor = await db.cursors.get(update.connectionId);
  const stored = storedCursor?.cursor ?? null;
  // Stale: another window (or an earlier attempt) moved the cursor, or already applied this very
  // pull — the second check catches an update that changed nothing and so left the cursor alone.
  if (stored !== update.fromCursor || (await db.syncRuns.get(update.pullId))) {
    return { outcome: 'stale', storedCursor: stored };
  }
  // A first apply starts from zero when the connection has no rows yet (the usual case), else the
  // count is unknown and stays so.
  if (storedCursor) return { outcome: 'fresh', liveRows: storedCursor.liveRows };
  const rows = await db.transactions.where('connectionId').equals(update.connectionId).count();
  return { outcome: 'fresh', liveRows: rows === 0 ? 0 : undefined };
}

export interface RunEnd {
  update: SyncUpdate;
  trigger: SyncTrigger;
  startedAt: string;
  finishedAt: string;
  counts: ApplyCounts;
  /** Whether the update changed any transaction (the run's outcome). */
  changed: boolean;
  /** The connection's live rows after the update; undefined when unknown. */
  liveRows: number | undefined;
  /** The apply's timestamp, the cursor's `updatedAt`. */
  now: string;
}

/** Issues the run record, then the cursor (the caller awaits it with its other writes). */
export function commitRun(db: LedgerlineDb, run: RunEnd): Promise<unknown> {
  const { update, liveRows } = run;
  return Promise.all([
    db.syncRuns.add({
      id: update.pullId, connectionId: update.connectionId, trigger: run.trigger, startedAt: run.startedAt, finishedAt: run.finishedAt,
      fromCursor: update.fromCursor, nextCursor: update.nextCursor, pages: update.pages, restarts: update.restarts,
      outcome: run.changed ? 'changes' : 'up_to_date', ...run.counts,
    }),
    db.cursors.put({ connectionId: update.connectionId, cursor: update.nextCursor, updatedAt: run.now, ...(liveRows === undefined ? {} : { liveRows }) }),
  ]);
}
