/**
 * Applies one SyncUpdate in a single read-write transaction: rows, tombstones, the run record, its
 * changes and the new cursor commit together or not at all. An update that does not start at the
 * stored cursor is stale (another window or an earlier attempt already applied it) and is dropped,
 * which also makes applying the same update twice a no-op.
 */
import { TRACKED_FIELDS, type SyncTrigger, type SyncUpdate, type Transaction } from '../../../shared/types';
import { listKeyOf, type ChangeRow, type FieldChange, type LedgerlineDb, type TransactionRow } from './schema';

export type ApplyResult =
  | { outcome: 'stale'; storedCursor: string | null }
  | { outcome: 'applied'; runId: string; added: number; modified: number; removed: number; posted: number };

export function diffFields(before: Transaction, after: Transaction): FieldChange[] {
  const out: FieldChange[] = [];
  for (const field of TRACKED_FIELDS) {
    if (before[field] !== after[field]) out.push({ field, before: before[field], after: after[field] });
  }
  return out;
}

export async function applyUpdate(
  db: LedgerlineDb,
  update: SyncUpdate,
  meta: { trigger: SyncTrigger; startedAt: string; now?: () => Date },
): Promise<ApplyResult> {
  const now = (meta.now ?? (() => new Date()))().toISOString();
  return db.transaction('rw', [db.cursors, db.accounts, db.transactions, db.syncRuns, db.changes], async () => {
    const stored = (await db.cursors.get(update.connectionId))?.cursor ?? null;
    // Stale: another window (or an earlier attempt) moved the cursor, or already applied this very
    // pull — the second check catches an update that changed nothing and so left the cursor alone.
    if (stored !== update.fromCursor || (await db.syncRuns.get(update.pullId))) {
      return { outcome: 'stale', storedCursor: stored };
    }

    const runId = update.pullId;
    const ids = [...update.upserts.map((t) => t.id), ...update.removals];
    const existing = new Map<string, TransactionRow>();
    for (const row of await db.transactions.bulkGet(ids)) if (row) existing.set(row.id, row);

    const removedNow = new Set(update.removals.filter((id) => existing.get(id)?.removedAt === null));
    const rows: TransactionRow[] = [];
    const changes: ChangeRow[] = [];
    const change = (txId: string, kind: ChangeRow['kind'], fields: FieldChange[] = [], pendingId: string | null = null) =>
      changes.push({ runId, connectionId: update.connectionId, txId, kind, fields, pendingId, at: now });
    const postedFrom = new Set<string>();

    for (const tx of update.upserts) {
      const prev = existing.get(tx.id);
      if (prev?.removedAt) continue; // a tombstone stays a tombstone
      if (!prev) {
        if (tx.pendingId && removedNow.has(tx.pendingId)) {
          postedFrom.add(tx.pendingId);
          change(tx.id, 'posted', [], tx.pendingId);
        } else {
          change(tx.id, 'added');
        }
      } else {
        const fields = diffFields(prev, tx);
        if (fields.length === 0) continue;
        change(tx.id, 'modified', fields);
      }
      rows.push({
        ...prev,
        ...tx,
        listKey: listKeyOf(tx),
        removedAt: null,
        firstSeenAt: prev?.firstSeenAt ?? now,
        updatedAt: now,
      });
    }
    for (const id of removedNow) {
      const prev = existing.get(id);
      if (!prev) continue;
      const { listKey: _hidden, ...rest } = prev;
      rows.push({ ...rest, removedAt: now, updatedAt: now });
      if (!postedFrom.has(id)) change(id, 'removed');
    }

    const count = (kind: ChangeRow['kind']) => changes.filter((c) => c.kind === kind).length;
    await db.transactions.bulkPut(rows);
    await db.accounts.bulkPut(update.accounts.map((a) => ({ ...a, updatedAt: now })));
    await db.changes.bulkAdd(changes);
    const result = { added: count('added'), modified: count('modified'), removed: count('removed'), posted: count('posted') };
    await db.syncRuns.add({
      id: runId, connectionId: update.connectionId, trigger: meta.trigger, startedAt: meta.startedAt, finishedAt: now,
      fromCursor: update.fromCursor, nextCursor: update.nextCursor, pages: update.pages, restarts: update.restarts, ...result,
    });
    await db.cursors.put({ connectionId: update.connectionId, cursor: update.nextCursor, updatedAt: now });
    return { outcome: 'applied', runId, ...result };
  });
}
