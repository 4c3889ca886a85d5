/**
 * Applies one SyncUpdate in a single read-write transaction: rows, tombstones, the run record, its
 * changes and the new cursor commit together or not at all. An update that does not start at the
 * stored cursor (or whose pull was already applied) is stale and is dropped, which also makes
 * applying the same update twice a no-op.
 */
import { TRACKED_FIELDS, type ReplaceScope, type SyncTrigger, type SyncUpdate, type Transaction } from '../../../shared/types';
import { listKeyOf, type ChangeRow, type FieldChange, type LedgerlineDb, type TransactionRow } from './schema';

export type ApplyResult =
  | { outcome: 'stale'; storedCursor: string | null }
  | { outcome: 'applied'; runId: string; added: number; modified: number; removed: number; posted: number };

export function diffFields(before: Transaction, after: Transaction): FieldChange[] {
  const out: FieldChange[] = [];
  for (const field of TRACKED_FIELDS) {
    // An optional field that is absent is the same as null.
    const was = before[field] ?? null;
    const is = after[field] ?? null;
    if (was !== is) out.push({ field, before: was, after: is });
  }
  return out;
}

/** Two rows with this equal are the same transaction, whatever their ids (used for id churn). */
const contentKey = (t: Transaction) => JSON.stringify(TRACKED_FIELDS.map((f) => t[f] ?? null));

/** Live stored rows inside the scopes that the update does not restate: the provider dropped them. */
async function droppedInScopes(db: LedgerlineDb, scopes: ReplaceScope[], restated: Set<string>): Promise<string[]> {
  const dropped: string[] = [];
  for (const scope of scopes) {
    const rows = await db.transactions.where('accountId').anyOf(scope.accountIds).toArray();
    for (const r of rows) {
      if (r.removedAt !== null || restated.has(r.id)) continue;
      if (scope.pendingOnly && !r.pending) continue;
      if ((scope.from !== null && r.date < scope.from) || (scope.to !== null && r.date > scope.to)) continue;
      dropped.push(r.id);
    }
  }
  return dropped;
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

    const restated = new Set(update.upserts.map((t) => t.id));
    const removalIds = new Set([...update.removals, ...(await droppedInScopes(db, update.replace, restated))]);
    const existing = new Map<string, TransactionRow>();
    for (const row of await db.transactions.bulkGet([...restated, ...removalIds])) if (row) existing.set(row.id, row);

    const changes: ChangeRow[] = [];
    const change = (txId: string, kind: ChangeRow['kind'], fields: FieldChange[] = [], relatedId: string | null = null) =>
      changes.push({ runId, connectionId: update.connectionId, txId, kind, fields, relatedId, at: now });

    // Rows leaving the live set now (a removal of something already gone, or unknown, is a no-op).
    const leaving = new Map<string, TransactionRow>();
    for (const id of removalIds) {
      const prev = existing.get(id);
      if (prev && prev.removedAt === null && !restated.has(id)) leaving.set(id, prev);
    }
    // Rows the provider re-issued under a new id with identical content, by content (count-aware).
    const leavingByContent = new Map<string, string[]>();
    for (const [id, row] of leaving) leavingByContent.set(contentKey(row), [...(leavingByContent.get(contentKey(row)) ?? []), id]);

    const rows: TransactionRow[] = [];
    const explained = new Set<string>(); // leaving rows accounted for by a posted or re-identified successor
    for (const tx of update.upserts) {
      const prev = existing.get(tx.id);
      if (prev?.removedAt) continue; // a tombstone stays a tombstone
      let firstSeenAt = prev?.firstSeenAt ?? now;
      if (!prev) {
        const twin = leavingByContent.get(contentKey(tx))?.find((id) => !explained.has(id));
        if (tx.pendingId && leaving.has(tx.pendingId)) {
          explained.add(tx.pendingId);
          change(tx.id, 'posted', [], tx.pendingId);
        } else if (twin) {
          explained.add(twin);
          firstSeenAt = leaving.get(twin)?.firstSeenAt ?? now;
          change(tx.id, 'reidentified', [], twin);
        } else {
          change(tx.id, 'added');
        }
      } else {
        const fields = diffFields(prev, tx);
        if (fields.length === 0) continue;
        change(tx.id, 'modified', fields);
      }
      rows.push({ ...prev, ...tx, listKey: listKeyOf(tx), removedAt: null, firstSeenAt, updatedAt: now });
    }
    for (const [id, prev] of leaving) {
      const { listKey: _hidden, ...rest } = prev;
      rows.push({ ...rest, removedAt: now, updatedAt: now });
      if (!explained.has(id)) change(id, 'removed');
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
