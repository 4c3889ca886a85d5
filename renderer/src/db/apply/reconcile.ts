/**
 * Step 2 of applying an update: reconcile — which arriving rows continue a row that is leaving.
 *   - A twin: the provider re-issued a row under a new id with identical content (id churn); it
 *     is recorded as re-identified, not as a removal plus an addition.
 *   - A pending → posted pair (shared/reconcile/reconcilePending.ts): linked by the provider,
 *     flipped in place, or matched by content; merged when confident, else suggested.
 * Pure: it decides, step 3 (writeRows.ts) writes.
 */
import { reconcilePending, type PendingMatch } from '../../../../shared/reconcile/reconcilePending';
import { TRACKED_FIELDS, type SyncUpdate, type Transaction } from '../../../../shared/types';
import type { TransactionRow } from '../schema';
import type { Named } from './readNamed';

export interface Reconciled {
  /** A new row's id → the leaving row it re-identifies. */
  twinOf: ReadonlyMap<string, string>;
  /** A posted row's id → the pending it continues. */
  matchOf: ReadonlyMap<string, PendingMatch>;
}

/** Two rows with this equal are the same transaction, whatever their ids (used for id churn). */
const contentKey = (t: Transaction) => JSON.stringify(TRACKED_FIELDS.map((f) => t[f] ?? null));

export function reconcile(update: SyncUpdate, named: Named): Reconciled {
  const { existing, leaving, leftEarlier } = named;
  // Upserts of ids never stored, and stored pendings the provider posted in place.
  const fresh: Transaction[] = [];
  const flipped: { before: TransactionRow; after: Transaction }[] = [];
  for (const tx of update.upserts) {
    const prev = existing.get(tx.id);
    if (prev?.removedAt) continue; // a tombstone stays a tombstone
    if (!prev) fresh.push(tx);
    else if (prev.pending && !tx.pending) flipped.push({ before: prev, after: tx });
  }
  const twinOf = findTwins(fresh, leaving, new Set(leftEarlier.map((r) => r.id)));
  const twinned = new Set(twinOf.values());
  const matches = reconcilePending({
    leaving: [...[...leaving.values()].filter((r) => !twinned.has(r.id)), ...leftEarlier],
    arriving: fresh.filter((t) => !twinOf.has(t.id)),
    flipped,
  });
  return { twinOf, matchOf: new Map(matches.map((m) => [m.postedId, m])) };
}

/**
 * Rows the provider re-issued under a new id with identical content, by content (count-aware).
 * A leaving row some new row links to is that row's predecessor, never a twin.
 */
function findTwins(fresh: readonly Transaction[], leaving: Named['leaving'], leftEarlierIds: ReadonlySet<string>): Map<string, string> {
  const linkTargets = new Set(fresh.flatMap((t) => (t.pendingId ? [t.pendingId] : [])));
  const leavingByContent = new Map<string, string[]>();
  for (const [id, row] of leaving) {
    if (linkTargets.has(id)) continue;
    const key = contentKey(row);
    leavingByContent.set(key, [...(leavingByContent.get(key) ?? []), id]);
  }
  const twinOf = new Map<string, string>();
  const taken = new Set<string>();
  for (const tx of fresh) {
    if (tx.pendingId && (leaving.has(tx.pendingId) || leftEarlierIds.has(tx.pendingId))) continue;
    const twin = leavingByContent.get(contentKey(tx))?.find((id) => !taken.has(id));
    if (twin === undefined) continue;
    twinOf.set(tx.id, twin);
    taken.add(twin);
  }
  return twinOf;
}
