/**
 * What the three sync models (Plaid, MoneyKit, SnapTrade) do alike in one run: the figures they
 * count, the real syncConnection with its "not applied → the database is untouched" check, crashes
 * and restarts, stale replays, tombstone tracking and the comparison with the provider's truth.
 * A model subclasses ModelRun with its bank, its faults and its expected outcomes.
 *
 * Over 300 lines because it is one run's whole life cycle (sync, crash, restart, replay, compare),
 * written once for the three models; split, each piece would need the run's state passed around.
 */
import Dexie from 'dexie';
import type { RetryPolicy } from '../../../electron/providers/retry';
import { undoInterruptedImports } from '../../../renderer/src/db/applyStream';
import { applyUpdate } from '../../../renderer/src/db/applyUpdate';
import { applyHeld, discardHeld } from '../../../renderer/src/db/heldUpdates';
import type { HoldReason } from '../../../shared/sync/suspicion';
import type { LedgerlineDb, TransactionRow } from '../../../renderer/src/db/schema';
import { syncConnection, type SyncOutcome } from '../../../renderer/src/sync/runSync';
import type { Account, SyncTrigger, SyncUpdate, Transaction } from '../../../shared/types';
import { CRASH_MODES, type CrashMode } from './modelActions';
import {
  CursorWriteTrap, compareWithTruth, comparisonFailed, noteTombstones, openModelDb, sameFields, snapshotChange, snapshotDb, storedAccounts,
  type DbSnapshot, type InProcessApi,
} from './syncModelHarness';

// ─── Time and retries ──────────────────────────────────────────────────────────────────────────

export const HOUR_MS = 3_600_000;

/** Fast, but with the real attempt-count semantics: a fault that fires 3 times outlasts the retries. */
export const MODEL_RETRY: RetryPolicy = { attempts: 3, baseMs: 1, capMs: 2 };

/**
 * The bank's clock: reset at the start of every run, moved only by the model's actions, so a bank
 * item's ledger depends only on (seed, ordinal, actions). The bank (and any client that must agree
 * with it) reads `now`.
 */
export class ModelClock {
  static readonly START_MS = Date.parse('2026-03-02T15:00:00Z');
  ms = ModelClock.START_MS;
  readonly now = (): Date => new Date(this.ms);

  reset(): void {
    this.ms = ModelClock.START_MS;
  }
}

// ─── Figures ────────────────────────────────────────────────────────────────────────────────────

export const zeroes = <K extends string>(keys: readonly K[]): Record<K, number> => Object.fromEntries(keys.map((k) => [k, 0])) as Record<K, number>;

export const bump = (counts: Record<string, number>, key: string, by = 1): void => {
  counts[key] = (counts[key] ?? 0) + by;
};

/** The figures every model counts; a model spreads these and adds its own. */
export interface ModelFigures<F extends string = string, E extends string = string> {
  runs: number;
  commands: number;
  syncs: number;
  syncsApplied: number;
  /** Sync outcomes that did not apply, by reason (error code, `waiting`, a crash, a lost race). */
  syncsNotApplied: Record<string, number>;
  pagesPulled: number;
  faultsInjected: Record<F, number>;
  restarts: number;
  crashes: Record<CrashMode, number>;
  staleReplays: number;
  /** Held updates the user applied, and discarded (a hold step forces one; a real one is applied). */
  holdsApplied: number;
  holdsDiscarded: number;
  /** Holds the real detector found in the bank's own activity (applied, as a user who checked would). */
  holdsDetected: number;
  bankSteps: number;
  bankEvents: Record<E, number>;
  rowsCompared: number;
  finalRowsCompared: number;
  accountsCompared: number;
  rowsLost: number;
  rowsDuplicated: number;
  rowsExtra: number;
  rowsDiffering: number;
  rowsResurrected: number;
}

export function modelFigures<F extends string, E extends string>(faultKinds: readonly F[], bankEventKinds: readonly E[]): ModelFigures<F, E> {
  return {
    runs: 0,
    commands: 0,
    syncs: 0,
    syncsApplied: 0,
    syncsNotApplied: {},
    pagesPulled: 0,
    faultsInjected: zeroes(faultKinds),
    restarts: 0,
    crashes: zeroes(CRASH_MODES),
    staleReplays: 0,
    holdsApplied: 0,
    holdsDiscarded: 0,
    holdsDetected: 0,
    bankSteps: 0,
    bankEvents: zeroes(bankEventKinds),
    rowsCompared: 0,
    finalRowsCompared: 0,
    accountsCompared: 0,
    rowsLost: 0,
    rowsDuplicated: 0,
    rowsExtra: 0,
    rowsDiffering: 0,
    rowsResurrected: 0,
  };
}

// ─── One run ────────────────────────────────────────────────────────────────────────────────────

/** A detector that finds every update suspicious, for hold steps (the reason is never shown). */
const FORCE_HOLD = (): HoldReason[] => [{ kind: 'massRemoval', accountId: 'model', removed: 0, liveBefore: 0 }];

export class ModelViolation extends Error {
  override name = 'ModelViolation';
}

export function outcomeName(outcome: SyncOutcome): string {
  if (outcome.kind === 'applied') return 'applied';
  if (outcome.kind === 'held') return 'held';
  return outcome.pull.kind === 'waiting' ? 'waiting' : outcome.pull.error.code;
}

/**
 * One model run: a fresh database for one fresh bank connection, the actions played against it,
 * then the provider's own final reckoning (`settle`). `A` is the model's action, `W` a transaction
 * as the bank holds it (what `lookAtBank` returns, by id).
 */
export abstract class ModelRun<A, W> {
  protected readonly trap = new CursorWriteTrap();
  protected db: LedgerlineDb;
  /** Main, in process: set by the subclass's constructor. */
  protected abstract readonly api: InProcessApi;
  /** Every update that was committed, newest first: the candidates for stale replays. */
  protected readonly committed: SyncUpdate[] = [];
  /** Every id ever stored as a tombstone: one that is live again is a resurrection. */
  protected readonly everTombstoned = new Set<string>();
  /** The bank at the last look; set by the subclass's constructor, then by observeBank. */
  protected bankView = new Map<string, W>();
  /** Set by a hold step: the next pulled update is held, then applied or discarded by "the user". */
  private holdNext: 'apply' | 'discard' | null = null;
  /** Rows compared by the latest comparison with the bank. */
  protected lastCompared = 0;
  readonly trace: string[] = [];

  /** `truthName` is how failures name the provider's side: "the bank's", "the brokerage's". */
  constructor(
    readonly connectionId: string,
    protected readonly dbName: string,
    readonly figures: ModelFigures,
    private readonly truthName: string,
    protected readonly clock: ModelClock,
  ) {
    this.db = openModelDb(dbName, this.trap);
  }

  /** Carries out one action; returns the note the trace shows after it. */
  protected abstract step(action: A): Promise<string>;
  protected abstract describe(action: A): string;
  /** The bank's live transactions right now, by id. */
  protected abstract lookAtBank(): Map<string, W>;
  /** Counts by event kind of what changed at the bank between two looks. */
  protected abstract bankEvents(before: ReadonlyMap<string, W>, after: ReadonlyMap<string, W>): Record<string, number>;
  /** One step of the bank's simulation (new activity, postings, amendments) for this run's item. */
  protected abstract stepBank(): void;
  /** The restarted app's new SDK client. */
  protected abstract newClient(): void;
  /** Clears every fault, syncs until it applies, and demands the bank's exact state. */
  abstract settle(): Promise<void>;

  /** Plays the actions; after each, no tombstoned row may be live again. */
  async play(actions: readonly A[]): Promise<void> {
    for (const [i, action] of actions.entries()) {
      this.figures.commands++;
      const note = await this.step(action);
      this.trace.push(`#${i} ${this.describe(action)} → ${note}`);
      this.observeBank();
      const resurrected = noteTombstones(await this.db.transactions.toArray(), this.everTombstoned);
      this.figures.rowsResurrected += resurrected.length;
      if (resurrected.length > 0) this.fail(`tombstoned rows are live again: ${resurrected.slice(0, 5).join(', ')}`);
    }
  }

  async close(): Promise<void> {
    this.trap.disarm();
    this.db.close();
    await Dexie.delete(this.dbName);
  }

  /** Names what changed at the bank since the last look (steps and mid-pull faults both move it). */
  protected observeBank(): void {
    const now = this.lookAtBank();
    for (const [kind, count] of Object.entries(this.bankEvents(this.bankView, now))) bump(this.figures.bankEvents, kind, count);
    this.bankView = now;
  }

  /** `steps` steps of the bank, `hoursApart` apart on the model's clock. */
  protected advance(steps: number, hoursApart: number): string {
    const before = this.lookAtBank().size;
    for (let i = 0; i < steps; i++) {
      this.clock.ms += hoursApart * HOUR_MS;
      this.stepBank();
      this.figures.bankSteps++;
    }
    return `live transactions at the bank ${before} → ${this.lookAtBank().size}`;
  }

  /** The trace's note for an applied sync: its counts, pages and restarts. */
  protected appliedNote(outcome: Extract<SyncOutcome, { kind: 'applied' }>): string {
    const { result } = outcome;
    const update = this.committed[0];
    return `applied +${result.added} ~${result.modified} -${result.removed} posted ${result.posted} (${update?.pages ?? '?'} pages, ${update?.restarts ?? '?'} restarts)`;
  }

  protected async storedCursor(): Promise<string | null> {
    return (await this.db.cursors.get(this.connectionId))?.cursor ?? null;
  }

  /**
   * One real syncConnection. Not applied → the database must be exactly as before, and `update` is
   * null. Applied → the update it pulled, counted and kept for stale replays; the caller then
   * compares the stored rows with the bank.
   */
  protected async syncOnce(trigger: SyncTrigger): Promise<{ outcome: SyncOutcome; update: SyncUpdate | null }> {
    this.figures.syncs++;
    const before = await snapshotDb(this.db);
    const replies = this.api.replies.length;
    const resolve = this.holdNext;
    this.holdNext = null;
    let outcome = await syncConnection(this.api, this.db, this.connectionId, trigger, resolve ? { hold: FORCE_HOLD } : {});
    if (outcome.kind === 'held') {
      if (!resolve) this.figures.holdsDetected++;
      const resolved = await this.resolveHeld(outcome.result.heldId, before, resolve ?? 'apply');
      if (resolved === null) {
        bump(this.figures.syncsNotApplied, 'held, discarded');
        return { outcome, update: null };
      }
      outcome = { kind: 'applied', result: resolved, refresh: outcome.refresh };
    }
    if (outcome.kind !== 'applied') {
      bump(this.figures.syncsNotApplied, outcomeName(outcome));
      await this.expectUnchanged(before, `a sync that ended ${outcomeName(outcome)}`);
      return { outcome, update: null };
    }
    this.figures.syncsApplied++;
    // The list's total comes from the count kept with the cursor: it must be the live rows exactly.
    const cursor = await this.db.cursors.get(this.connectionId);
    const live = await this.db.transactions.where('connectionId').equals(this.connectionId).filter((r) => r.listKey !== undefined).count();
    if (cursor?.liveRows !== live) this.fail(`the cursor counts ${String(cursor?.liveRows)} live rows, the table has ${live}`);
    const reply = this.api.replies.at(-1);
    // A bank that stays consistent never makes the balance check show a disagreement, whatever the
    // faults, restarts and timing (renderer/src/db/apply/balanceCheck.ts) — unless the user undid a
    // sync whose rows the bank still has (then the ledger really differs from the bank).
    const disagreeing = reply?.kind === 'update' && !this.undoDiffersFromBank()
      ? (await this.db.balanceChecks.where('runId').equals(reply.update.pullId).toArray()).filter((c) => c.status === 'disagrees') : [];
    if (disagreeing.length > 0) this.fail(`the balance check disagrees: ${disagreeing.map((c) => `${c.accountId} ${c.currency} bank ${c.providerMinor} rows ${c.impliedMinor}`).join('; ')}`);
    if (this.api.replies.length === replies || reply?.kind !== 'update') this.fail('applied without a pulled update');
    this.committed.unshift(reply.update);
    this.figures.pagesPulled += reply.update.pages;
    return { outcome, update: reply.update };
  }

  /**
   * A held update must have changed nothing but the held table (one row, this pull's, from the
   * stored cursor). Then "the user" answers: Apply → the normal apply, returned as the sync's result;
   * Discard → the database exactly as before the sync, and null.
   */
  private async resolveHeld(heldId: string, before: DbSnapshot, resolve: 'apply' | 'discard') {
    const now = await snapshotDb(this.db);
    const { heldUpdates, ...rest } = now;
    const change = snapshotChange({ ...before, heldUpdates: [] }, { ...rest, heldUpdates: [] });
    if (change !== null) this.fail(`holding an update changed the database:\n${change}`);
    const reply = this.api.replies.at(-1);
    if (heldUpdates.length !== 1 || heldUpdates[0]?.id !== heldId || reply?.kind !== 'update' || reply.update.pullId !== heldId) {
      this.fail(`expected one held update, this pull's; found ${heldUpdates.map((h) => h.id).join(', ') || 'none'}`);
    }
    if (heldUpdates[0]?.fromCursor !== (await this.storedCursor())) this.fail('the held update does not start at the stored cursor');
    if (resolve === 'discard') {
      await discardHeld(this.db, heldId);
      this.figures.holdsDiscarded++;
      await this.expectUnchanged(before, 'discarding a held update');
      return null;
    }
    const result = await applyHeld(this.db, heldId);
    if (result.outcome !== 'applied') this.fail(`applying a held update ended ${result.outcome}`);
    this.figures.holdsApplied++;
    if ((await this.db.heldUpdates.count()) !== 0) this.fail('the held update is still stored after Apply');
    return result;
  }

  /**
   * A hold step: the next sync's update is held whatever it holds, then applied or discarded. A
   * sync that pulls no update (a first sync streams; a fault) has nothing to hold.
   */
  protected async hold(resolve: 'apply' | 'discard', sync: () => Promise<SyncOutcome>): Promise<string> {
    this.holdNext = resolve;
    const held = this.figures.holdsApplied + this.figures.holdsDiscarded;
    const outcome = await sync();
    this.holdNext = null;
    const note = outcome.kind === 'applied' ? this.appliedNote(outcome) : outcomeName(outcome);
    return this.figures.holdsApplied + this.figures.holdsDiscarded > held ? `held, then ${resolve === 'apply' ? 'applied' : 'discarded'}: ${note}` : `nothing held: ${note}`;
  }

  /** The outcome's name; a violation unless it is one of `accepted` (by default just `expected`). */
  protected expectOutcome(outcome: SyncOutcome, expected: string, accepted: readonly string[] = [expected]): string {
    const got = outcomeName(outcome);
    if (!accepted.includes(got)) this.fail(`expected the sync to end ${expected}, it ended ${got}`);
    return got;
  }

  /** The first part of `settle`: up to three tries until a sync applies (and so compared every row). */
  protected async syncUntilApplied(sync: () => Promise<SyncOutcome>): Promise<void> {
    let outcome: SyncOutcome | null = null;
    for (let attempt = 0; attempt < 3 && outcome?.kind !== 'applied'; attempt++) outcome = await sync();
    this.observeBank();
    if (outcome?.kind !== 'applied') this.fail(`the final sync never applied: ${outcome ? outcomeName(outcome) : 'not run'}`);
    this.figures.finalRowsCompared += this.lastCompared; // the sync just compared every row with the bank
  }

  /**
   * A sync that crashes in `mode` (the caller has set the faults and the page size). If there was an
   * update to crash on, the sync must throw, a failed apply must be reported to main, and after the
   * restart that follows the database must be exactly as before.
   */
  protected async crash(mode: CrashMode): Promise<string> {
    const before = await snapshotDb(this.db);
    let crashed = false;
    if (mode === 'midApply') this.trap.arm();
    else {
      this.api.replyHook = async (reply) => {
        if (reply.kind !== 'update') return; // nothing to lose: the pull itself failed
        crashed = true;
        if (mode === 'afterPull') throw new Error('simulated renderer crash with the reply in flight');
        this.db.close(); // closedDuringPull: the window goes away while main is still answering
        // A first sync writes in transactions of its own as it streams: a window that goes away stops
        // the renderer right there, leaving the rows it wrote and its import marker for the next launch.
        if (reply.update.fromCursor === null) throw new Error('simulated window closed during a streamed first sync');
      };
    }
    this.figures.syncs++;
    const reportsBefore = this.api.reports.length;
    let outcome: string;
    try {
      outcome = outcomeName(await syncConnection(this.api, this.db, this.connectionId, 'timer'));
    } catch (e) {
      outcome = `threw ${e instanceof Error ? e.message.slice(0, 80) : String(e)}`;
    }
    if (mode === 'midApply') {
      crashed = !this.trap.pending;
      this.trap.disarm();
    }
    this.api.replyHook = null;
    if (!crashed) {
      // A real hold (no cursor write to crash on): "the user" discards it, and nothing is left.
      if (outcome === 'held') for (const h of await this.db.heldUpdates.toArray()) await discardHeld(this.db, h.id);
      bump(this.figures.syncsNotApplied, outcome);
      await this.expectUnchanged(before, `a sync that ended ${outcome}`);
      return `no update to crash on (${outcome})`;
    }
    this.figures.crashes[mode]++;
    bump(this.figures.syncsNotApplied, `crash:${mode}`);
    if (!outcome.startsWith('threw')) this.fail(`the sync survived a ${mode} crash: ${outcome}`);
    // An apply that failed must tell main so (the connection must not show "ok").
    const report = this.api.reports.at(-1);
    if (mode !== 'afterPull' && (this.api.reports.length === reportsBefore || report?.outcome !== 'failed')) {
      this.fail(`a failed apply reported ${JSON.stringify(report)}`);
    }
    // A crash is followed by an app restart; what survives it must be exactly what was there.
    await this.restart();
    await this.expectUnchanged(before, `a ${mode} crash`);
    return `crashed (${outcome}), restarted`;
  }

  /** A new app: a new Dexie instance on the same database, a new SDK client. */
  protected async restart(): Promise<void> {
    this.figures.restarts++;
    const before = this.db.isOpen() ? await snapshotDb(this.db) : null;
    this.db.close();
    this.db = openModelDb(this.dbName, this.trap);
    this.newClient();
    // What the app does first on launch (launchSync): a first sync cut short is undone.
    await undoInterruptedImports(this.db);
    if (before) await this.expectUnchanged(before, 'a restart');
  }

  /**
   * The committed updates applyUpdate must refuse now. An empty update from C to C is not stale
   * while C is stored: applying it again is legitimate.
   */
  protected staleCandidates(stored: string | null): SyncUpdate[] {
    return this.committed.filter((u) => u.fromCursor !== stored);
  }

  /** Re-applies a committed update: it must be refused as stale and change nothing. */
  protected async replayStale(pick: number): Promise<string> {
    const stored = await this.storedCursor();
    const stale = this.staleCandidates(stored);
    const update = stale[pick % Math.max(1, stale.length)];
    if (update === undefined) return 'nothing committed yet';
    this.figures.staleReplays++;
    const before = await snapshotDb(this.db);
    const result = await applyUpdate(this.db, structuredClone(update), { trigger: 'retry', startedAt: new Date().toISOString() });
    if (result.outcome !== 'stale') {
      this.fail(`a stale update (${update.fromCursor ?? 'null'} → ${update.nextCursor}) was applied again (stored ${stored ?? 'null'})`);
    }
    await this.expectUnchanged(before, 'a stale replay');
    return `stale (${stale.indexOf(update) === 0 ? 'the latest update again' : 'an older update'})`;
  }

  protected async expectUnchanged(before: DbSnapshot, what: string): Promise<void> {
    const change = snapshotChange(before, await snapshotDb(this.db));
    if (change !== null) this.fail(`${what} changed the database:\n${change}`);
  }

  /** The stored rows must be exactly `expected` (the bank's live set), with nothing lost, duplicated or resurrected. */
  protected compareRows(rows: readonly TransactionRow[], expected: readonly Transaction[]): void {
    const c = compareWithTruth(rows, expected, this.everTombstoned);
    this.lastCompared = c.compared;
    this.figures.rowsCompared += c.compared;
    this.figures.rowsLost += c.lost.length;
    this.figures.rowsDuplicated += c.duplicated.length;
    this.figures.rowsExtra += c.extra.length;
    this.figures.rowsDiffering += c.differing.length;
    this.figures.rowsResurrected += c.resurrected.length;
    if (comparisonFailed(c)) {
      const ids = (label: string, list: string[]) => (list.length === 0 ? [] : [`${label} ${list.length}: ${list.slice(0, 5).join(', ')}`]);
      this.fail([`the stored rows are not ${this.truthName}:`, ...ids('lost', c.lost), ...ids('duplicated', c.duplicated), ...ids('extra', c.extra),
        ...ids('differing', c.differing), ...ids('resurrected', c.resurrected)].join('\n  '));
    }
  }

  /** The connection's stored accounts (balances included) must be exactly `expected`, in id order. */
  protected async compareAccounts(expected: readonly Account[]): Promise<void> {
    const stored = storedAccounts(await this.db.accounts.where('connectionId').equals(this.connectionId).toArray());
    this.figures.accountsCompared += expected.length;
    if (stored.length !== expected.length || stored.some((a, i) => !sameFields(a, expected[i]))) {
      this.fail(`the stored accounts (balances) are not ${this.truthName}`);
    }
  }

  /** Whether an undo holds the ledger apart from the bank now (the runs with a revert step say). */
  protected undoDiffersFromBank(): boolean {
    return false;
  }

  protected fail(message: string): never {
    throw new ModelViolation(`${message}\n  after:\n    ${this.trace.slice(-25).join('\n    ')}`);
  }
}
