/**
 * One transaction with its whole history across syncs: every change recorded for it and for the
 * rows it descends from (its pending predecessor, ids it was re-issued under), newest first.
 */
import { changesOfRows } from '../../db/changeLog';
import type { ChangeRow, LedgerlineDb, SuggestionRow, SyncRunRow, TransactionRow } from '../../db/schema';

export interface HistoryEvent {
  change: ChangeRow;
  run: SyncRunRow | undefined;
  /** The row the change is about (this one or a predecessor). */
  row: TransactionRow | undefined;
}

export interface TransactionDetailData {
  row: TransactionRow;
  /** The pending row this one posted from, when that was another row. */
  predecessor: TransactionRow | undefined;
  history: HistoryEvent[];
  /** An unanswered suggestion pairing this row with a pending one. */
  suggestion: SuggestionRow | undefined;
}

/** A chain of predecessors is short; this bounds a corrupt cycle. */
const MAX_HOPS = 6;

export async function loadTransactionDetail(db: LedgerlineDb, id: string): Promise<TransactionDetailData | null> {
  const row = await db.transactions.get(id);
  if (!row) return null;
  const ids = new Set([id]);
  let frontier = [row.postedFromId, row.pendingId].filter((x): x is string => typeof x === 'string' && !ids.has(x));
  const changes = new Map<number, ChangeRow>();
  for (const c of await changesOfRows(db, [id])) if (c.seq !== undefined) changes.set(c.seq, c);
  for (const c of changes.values()) if (c.relatedId && !ids.has(c.relatedId)) frontier.push(c.relatedId);
  for (let hop = 0; hop < MAX_HOPS && frontier.length > 0; hop++) {
    frontier.forEach((x) => ids.add(x));
    const found = await changesOfRows(db, frontier);
    frontier = [];
    for (const c of found) {
      if (c.seq !== undefined) changes.set(c.seq, c);
      if (c.relatedId && !ids.has(c.relatedId)) frontier.push(c.relatedId);
    }
  }
  const rows = new Map<string, TransactionRow>();
  for (const r of await db.transactions.bulkGet([...ids])) if (r) rows.set(r.id, r);
  const list = [...changes.values()];
  const runs = new Map<string, SyncRunRow>();
  for (const r of await db.syncRuns.bulkGet([...new Set(list.map((c) => c.runId))])) if (r) runs.set(r.id, r);
  // A connection's first sync is recorded as one import, without a change per row: a row it
  // brought in (or a predecessor it did) starts its history with that import.
  // (A row an undo brought back was not introduced by it.)
  const introduced = new Set(list.filter((c) => c.kind !== 'modified' && c.kind !== 'removed' && runs.get(c.runId)?.kind !== 'revert').map((c) => c.txId));
  const imported = [...rows.values()].filter((r) => !introduced.has(r.id));
  for (const connectionId of new Set(imported.map((r) => r.connectionId))) {
    const importRun = (await db.syncRuns.where('connectionId').equals(connectionId).toArray()).find((r) => r.fromCursor === null);
    if (!importRun) continue;
    runs.set(importRun.id, importRun);
    for (const r of imported.filter((x) => x.connectionId === connectionId)) {
      list.push({ runId: importRun.id, connectionId, txId: r.id, kind: 'added', fields: [], relatedId: null, at: r.firstSeenAt });
    }
  }
  const suggestion = await db.suggestions.get(id);
  const predecessorId = row.postedFromId && row.postedFromId !== id ? row.postedFromId : (row.pendingId ?? undefined);

  return {
    row,
    predecessor: predecessorId ? rows.get(predecessorId) : undefined,
    suggestion: suggestion?.status === 'open' ? suggestion : undefined,
    history: list
      .sort((a, b) => b.at.localeCompare(a.at) || (b.seq ?? 0) - (a.seq ?? 0))
      .map((change) => ({ change, run: runs.get(change.runId), row: rows.get(change.txId) })),
  };
}
