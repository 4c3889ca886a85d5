/**
 * Applies one SyncUpdate in a single read-write transaction: rows, tombstones, the run record, its
 * changes, pending → posted suggestions and the new cursor commit together or not at all. An
 * update that does not start at the stored cursor (or whose pull was already applied) is stale and
 * is dropped, which also makes applying the same update twice a no-op.
 *
 * Reads are bulk and bounded by the update: the rows it names (one bulkGet) and the rows inside
 * its replace scopes (index ranges). Reconciliation runs over those alone, never the whole table.
 */
import { reconcilePending, type PendingMatch } from '../../../shared/reconcile/reconcilePending';
import { TRACKED_FIELDS, type SyncTrigger, type SyncUpdate, type Transaction } from '../../../shared/types';
import { droppedInScopes } from './droppedInScopes';
import { listKeyOf, pendingKeyOf } from './keys';
import { inheritUserFields, providerFields, userFieldsOf } from './rowFields';
import type { ChangeRow, FieldChange, LedgerlineDb, SuggestionRow, SyncRunRow, TransactionRow } from './schema';

export type ApplyCounts = Pick<SyncRunRow, 'added' | 'modified' | 'removed' | 'posted' | 'reidentified' | 'suggested'>;

export type ApplyResult =
  | { outcome: 'stale'; storedCursor: string | null }
  | ({ outcome: 'applied'; runId: string } & ApplyCounts);

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

/** The stored form of a provider row: its fields, the carried local ones, and the derived keys. */
export function storedRow(tx: Transaction, carried: Partial<TransactionRow>, firstSeenAt: string, now: string): TransactionRow {
  const row: TransactionRow = { ...carried, ...providerFields(tx), listKey: listKeyOf(tx), removedAt: null, firstSeenAt, updatedAt: now };
  if (tx.pending) row.pendingKey = pendingKeyOf(tx);
  return row;
}

/** A row leaving the live set: kept for history, out of every list and scope index. */
function tombstone(row: TransactionRow, now: string): TransactionRow {
  const { listKey: _list, pendingKey: _pending, ...rest } = row;
  return { ...rest, removedAt: now, updatedAt: now };
}

export async function applyUpdate(
  db: LedgerlineDb,
  update: SyncUpdate,
  meta: { trigger: SyncTrigger; startedAt: string; now?: () => Date },
): Promise<ApplyResult> {
  const now = (meta.now ?? (() => new Date()))().toISOString();
  const tables = [db.cursors, db.accounts, db.transactions, db.syncRuns, db.changes, db.suggestions];
  return db.transaction('rw', tables, async () => {
    const storedCursor = await db.cursors.get(update.connectionId);
    const stored = storedCursor?.cursor ?? null;
    // Stale: another window (or an earlier attempt) moved the cursor, or already applied this very
    // pull — the second check catches an update that changed nothing and so left the cursor alone.
    if (stored !== update.fromCursor || (await db.syncRuns.get(update.pullId))) {
      return { outcome: 'stale', storedCursor: stored };
    }
    const runId = update.pullId;
    // The connection's live-row count before this update; a first apply starts from zero when the
    // connection has no rows yet (the usual case), else it is unknown and stays so.
    const base = storedCursor ? storedCursor.liveRows : (await db.transactions.where('connectionId').equals(update.connectionId).count()) === 0 ? 0 : undefined;

    // ─── Read what the update touches ─────────────────────────────────────────────────────────
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
    const leftEarlierIds = new Set(leftEarlier.map((r) => r.id));

    // ─── Classify the upserts ─────────────────────────────────────────────────────────────────
    const fresh: Transaction[] = [];
    const flipped: { before: TransactionRow; after: Transaction }[] = [];
    for (const tx of update.upserts) {
      const prev = existing.get(tx.id);
      if (prev?.removedAt) continue; // a tombstone stays a tombstone
      if (!prev) fresh.push(tx);
      else if (prev.pending && !tx.pending) flipped.push({ before: prev, after: tx });
    }

    // Rows the provider re-issued under a new id with identical content, by content (count-aware).
    // A leaving row some new row links to is that row's predecessor, never a twin.
    const linkTargets = new Set(fresh.flatMap((t) => (t.pendingId ? [t.pendingId] : [])));
    const leavingByContent = new Map<string, string[]>();
    for (const [id, row] of leaving) {
      if (linkTargets.has(id)) continue;
      const key = contentKey(row);
      leavingByContent.set(key, [...(leavingByContent.get(key) ?? []), id]);
    }
    const twinOf = new Map<string, string>();
    const explained = new Set<string>(); // leaving rows accounted for by a successor
    for (const tx of fresh) {
      if (tx.pendingId && (leaving.has(tx.pendingId) || leftEarlierIds.has(tx.pendingId))) continue;
      const twin = leavingByContent.get(contentKey(tx))?.find((id) => !explained.has(id));
      if (twin === undefined) continue;
      twinOf.set(tx.id, twin);
      explained.add(twin);
    }

    // ─── Pending → posted ─────────────────────────────────────────────────────────────────────
    const matches = reconcilePending({
      leaving: [...[...leaving.values()].filter((r) => !explained.has(r.id)), ...leftEarlier],
      arriving: fresh.filter((t) => !twinOf.has(t.id)),
      flipped,
    });
    const matchOf = new Map<string, PendingMatch>(matches.map((m) => [m.postedId, m]));

    // ─── Rows and changes ─────────────────────────────────────────────────────────────────────
    const rows: TransactionRow[] = [];
    const changes: ChangeRow[] = [];
    const suggestions: SuggestionRow[] = [];
    const change = (txId: string, kind: ChangeRow['kind'], extra: Partial<Pick<ChangeRow, 'fields' | 'relatedId' | 'match'>> = {}) =>
      changes.push({ runId, connectionId: update.connectionId, txId, kind, fields: [], relatedId: null, ...extra, at: now });

    for (const tx of update.upserts) {
      const prev = existing.get(tx.id);
      if (prev?.removedAt) continue;
      const match = matchOf.get(tx.id);
      if (prev) {
        const fields = diffFields(prev, tx);
        if (fields.length === 0) continue;
        // The row keeps everything local it had; a same-id posting also records where it came from.
        const carried: Partial<TransactionRow> = { ...userFieldsOf(prev), ...(prev.postedFromId ? { postedFromId: prev.postedFromId } : {}) };
        if (match?.method === 'sameId') {
          change(tx.id, 'posted', { fields, relatedId: tx.id, match: { method: 'sameId', confidence: match.confidence } });
          carried.postedFromId = tx.id;
        } else {
          change(tx.id, 'modified', { fields });
        }
        rows.push(storedRow(tx, carried, prev.firstSeenAt, now));
        continue;
      }
      const twin = twinOf.get(tx.id);
      const predecessor = match?.merge ? existing.get(match.pendingId) : undefined;
      if (match?.merge && predecessor) {
        explained.add(predecessor.id);
        change(tx.id, 'posted', {
          fields: diffFields(predecessor, tx), relatedId: predecessor.id, match: { method: match.method, confidence: match.confidence },
        });
        rows.push(storedRow(tx, { ...inheritUserFields({}, predecessor), postedFromId: predecessor.id }, now, now));
      } else if (twin !== undefined) {
        const old = leaving.get(twin);
        change(tx.id, 'reidentified', { relatedId: twin });
        rows.push(storedRow(tx, { ...userFieldsOf(old), ...(old?.postedFromId ? { postedFromId: old.postedFromId } : {}) }, old?.firstSeenAt ?? now, now));
      } else {
        change(tx.id, 'added');
        rows.push(storedRow(tx, {}, now, now));
        if (match) {
          suggestions.push({
            postedId: tx.id, pendingId: match.pendingId, runId, connectionId: update.connectionId, method: match.method,
            confidence: match.confidence, reason: match.reason, daysToPost: match.daysToPost, status: 'open', createdAt: now, resolvedAt: null,
          });
        }
      }
    }
    for (const [id, prev] of leaving) {
      rows.push(tombstone(prev, now));
      if (!explained.has(id)) change(id, 'removed');
    }

    const count = (kind: ChangeRow['kind']) => changes.filter((c) => c.kind === kind).length;
    const counts: ApplyCounts = {
      added: count('added'), modified: count('modified'), removed: count('removed'), posted: count('posted'),
      reidentified: count('reidentified'), suggested: suggestions.length,
    };
    // Rows that joined the live set, less those that left it (a modified row stays where it was).
    const joined = rows.filter((r) => r.removedAt === null && !(existing.get(r.id)?.removedAt === null)).length;
    const liveRows = base === undefined ? undefined : base + joined - leaving.size;
    // Issued together, in this order, cursor last: the transaction runs them in order without a
    // round trip between the batches, and any failure still aborts all of it.
    await Promise.all([
      db.transactions.bulkPut(rows),
      db.accounts.bulkPut(update.accounts.map((a) => ({ ...a, updatedAt: now }))),
      db.changes.bulkAdd(changes),
      db.suggestions.bulkAdd(suggestions),
      db.syncRuns.add({
        id: runId, connectionId: update.connectionId, trigger: meta.trigger, startedAt: meta.startedAt, finishedAt: now,
        fromCursor: update.fromCursor, nextCursor: update.nextCursor, pages: update.pages, restarts: update.restarts,
        outcome: changes.length > 0 ? 'changes' : 'up_to_date', ...counts,
      }),
      db.cursors.put({ connectionId: update.connectionId, cursor: update.nextCursor, updatedAt: now, ...(liveRows === undefined ? {} : { liveRows }) }),
    ]);
    return { outcome: 'applied', runId, ...counts };
  });
}
