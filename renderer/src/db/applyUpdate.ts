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
 *   5. checkBalances               — each account's balance against what its rows now imply.
 *   6. commitRun (runRecorder.ts)  — the run record and the new cursor, last.
 * Reads are bulk and bounded by the update (step 1); reconciliation runs over those rows alone.
 */
import type { SyncTrigger, SyncUpdate } from '../../../shared/types';
import { checkBalances, postedDeltas, writeBalanceChecks } from './apply/balanceCheck';
import { changeLog, recordChanges } from './apply/recordChanges';
import { readNamed } from './apply/readNamed';
import { reconcile } from './apply/reconcile';
import { applyTables, commitRun, startRun, type ApplyCounts } from './apply/runRecorder';
import { planRows, writeRows } from './apply/writeRows';
import type { LedgerlineDb } from './schema';

export type { ApplyCounts } from './apply/runRecorder';

export type ApplyResult =
  | { outcome: 'stale'; storedCursor: string | null }
  | ({ outcome: 'applied'; runId: string } & ApplyCounts);

export async function applyUpdate(
  db: LedgerlineDb,
  update: SyncUpdate,
  meta: { trigger: SyncTrigger; startedAt: string; now?: () => Date },
): Promise<ApplyResult> {
  const now = (meta.now ?? (() => new Date()))().toISOString();
  return db.transaction('rw', applyTables(db), async (): Promise<ApplyResult> => {
    const start = await startRun(db, update);
    if (start.outcome === 'stale') return start;
    const named = await readNamed(db, update);
    const plan = planRows(update, named, reconcile(update, named), now);
    const log = changeLog(update, plan, now);
    const liveRows = start.liveRows === undefined ? undefined : start.liveRows + plan.liveDelta;
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
    return { outcome: 'applied', runId: update.pullId, ...log.counts };
  });
}
