/**
 * The revert step of the sync models: undo a random applied run (db/revertRun.ts) and say what the
 * local ledger must be afterwards.
 *
 * What the model expects. An undo puts each row the run touched back as it was just before the run
 * (its before-image: the table as it stood before that sync, remembered here) and deletes what it
 * added; the cursor stays. The provider therefore says nothing about those rows again until an
 * update names them (Plaid: the bank changed them since the cursor) or restates a part of the
 * ledger they are in (a replace scope: MoneyKit's pending set, SnapTrade's date window): from then
 * on, the provider's truth holds for that id again. So the expected ledger after an undo is the
 * provider's live set with one override per touched id — the row as it was before the undone run
 * (or nothing) — kept until an applied update names it or a scope covers it. Lost, duplicated and
 * extra are then counted
 * against that ledger; a restored row that the undone run had tombstoned is a deliberate return,
 * not a resurrection (it is taken out of the ever-tombstoned set), while a row that was already a
 * tombstone before the run must stay one.
 *
 * Each undo is also checked on the spot: refused → the database is byte-identical; done → every
 * touched row equals, field by field, its row in the table before the run, and the live count kept
 * beside the cursor is still exact.
 */
import { planRevert, revertRun } from '../../../renderer/src/db/revertRun';
import { providerFields } from '../../../renderer/src/db/rowFields';
import type { LedgerlineDb, TransactionRow } from '../../../renderer/src/db/schema';
import type { ReplaceScope, SyncUpdate, Transaction } from '../../../shared/types';
import { sameFields, snapshotChange, snapshotDb } from './syncModelHarness';
import { runChanges } from '../../../renderer/src/db/changeLog';

export interface RevertFigures {
  reverts: number;
  /** Refused because a later sync changed one of the run's rows again. */
  revertsBlocked: number;
  /** Refused for another stated reason (a first sync, already undone). */
  revertsRefused: number;
  /** Rows an undo put back or deleted, each compared with the table before its run. */
  rowsRestoredCompared: number;
  /** Rows compared against an undo's override rather than the bank (summed over comparisons). */
  rowsHeldByUndo: number;
}

export const revertFigures = (): RevertFigures => ({ reverts: 0, revertsBlocked: 0, revertsRefused: 0, rowsRestoredCompared: 0, rowsHeldByUndo: 0 });

/** The local expectation for an id an undo touched, while the provider has said nothing new about it. */
interface Override {
  local: Transaction | null;
}

/** Whether a replace scope restates the part of the ledger this row is in. */
const covers = (scope: ReplaceScope, t: Transaction) =>
  scope.accountIds.includes(t.accountId) && (scope.from === null || t.date >= scope.from) && (scope.to === null || t.date <= scope.to) && (!scope.pendingOnly || t.pending);

export class RevertBook {
  /** The whole transactions table just before each applied run, by run id. */
  private readonly before = new Map<string, Map<string, TransactionRow>>();
  private readonly overrides = new Map<string, Override>();

  constructor(private readonly figures: RevertFigures, private readonly fail: (message: string) => never) {}

  /**
   * Whether an undo still holds rows apart from the bank's (deleted rows the bank has, rows put
   * back the bank changed or removed): while it does, the ledger really differs from the bank, and
   * the balance check is right to say so.
   */
  get differsFromBank(): boolean {
    return this.overrides.size > 0;
  }

  /** Before a sync: the table as it stands. */
  async tableBefore(db: LedgerlineDb): Promise<Map<string, TransactionRow>> {
    return new Map((await db.transactions.toArray()).map((r) => [r.id, r]));
  }

  /**
   * After an applied update (`table`: the transactions before it): ends every override the update
   * names (an upsert or removal of the id) or restates (a replace scope covering the row).
   */
  applied(update: SyncUpdate, table: Map<string, TransactionRow>): void {
    this.before.set(update.pullId, table);
    const named = new Set([...update.upserts.map((t) => t.id), ...update.removals]);
    for (const [id, o] of this.overrides) {
      const local = o.local;
      if (named.has(id) || (local !== null && update.replace.some((scope) => covers(scope, local)))) this.overrides.delete(id);
    }
  }

  /** The ledger the stored rows must equal: the bank's live set with the undo overrides on top. */
  expected(truth: readonly Transaction[]): Transaction[] {
    const out = new Map(truth.map((t) => [t.id, t]));
    this.figures.rowsHeldByUndo += this.overrides.size;
    for (const [id, o] of this.overrides) {
      if (o.local === null) out.delete(id);
      else out.set(id, o.local);
    }
    return [...out.values()];
  }

  /** Undoes the `pick`-th run (newest first) that is not an undo and not undone; returns the trace note. */
  async revert(db: LedgerlineDb, pick: number, everTombstoned: Set<string>, connectionId: string): Promise<string> {
    // Incremental syncs first; the first sync (an import, always refused) only when there is no other.
    const open = (await db.syncRuns.orderBy('finishedAt').reverse().toArray()).filter((r) => r.kind !== 'revert' && !r.revertedBy && r.outcome === 'changes');
    const incremental = open.filter((r) => r.fromCursor !== null);
    const runs = incremental.length > 0 ? incremental : open;
    const run = runs[pick % Math.max(1, runs.length)];
    if (!run) return 'no sync to undo';
    const changes = await runChanges(db, run.id);
    const touched = new Set(changes.flatMap((c) => (c.relatedId === null ? [c.txId] : [c.txId, c.relatedId])));
    const snapshot = await snapshotDb(db);
    const cursorBefore = (await db.cursors.get(connectionId))?.cursor;
    const plan = await planRevert(db, run.id);
    const result = await revertRun(db, run.id);
    if (result.outcome === 'refused') {
      if (plan.ok) this.fail(`the undo was planned but refused: ${result.refusal.kind}`);
      const change = snapshotChange(snapshot, await snapshotDb(db));
      if (change !== null) this.fail(`a refused undo (${result.refusal.kind}) changed the database:\n${change}`);
      if (result.refusal.kind === 'blocked') this.figures.revertsBlocked++;
      else this.figures.revertsRefused++;
      if (result.refusal.kind !== 'blocked' && result.refusal.kind !== 'import') this.fail(`an undo was refused for no reason the model allows: ${result.refusal.kind}`);
      if (result.refusal.kind === 'import' && run.fromCursor !== null) this.fail('an incremental sync was refused as a first sync');
      return `undo refused (${result.refusal.kind})`;
    }
    this.figures.reverts++;
    const before = this.before.get(run.id);
    if (!before) this.fail(`no table remembered before run ${run.id}`);
    for (const id of touched) {
      this.figures.rowsRestoredCompared++;
      const was = before.get(id);
      const now = await db.transactions.get(id);
      if (was === undefined ? now !== undefined : !sameFields(was, now)) {
        this.fail(`undo of ${run.id}: ${id} is ${JSON.stringify(now)}, before the sync it was ${JSON.stringify(was)}`);
      }
      // What the user sees for this id until the bank says something new about it.
      const live = was !== undefined && was.removedAt === null;
      this.overrides.set(id, { local: live ? providerFields(was) : null });
      if (live) everTombstoned.delete(id); // a deliberate return: the undone sync had tombstoned it
    }
    const cursor = await db.cursors.get(connectionId);
    const liveRows = await db.transactions.where('connectionId').equals(connectionId).filter((r) => r.listKey !== undefined).count();
    if (cursor?.liveRows !== liveRows) this.fail(`after an undo the cursor counts ${String(cursor?.liveRows)} live rows, the table has ${liveRows}`);
    if (cursor.cursor !== cursorBefore) this.fail(`the undo moved the cursor: ${String(cursorBefore)} → ${cursor.cursor}`);
    return `undid a sync of ${changes.length} change(s): ${result.counts.deleted} deleted, ${result.counts.restored} put back`;
  }
}
