/**
 * Step 1 of applying an update: read what the update names. Reads are bulk and bounded by the
 * update — the rows it upserts, removes or links to (one bulkGet) and the live rows inside its
 * replace scopes (index ranges) — never the whole table.
 */
import type { SyncUpdate } from '../../../../shared/types';
import { droppedInScopes } from '../droppedInScopes';
import type { LedgerlineDb, TransactionRow } from '../schema';

export interface Named {
  /** The ids the update upserts. */
  restated: ReadonlySet<string>;
  /** Stored rows the update names or its scopes dropped, by id. */
  existing: ReadonlyMap<string, TransactionRow>;
  /** Live rows leaving the live set now: removed or dropped from a scope, and not restated. */
  leaving: ReadonlyMap<string, TransactionRow>;
  /** Pendings a posted row links to that left in an earlier update. */
  leftEarlier: readonly TransactionRow[];
}

export async function readNamed(db: LedgerlineDb, update: SyncUpdate): Promise<Named> {
  const restated = new Set(update.upserts.map((t) => t.id));
  const dropped = await droppedInScopes(db, update.replace, restated);
  const removalIds = new Set([...update.removals, ...dropped.map((r) => r.id)]);
  // Pendings a posted row links to that are in neither list: they may have left in an earlier update.
  const linked = update.upserts.flatMap((t) => (t.pendingId && !restated.has(t.pendingId) && !removalIds.has(t.pendingId) ? [t.pendingId] : []));
  const existing = new Map<string, TransactionRow>(dropped.map((r) => [r.id, r]));
  const toRead = [...restated, ...update.removals, ...linked].filter((id) => !existing.has(id));
  for (const row of await db.transactions.bulkGet(toRead)) if (row) existing.set(row.id, row);

  // Rows leaving the live set now (a removal of something already gone, or unknown, is a no-op).
  const leaving = new Map<string, TransactionRow>();
  for (const id of removalIds) {
    const prev = existing.get(id);
    if (prev && prev.removedAt === null && !restated.has(id)) leaving.set(id, prev);
  }
  const leftEarlier = linked.map((id) => existing.get(id)).filter((r): r is TransactionRow => r !== undefined && r.removedAt !== null && r.pending);
  return { restated, existing, leaving, leftEarlier };
}
