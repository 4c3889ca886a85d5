/**
 * Undoing one applied sync, locally, from its change log: the rows it added go, the rows it
 * modified or removed come back from their before-images (`ChangeRow.before`), a pending → posted
 * merge splits again (the posted row goes, the pending comes back with its note and category) and a
 * re-identified row gets its old id back. The user's own fields survive: a category or note set
 * after the sync stays, on the row that comes back. The cursor does not move: the provider is not
 * asked again, so the next sync continues from where it was (see "Undo a sync" in
 * docs/ARCHITECTURE.md for what each provider sends next).
 *
 * An undo is refused, never half done, when it cannot be exact: a first sync (an import records no
 * per-row changes: remove the connection instead), a run recorded before undo existed (no
 * before-images), a run already undone, an undo itself, or a run a later sync built on — a later
 * change to one of the rows it touched blocks it, named, unless that later sync was undone too.
 *
 * Everything commits in one read-write transaction: the rows, the undo's own run record and change
 * log (so Changes shows what it did), the undone run's mark and the connection's live-row count.
 */
import { notifyIndex } from '../index/notify';
import { diffFields } from './apply/writeRows';
import { addRunChanges, changesAfter, runChanges } from './changeLog';
import { sameUserValue, USER_FIELDS } from './rowFields';
import { moveImpliedForUndo } from './apply/balanceCheck';
import { moveManualBalances } from './manualAccounts';
import type { ChangeRow, LedgerlineDb, SyncRunRow, TransactionRow } from './schema';

/** The later change that stops an undo, and the run it belongs to. */
export interface RevertBlocker {
  run: SyncRunRow;
  change: ChangeRow;
  /** The row's description, to name it ("Starbucks"); null when the row is gone. */
  description: string | null;
}

export type RevertRefusal =
  | { kind: 'missing' }
  /** A first sync (an import): undone by removing the connection. */
  | { kind: 'import' }
  /** An undo is not itself undone. */
  | { kind: 'isRevert' }
  | { kind: 'alreadyReverted'; revertedAt: string | null }
  | { kind: 'noChanges' }
  /** Recorded before undo existed: a change that needs a before-image has none. */
  | { kind: 'noImages' }
  | { kind: 'blocked'; by: RevertBlocker };

/** What an undo will do, in the counts its confirm step states. */
export interface RevertCounts {
  /** Rows the sync added that will be deleted (merged postings and re-issued ids included). */
  deleted: number;
  /** Rows put back as they were (field values, pending state, removed rows live again). */
  restored: number;
  /** Of the deleted rows, those carrying a category or note the user set on them after the sync. */
  deletedWithUserFields: number;
}

export interface RevertPlan {
  run: SyncRunRow;
  cursor: string;
  counts: RevertCounts;
  /** Final state per id: a row to put, or null to delete. */
  final: Map<string, TransactionRow | null>;
  /** The undo's own change log (without runId / at, filled in when written). */
  log: Omit<ChangeRow, 'runId' | 'at'>[];
  liveDelta: number;
}

export type RevertResult = { outcome: 'reverted'; revertRunId: string; counts: RevertCounts } | { outcome: 'refused'; refusal: RevertRefusal };

/** The id of the run recording the undo of `runId` (a run is undone at most once). */
export const revertRunId = (runId: string) => `revert:${runId}`;

const isLive = (row: TransactionRow | null | undefined) => row?.listKey !== undefined;

const hasUserFields = (row: TransactionRow) => USER_FIELDS.some((f) => (row[f] ?? null) !== null);

/**
 * The image put back, with the user's fields as they are now: `holder` is the row that carries
 * them today (the same row, or the posted / re-issued row that inherited them). A field that
 * differs from the image's was set by the user after the sync, and wins.
 */
function restored(image: TransactionRow, holder: TransactionRow | undefined): TransactionRow {
  const row: TransactionRow = { ...image };
  if (!holder) return row;
  let edited = false;
  const take = <K extends (typeof USER_FIELDS)[number]>(field: K) => {
    row[field] = (holder[field] ?? null) as TransactionRow[K];
  };
  for (const field of USER_FIELDS) {
    if (!sameUserValue(holder[field], image[field])) {
      take(field);
      edited = true;
    }
  }
  if (edited) row.updatedAt = holder.updatedAt;
  return row;
}

/** Every id a change touched: the row itself and the row it continued. */
const touchedIds = (c: ChangeRow) => (c.relatedId !== null && c.relatedId !== c.txId ? [c.txId, c.relatedId] : [c.txId]);

/** Reads what undoing `runId` would do, or why it cannot be done. Writes nothing. */
export async function planRevert(db: LedgerlineDb, runId: string): Promise<{ ok: true; plan: RevertPlan } | { ok: false; refusal: RevertRefusal }> {
  const refuse = (refusal: RevertRefusal) => ({ ok: false as const, refusal });
  const run = await db.syncRuns.get(runId);
  if (!run) return refuse({ kind: 'missing' });
  if (run.kind === 'revert') return refuse({ kind: 'isRevert' });
  if (run.revertedBy) return refuse({ kind: 'alreadyReverted', revertedAt: run.revertedAt ?? null });
  if (run.fromCursor === null) return refuse({ kind: 'import' });
  const cursor = await db.cursors.get(run.connectionId);
  if (!cursor) return refuse({ kind: 'missing' });
  const changes = await runChanges(db, runId);
  if (changes.length === 0) return refuse({ kind: 'noChanges' });
  if (changes.some((c) => c.kind !== 'added' && !c.before)) return refuse({ kind: 'noImages' });

  const ids = new Set(changes.flatMap(touchedIds));
  const blocker = await laterChange(db, changes, ids);
  if (blocker) return refuse({ kind: 'blocked', by: blocker });

  const idList = [...ids];
  const current = new Map<string, TransactionRow>();
  for (const row of await db.transactions.bulkGet(idList)) if (row) current.set(row.id, row);
  const final = new Map<string, TransactionRow | null>();
  const counts: RevertCounts = { deleted: 0, restored: 0, deletedWithUserFields: 0 };
  const drop = (id: string) => {
    const row = current.get(id);
    if (!row || final.get(id) === null) return;
    final.set(id, null);
    counts.deleted++;
    if (hasUserFields(row)) counts.deletedWithUserFields++;
  };
  const putBack = (image: TransactionRow, holder: TransactionRow | undefined) => {
    final.set(image.id, restored(image, holder));
  };
  for (const c of changes) {
    const now = current.get(c.txId);
    switch (c.kind) {
      case 'added':
        drop(c.txId);
        break;
      case 'modified':
      case 'removed':
        if (c.before) putBack(c.before, now);
        break;
      case 'posted':
      case 'reidentified':
        if (!c.before) break;
        if (c.before.id === c.txId) {
          putBack(c.before, now); // posted in place: the same row, pending again
        } else {
          drop(c.txId); // the posted (or re-issued) row goes; its predecessor comes back
          putBack(c.before, now);
        }
        break;
    }
  }

  // The undo's own log, and what it does to the live count.
  const log: RevertPlan['log'] = [];
  let liveDelta = 0;
  for (const [id, row] of final) {
    const was = current.get(id);
    liveDelta += (isLive(row) ? 1 : 0) - (isLive(was) ? 1 : 0);
    const base = { connectionId: run.connectionId, txId: id, relatedId: null, fields: [] };
    if (row === null) {
      if (was) log.push({ ...base, kind: 'removed', before: was });
    } else if (!isLive(was) && isLive(row)) {
      counts.restored++;
      log.push({ ...base, kind: 'added', ...(was ? { before: was } : {}) });
    } else if (was) {
      const fields = diffFields(was, row);
      if (fields.length === 0 && isLive(was) === isLive(row)) continue; // already as it was (a pending that left earlier)
      counts.restored++;
      log.push({ ...base, kind: isLive(row) ? 'modified' : 'removed', fields, before: was });
    }
  }
  return { ok: true, plan: { run, cursor: cursor.cursor, counts, final, log, liveDelta } };
}

/**
 * The first change recorded after the run that touched one of its rows, unless it belongs to a run
 * that was itself undone (or is an undo: it put back exactly what the undone run had changed).
 * Changes are keyed by an ever-growing `seq`, so "after" is the range above the run's last one.
 */
async function laterChange(db: LedgerlineDb, changes: readonly ChangeRow[], ids: ReadonlySet<string>): Promise<RevertBlocker | null> {
  const last = changes.reduce((m, c) => Math.max(m, c.seq ?? 0), 0); // not a spread: a run may hold 100k changes
  const later = (await changesAfter(db, last)).filter((c) => touchedIds(c).some((id) => ids.has(id)));
  if (later.length === 0) return null;
  const runIds = [...new Set(later.map((c) => c.runId))];
  const runs = new Map<string, SyncRunRow>();
  for (const r of await db.syncRuns.bulkGet(runIds)) if (r) runs.set(r.id, r);
  for (const change of later) {
    const run = runs.get(change.runId);
    if (!run || run.revertedBy || run.kind === 'revert') continue;
    const row = (await db.transactions.get(change.txId)) ?? change.before;
    return { run, change, description: row?.description ?? null };
  }
  return null;
}

/** How each account's live rows move, in sum, from `current` to `final` (manual accounts' balances follow). */
function balanceDeltas(current: ReadonlyMap<string, TransactionRow>, final: ReadonlyMap<string, TransactionRow | null>): Map<string, number> {
  const deltas = new Map<string, number>();
  const add = (row: TransactionRow | null | undefined, sign: 1 | -1) => {
    if (row && isLive(row)) deltas.set(row.accountId, (deltas.get(row.accountId) ?? 0) + sign * row.amountMinor);
  };
  for (const [id, row] of final) {
    add(current.get(id), -1);
    add(row, 1);
  }
  return deltas;
}

/** Every table an undo writes, for its one read-write transaction. */
const revertTables = (db: LedgerlineDb) => [db.cursors, db.transactions, db.syncRuns, db.changeSets, db.suggestions, db.balances, db.accounts];

/** Undoes the run `runId` (see the module header); refused with the reason when it cannot be exact. */
export async function revertRun(db: LedgerlineDb, runId: string, now: Date = new Date()): Promise<RevertResult> {
  const at = now.toISOString();
  const result = await db.transaction('rw', revertTables(db), async (): Promise<RevertResult & { touched?: string[] }> => {
    const planned = await planRevert(db, runId);
    if (!planned.ok) return { outcome: 'refused', refusal: planned.refusal };
    const { plan } = planned;
    const { run } = plan;
    const id = revertRunId(run.id);
    const toDelete = [...plan.final].flatMap(([txId, row]) => (row === null ? [txId] : []));
    const toPut = [...plan.final.values()].filter((row): row is TransactionRow => row !== null);
    const log: ChangeRow[] = plan.log.map((c) => ({ ...c, runId: id, at }));
    const count = (kind: ChangeRow['kind']) => log.filter((c) => c.kind === kind).length;
    const cursorRow = await db.cursors.get(run.connectionId);
    // The balance check's implied balances move with the rows, as after any apply (balanceCheck.ts).
    const current = new Map((await db.transactions.bulkGet([...plan.final.keys()])).flatMap((r) => (r ? [[r.id, r] as const] : [])));
    // An import (db/importFile.ts) never moved them: older history does not change the bank's balance.
    if (run.kind !== 'import') await moveImpliedForUndo(db, current, plan.final);
    // A manual account's stored balance moves with its rows, both ways (db/manualAccounts.ts).
    await moveManualBalances(db, balanceDeltas(current, plan.final), at);
    await Promise.all([
      db.transactions.bulkDelete(toDelete),
      db.transactions.bulkPut(toPut),
      // Its suggestions were about rows that go or come back: the pairs no longer exist.
      db.suggestions.where('runId').equals(run.id).delete(),
      addRunChanges(db, id, run.connectionId, log),
      db.syncRuns.add({
        id, connectionId: run.connectionId, trigger: 'manual', startedAt: at, finishedAt: at, fromCursor: plan.cursor, nextCursor: plan.cursor,
        outcome: log.length > 0 ? 'changes' : 'up_to_date', added: count('added'), modified: count('modified'), removed: count('removed'),
        posted: 0, reidentified: 0, suggested: 0, pages: 0, restarts: 0, kind: 'revert', revertOf: run.id,
      }),
      db.syncRuns.update(run.id, { revertedBy: id, revertedAt: at }),
      // The cursor itself stays; only the live-row count kept beside it moves with the rows.
      cursorRow?.liveRows === undefined ? Promise.resolve() : db.cursors.update(run.connectionId, { liveRows: cursorRow.liveRows + plan.liveDelta }),
    ]);
    return { outcome: 'reverted', revertRunId: id, counts: plan.counts, touched: [...plan.final.keys()] };
  });
  // Committed: the ledger index may re-read the rows (a deleted id is dropped from it).
  if (result.outcome === 'reverted') {
    notifyIndex(db, { ids: result.touched ?? [] });
    return { outcome: 'reverted', revertRunId: result.revertRunId, counts: result.counts };
  }
  return result;
}
