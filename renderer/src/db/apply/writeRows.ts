/**
 * Step 3 of applying an update: the rows to write. Each upsert that changes something gets its
 * stored form, carrying over what is local from the row it continues (the same id, its pending
 * predecessor, or the twin it re-identifies); each row leaving becomes a tombstone. Beside each
 * row goes what happened to it (a RowChange) for step 4 (recordChanges.ts) to log, with the
 * stored row as it was before (`before`) wherever one existed, so the sync can be undone exactly.
 */
import type { PendingMatch } from '../../../../shared/reconcile/reconcilePending';
import { TRACKED_FIELDS, type Account, type SyncUpdate, type Transaction } from '../../../../shared/types';
import { listKeyOf, pendingKeyOf } from '../keys';
import { inheritUserFields, providerFields, userFieldsOf } from '../rowFields';
import type { ChangeRow, FieldChange, LedgerlineDb, TransactionRow } from '../schema';
import type { Named } from './readNamed';
import type { Reconciled } from './reconcile';

/** What happened to one row, before it is a ChangeRow (only the fields it sets are present). */
export type RowChange = Pick<ChangeRow, 'txId' | 'kind'> & Partial<Pick<ChangeRow, 'fields' | 'relatedId' | 'match' | 'before'>>;

export interface RowPlan {
  rows: TransactionRow[];
  /** In the order the rows were decided: upserts in update order, then removals. */
  changes: RowChange[];
  /** New rows that may continue a pending the user has to confirm. */
  suggested: { postedId: string; match: PendingMatch }[];
  /** Rows that joined the live set, less those that left it (a modified row stays where it was). */
  liveDelta: number;
}

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

/** The local fields a row keeps when the provider restates it (or re-issues it under a new id). */
const keptFrom = (prev: TransactionRow | undefined): Partial<TransactionRow> =>
  ({ ...userFieldsOf(prev), ...(prev?.postedFromId ? { postedFromId: prev.postedFromId } : {}) });

export function planRows(update: SyncUpdate, named: Named, reconciled: Reconciled, now: string): RowPlan {
  const { existing, leaving } = named;
  const { twinOf, matchOf } = reconciled;
  const plan: RowPlan = { rows: [], changes: [], suggested: [], liveDelta: 0 };
  const put = (row: TransactionRow, change: RowChange) => {
    plan.changes.push(change);
    plan.rows.push(row);
  };
  const explained = new Set(twinOf.values()); // leaving rows accounted for by a successor
  for (const tx of update.upserts) {
    const prev = existing.get(tx.id);
    if (prev?.removedAt) continue; // a tombstone stays a tombstone
    const match = matchOf.get(tx.id);
    if (prev) {
      const fields = diffFields(prev, tx);
      if (fields.length === 0) continue;
      // The row keeps everything local it had; a same-id posting also records where it came from.
      if (match?.method === 'sameId') {
        put(storedRow(tx, { ...keptFrom(prev), postedFromId: tx.id }, prev.firstSeenAt, now),
          { txId: tx.id, kind: 'posted', fields, relatedId: tx.id, match: { method: 'sameId', confidence: match.confidence }, before: prev });
      } else {
        put(storedRow(tx, keptFrom(prev), prev.firstSeenAt, now), { txId: tx.id, kind: 'modified', fields, before: prev });
      }
      continue;
    }
    const twin = twinOf.get(tx.id);
    const predecessor = match?.merge ? existing.get(match.pendingId) : undefined;
    if (match?.merge && predecessor) {
      explained.add(predecessor.id);
      put(storedRow(tx, { ...inheritUserFields({}, predecessor), postedFromId: predecessor.id }, now, now), {
        txId: tx.id, kind: 'posted', fields: diffFields(predecessor, tx), relatedId: predecessor.id, match: { method: match.method, confidence: match.confidence },
        before: predecessor,
      });
    } else if (twin !== undefined) {
      const old = leaving.get(twin);
      put(storedRow(tx, keptFrom(old), old?.firstSeenAt ?? now, now), { txId: tx.id, kind: 'reidentified', relatedId: twin, ...(old ? { before: old } : {}) });
    } else {
      put(storedRow(tx, {}, now, now), { txId: tx.id, kind: 'added' });
      if (match) plan.suggested.push({ postedId: tx.id, match });
    }
  }
  for (const [id, prev] of leaving) {
    plan.rows.push(tombstone(prev, now));
    if (!explained.has(id)) plan.changes.push({ txId: id, kind: 'removed', before: prev });
  }
  const joined = plan.rows.filter((r) => r.removedAt === null && !(existing.get(r.id)?.removedAt === null)).length;
  plan.liveDelta = joined - leaving.size;
  return plan;
}

/** The accounts as stored: as the provider sent them, stamped with the apply's time. */
export const writeAccounts = (db: LedgerlineDb, accounts: readonly Account[], now: string): Promise<unknown> =>
  db.accounts.bulkPut(accounts.map((a) => ({ ...a, updatedAt: now })));

/** Issues the rows, then the update's accounts (the caller awaits them with its other writes). */
export function writeRows(db: LedgerlineDb, update: SyncUpdate, rows: TransactionRow[], now: string): Promise<unknown> {
  return Promise.all([db.transactions.bulkPut(rows), writeAccounts(db, update.accounts, now)]);
}
