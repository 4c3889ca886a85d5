/**
 * Applies one SyncUpdate in a single read-write transaction: rows, tombstones, the run record, its
 * changes, pending → posted suggestions and the new cursor commit together or not at all. An
 * update that does not start at the stored cursor (or whose pull was already applied) is stale and
 * is dropped, which also makes applying the same update twice a no-op.
 *
 * The steps, one module each in apply/:
 *   0. startRun (runRecorder.ts)   — stale or not; the connection's live-row count before.
 *   1. readNamed                   — the stored rows the update names, and those its scopes drop.
 *   2. reconcile                   — twins (id churn) and pending → posted pairs.
 *   3. planRows / writeRows        — each row's stored form (or tombstone) and what happened to it.
 *   4. changeLog / recordChanges   — the change log, suggestions and counts.
 *   4b. holdReasons (holdCheck.ts) — suspicious (a mass removal, an emptied history, a balance
 *      jump)? Then only a held update is stored (db/heldUpdates.ts) and nothing else changes.
 *   5. checkBalances (balanceCheck.ts) — each account's balance against what its rows now imply.
 *   6. commitRun (runRecorder.ts)  — the run record and the new cursor, last.
 * A connection has at most one held update, always from its stored cursor: an update that is
 * applied or held replaces it (a newer pull from that cursor is the provider's newer word).
 * Reads are bulk and bounded by the update (step 1); reconciliation runs over those rows alone.
 */
import type { HoldReason } from '../../../shared/sync/suspicion';
import type { SyncTrigger, SyncUpdate } from '../../../shared/types';
import { holdReasons, type HoldMode } from './apply/holdCheck';
import { checkBalances, postedDeltas, writeBalanceChecks } from './apply/balanceCheck';
import { changeLog, recordChanges } from './apply/recordChanges';
import { readNamed } from './apply/readNamed';
import { reconcile } from './apply/reconcile';
import { applyTables, commitRun, nextLedgerSeq, startRun, type ApplyCounts } from './apply/runRecorder';
import { planRows, writeRows } from './apply/writeRows';
import type { LedgerlineDb, TransactionRow } from './schema';

export type { ApplyCounts } from './apply/runRecorder';

/** What an applied update wrote, for the search index (notify.ts): its sequence number and rows. */
export interface Written {
  seq: number;
  /** Every row the update put, tombstones included (a tombstone leaves the index). */
  rows: readonly TransactionRow[];
}

export type ApplyResult =
  | { outcome: 'stale'; storedCursor: string | null }
  | ({ outcome: 'applied'; runId: string; written?: Written } & ApplyCounts)
  /** Stored as a held update (its id is the pull's): nothing else changed. */
  | { outcome: 'held'; heldId: string; reasons: HoldReason[]; counts: ApplyCounts };

export async function applyUpdate(
  db: LedgerlineDb,
  update: SyncUpdate,
  meta: { trigger: SyncTrigger; startedAt: string; now?: () => Date; hold?: HoldMode },
): Promise<ApplyResult> {
  const now = (meta.now ?? (() => new Date()))().toISOString();
  return db.transaction('rw', applyTables(db), async (): Promise<ApplyResult> => {
    const start = await startRun(db, update);
    if (start.outcome === 'stale') return start;
    const named = await readNamed(db, update);
    const plan = planRows(update, named, reconcile(update, named), now);
    const log = changeLog(update, plan, now);
    const reasons = await holdReasons(db, update, named, plan, meta.hold);
    // Any earlier held update of this connection started at the same cursor: this one supersedes it.
    await db.heldUpdates.where('connectionId').equals(update.connectionId).delete();
    if (reasons.length > 0) {
      await db.heldUpdates.add({
        id: update.pullId, connectionId: update.connectionId, fromCursor: update.fromCursor, heldAt: now, trigger: meta.trigger, update, reasons, counts: log.counts,
      });
      return { outcome: 'held', heldId: update.pullId, reasons, counts: log.counts };
    }
    const liveRows = start.liveRows === undefined ? undefined : start.liveRows + plan.liveDelta;
    const seq = await nextLedgerSeq(db);
    const deltas = postedDeltas(plan.rows, (id) => named.existing.get(id) ?? named.leaving.get(id));
    // Issued together, in this order: the transaction runs them in order without a round trip
    // between the batches, and any failure still aborts all of it.
    await Promise.all([writeRows(db, update, plan.rows, now), recordChanges(db, log)]);
    // The check reads the rows as this update leaves them (its explanations), then the cursor goes last.
    const checks = await checkBalances(db, { runId: update.pullId, connectionId: update.connectionId, accounts: update.accounts, deltas, now });
    await Promise.all([
      writeBalanceChecks(db, checks),
      commitRun(db, { update, trigger: meta.trigger, startedAt: meta.startedAt, finishedAt: now, counts: log.counts, changed: log.changes.length > 0, liveRows, now }),
    ]);
    return { outcome: 'applied', runId: update.pullId, ...log.counts, written: { seq, rows: plan.rows } };
  });
}
