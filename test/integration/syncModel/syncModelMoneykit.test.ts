import 'fake-indexeddb/auto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, expect } from 'vitest';
import { serverCursorOf } from '../../../electron/providers/moneykit/checkpoint';
import { moneykitAdapter } from '../../../electron/providers/moneykit/moneykitAdapter';
import { createMoneykitClient, type MoneykitClient } from '../../../electron/providers/moneykit/moneykitClient';
import {
  startMoneykitBank, type MoneykitBank, type MoneykitFaultPlan, type MoneykitTransactionWire,
} from '../../../electron/demo-banks/moneykit/moneykitBank';
import { applyUpdate } from '../../../renderer/src/db/applyUpdate';
import type { SyncOutcome } from '../../../renderer/src/sync/runSync';
import type { ChannelInput, ChannelOutput } from '../../../shared/ipc/contract';
import type { SyncTrigger, SyncUpdate, Transaction } from '../../../shared/types';
import {
  advanceActionArb, crashActionArb, describeCommonAction, describePageSize, pageSizeArb, replayStaleActionArb, holdActionArb, restartActionArb, syncActionArb,
  type CommonAction, type PageSize,
} from '../../support/model/modelActions';
import { ModelSearch, describeSyncModel, expectModelCoverage } from '../../support/model/modelProperty';
import { HOUR_MS, MODEL_RETRY as RETRY, ModelClock, ModelRun, bump, modelFigures, zeroes } from '../../support/model/modelRun';
import { RevertBook, revertFigures } from '../../support/model/modelRevert';
import { InProcessApi, netChangeCount, snapshotDb, type InProcessMain } from '../../support/model/syncModelHarness';
import { linkThroughConnect, truthAccounts, truthTransactions } from '../../support/providers/moneykitFixture';

/*
 * The model-based proof that MoneyKit sync is correct under faults, crashes and restarts.
 *
 * Each fast-check run links a fresh MoneyKit demo link through the real link-session flow, opens a
 * fresh Dexie database on fake-indexeddb, and plays a generated list of actions against the REAL
 * path: the renderer's syncConnection → an in-process LedgerlineApi → the real moneykitAdapter /
 * pullMoneykit / fetch client → HTTP → the demo bank's MoneyKit face, and back into the real
 * applyUpdate. The model is the bank itself: after every applied sync the stored live rows —
 * pendings included, which MoneyKit restates wholesale — must equal the bank's truth; every sync
 * that did not apply (a fault, a crash, a stale replay, the loser of two racing windows) must leave
 * the database byte-for-byte as it was; no row is ever lost, duplicated or resurrected.
 *
 * Beyond the Plaid model: access tokens expire between (and during) syncs because the bank's clock
 * runs hours ahead of the client's; the bank itself restarts from its state file; the bank steps
 * in the middle of a drain (MoneyKit has no mutation-during-pagination error, so the drain must
 * describe the ledger as of its start); and two windows pull from the same cursor.
 *
 * What every model shares (the run, crashes, restarts, stale replays, the comparison, the clock,
 * the three tests, the replay knobs LEDGERLINE_MODEL_SEED / _RUNS / _PATH / _ITEM, where _ITEM
 * names the bank link) is in test/support/model/; this file holds MoneyKit's bank, faults and
 * expected outcomes.
 */

const CLIENT_ID = 'ledgerline-model-mk';
const CLIENT_SECRET = 'model-mk-secret-0123456789';
/** Small histories (~100 rows) keep a run fast while page sizes of 1..8 still make dozens of pages. */
const PROFILE = { historyDays: 20, txPerDay: 5 };
/** A second Refresh now within this window is refused (429), so some manual syncs run without one. */
const REFRESH_WINDOW_MS = 3 * HOUR_MS;
const search = new ModelSearch('test/integration/syncModel/syncModelMoneykit.test.ts', 100);

// ─── Actions ────────────────────────────────────────────────────────────────────────────────────

/**
 * rateLimit: `retryAfterSeconds` 0 is waited out like any transient failure; 120 is longer than a
 * sync may wait, so the pull ends rate_limited at once. authExpired and deleted are sticky until a
 * `repair`. growDuringPagination steps the bank after each page that has more.
 */
type Fault =
  | { kind: 'rateLimit'; count: number; retryAfterSeconds: 0 | 120 }
  | { kind: 'serverError' | 'truncatedJson' | 'malformed' | 'growDuringPagination'; count: number }
  | { kind: 'authExpired' | 'deleted' };
type FaultKind = Fault['kind'];
const FAULT_KINDS: readonly FaultKind[] = ['rateLimit', 'serverError', 'truncatedJson', 'malformed', 'growDuringPagination', 'authExpired', 'deleted'];

/** A `belowUpdate` page size is k less than the number of entries the next drain carries. */
type Action =
  | CommonAction<Fault>
  /** The bank process restarts from its state file, on the same port. */
  | { kind: 'bankRestart' }
  /** Two windows pull from the same stored cursor (the bank may step in between); the later pull applies first. */
  | { kind: 'racingWindows'; stepBetween: boolean; pageSize: PageSize }
  | { kind: 'repair' }
  /** The user undoes the `pick`-th applied sync, newest first (test/support/model/modelRevert.ts). */
  | { kind: 'revert'; pick: number };

const faultArb: fc.Arbitrary<Fault> = fc.oneof(
  // 1..2 are absorbed by the retries, 3..4 outlast them.
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('rateLimit' as const), count: fc.integer({ min: 1, max: 4 }), retryAfterSeconds: fc.constantFrom(0 as const, 120 as const) }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('serverError' as const), count: fc.integer({ min: 1, max: 4 }) }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constantFrom('truncatedJson' as const, 'malformed' as const), count: fc.constant(1) }) },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('growDuringPagination' as const), count: fc.integer({ min: 1, max: 4 }) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constantFrom('authExpired' as const, 'deleted' as const) }) },
);

const actionArb: fc.Arbitrary<Action> = fc.oneof(
  { weight: 6, arbitrary: syncActionArb(pageSizeArb, faultArb) },
  { weight: 3, arbitrary: advanceActionArb },
  { weight: 2, arbitrary: crashActionArb(pageSizeArb) },
  { weight: 1, arbitrary: restartActionArb },
  { weight: 1, arbitrary: fc.constant({ kind: 'bankRestart' as const }) },
  { weight: 2, arbitrary: replayStaleActionArb },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('racingWindows' as const), stepBetween: fc.boolean(), pageSize: pageSizeArb }) },
  { weight: 1, arbitrary: fc.constant({ kind: 'repair' as const }) },
  { weight: 1, arbitrary: holdActionArb },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('revert' as const), pick: fc.nat({ max: 3 }) }) },
);

/** A hand-written first run that visits every fault, crash mode, restart, race and replay at least once. */
const TOUR: Action[] = [
  { kind: 'sync', trigger: 'launch', pageSize: 3, fault: { kind: 'growDuringPagination', count: 2 } },
  { kind: 'sync', trigger: 'timer', pageSize: 4, fault: null },
  { kind: 'advance', steps: 3, hoursApart: 12 },
  { kind: 'sync', trigger: 'timer', pageSize: 2, fault: { kind: 'rateLimit', count: 2, retryAfterSeconds: 0 } },
  { kind: 'advance', steps: 2, hoursApart: 20 },
  { kind: 'sync', trigger: 'timer', pageSize: 5, fault: { kind: 'rateLimit', count: 1, retryAfterSeconds: 120 } },
  { kind: 'sync', trigger: 'timer', pageSize: 5, fault: { kind: 'serverError', count: 3 } },
  { kind: 'sync', trigger: 'timer', pageSize: 5, fault: { kind: 'truncatedJson', count: 1 } },
  { kind: 'sync', trigger: 'timer', pageSize: 5, fault: { kind: 'malformed', count: 1 } },
  { kind: 'sync', trigger: 'manual', pageSize: 5, fault: { kind: 'authExpired' } },
  { kind: 'repair' },
  { kind: 'sync', trigger: 'manual', pageSize: 50, fault: null },
  { kind: 'sync', trigger: 'manual', pageSize: 7, fault: { kind: 'deleted' } },
  { kind: 'repair' },
  { kind: 'crash', mode: 'afterPull', pageSize: 4 },
  { kind: 'advance', steps: 1, hoursApart: 6 },
  { kind: 'crash', mode: 'closedDuringPull', pageSize: 1 },
  { kind: 'advance', steps: 2, hoursApart: 30 },
  { kind: 'crash', mode: 'midApply', pageSize: 2 },
  { kind: 'sync', trigger: 'launch', pageSize: 1, fault: null },
  { kind: 'replayStale', pick: 0 },
  { kind: 'racingWindows', stepBetween: false, pageSize: 3 },
  { kind: 'advance', steps: 3, hoursApart: 24 },
  { kind: 'racingWindows', stepBetween: true, pageSize: 6 },
  { kind: 'bankRestart' },
  { kind: 'sync', trigger: 'timer', pageSize: 3, fault: { kind: 'serverError', count: 1 } },
  { kind: 'replayStale', pick: 1 },
  { kind: 'restart' },
  { kind: 'advance', steps: 3, hoursApart: 30 },
  { kind: 'sync', trigger: 'resume', pageSize: { belowUpdate: 1 }, fault: { kind: 'growDuringPagination', count: 4 } },
  { kind: 'advance', steps: 2, hoursApart: 12 },
  { kind: 'hold', resolve: 'discard' },
  { kind: 'hold', resolve: 'apply' },
  { kind: 'sync', trigger: 'timer', pageSize: 4, fault: null },
  // Undo the latest sync, let the bank move and sync over it (a race too), then undo older ones.
  { kind: 'revert', pick: 0 },
  { kind: 'advance', steps: 2, hoursApart: 20 },
  { kind: 'sync', trigger: 'timer', pageSize: 4, fault: null },
  { kind: 'revert', pick: 1 },
  { kind: 'racingWindows', stepBetween: true, pageSize: 5 },
  { kind: 'revert', pick: 0 },
  { kind: 'sync', trigger: 'timer', pageSize: 3, fault: null },
];

// ─── Figures ────────────────────────────────────────────────────────────────────────────────────

const BANK_EVENT_KINDS = ['newPending', 'pendingGone', 'newPosted', 'postedModified', 'postedRemoved'] as const;
type BankEventKind = (typeof BANK_EVENT_KINDS)[number];

const figures = {
  ...modelFigures(FAULT_KINDS, BANK_EVENT_KINDS),
  /** Applied updates whose drain saw the bank step between its pages. */
  drainsThatGrew: 0,
  /** Stored pendings turned into tombstones because a drain no longer carried them. */
  pendingsReplaced: 0,
  /** Sync requests answered 401 expired_access_token and retried with a renewed token. */
  tokenRenewals: 0,
  refreshes: { accepted: 0, limited: 0, refused: 0 },
  bankRestarts: 0,
  racesLostByTheOlderPull: 0,
  ...revertFigures(),
};

/** The net change between two looks at the bank. MoneyKit links no posting to its pending, so a pending simply goes. */
function classifyBankEvents(before: ReadonlyMap<string, MoneykitTransactionWire>, after: ReadonlyMap<string, MoneykitTransactionWire>): Record<BankEventKind, number> {
  const counts = zeroes(BANK_EVENT_KINDS);
  for (const [id, t] of after) {
    const was = before.get(id);
    if (was === undefined) counts[t.pending ? 'newPending' : 'newPosted']++;
    else if (JSON.stringify(was) !== JSON.stringify(t)) counts.postedModified++;
  }
  for (const [id, t] of before) if (!after.has(id)) counts[t.pending ? 'pendingGone' : 'postedRemoved']++;
  return counts;
}

// ─── The bank and the links ─────────────────────────────────────────────────────────────────────

let bank: MoneykitBank;
let stateDir: string;
let port = 0;
const clock = new ModelClock();

async function startBank(): Promise<void> {
  bank = await startMoneykitBank({
    seed: search.seed, clientId: CLIENT_ID, clientSecret: CLIENT_SECRET, profile: PROFILE, now: clock.now,
    stateFile: join(stateDir, 'moneykit-bank.json'), refreshWindowMs: REFRESH_WINDOW_MS, port,
  });
  port = Number(new URL(bank.url).port);
}

beforeAll(async () => {
  stateDir = mkdtempSync(join(tmpdir(), 'mk-model-'));
  // Seeding the bank with the fast-check seed makes one number replay both the actions and the ledger.
  await startBank();
});

afterAll(async () => {
  await bank.close();
  rmSync(stateDir, { recursive: true, force: true });
  search.printFigures('MoneyKit sync model', figures);
});

/**
 * A MoneyKit client whose own clock is real time while the bank's runs hours ahead with the model:
 * the client cannot see its token expire, so the bank's 401 must tell it (and it must renew).
 */
function newClient(): MoneykitClient {
  const counting = (async (input: string | URL | Request, init?: RequestInit) => {
    const res = await fetch(input, init);
    if (res.status === 401 && new URL(String(input)).pathname.endsWith('/transactions/sync')) figures.tokenRenewals++;
    return res;
  }) as typeof fetch;
  return createMoneykitClient({ baseUrl: bank.url, clientId: CLIENT_ID, clientSecret: CLIENT_SECRET, timeoutMs: 10_000 }, { fetch: counting });
}

async function linkNew(): Promise<{ linkId: string; ordinal: number }> {
  const ordinal = bank.links().length; // the ledger of link n under a seed is always the same
  return { linkId: await linkThroughConnect(newClient(), `model-user-${ordinal}`), ordinal };
}

// ─── One run ────────────────────────────────────────────────────────────────────────────────────

/** Main, in process, with Refresh now going to the real adapter (Plaid's harness stubs it out). */
class MoneykitInProcessApi extends InProcessApi {
  constructor(private readonly mk: InProcessMain & { connectionId: string }) {
    super(mk);
  }

  // Optional only to stay assignable to the base class's parameterless stub; syncConnection always passes it.
  override async requestRefresh(input?: ChannelInput<'sync:refresh'>): Promise<ChannelOutput<'sync:refresh'>> {
    if (input === undefined) throw new Error('requestRefresh needs a connection');
    const result = await this.mk.adapter().refresh({ connectionId: input.connectionId, externalId: this.mk.externalId, accessToken: null });
    if (result.requested) figures.refreshes.accepted++;
    else if (result.availableAt !== null) figures.refreshes.limited++;
    else figures.refreshes.refused++;
    return result;
  }
}

function describeAction(a: Action): string {
  switch (a.kind) {
    case 'bankRestart': return 'restart the bank';
    case 'racingWindows': return `two windows race (${a.stepBetween ? 'the bank steps between their pulls' : 'same bank state'}, ${describePageSize(a.pageSize)})`;
    case 'repair': return 'repair the link';
    case 'revert': return `undo sync #${a.pick}`;
    default: return describeCommonAction(a, (f) => (f.kind === 'rateLimit' ? ` retry-after ${f.retryAfterSeconds}s` : ''));
  }
}

type Expected = 'applied' | 'needs_reauth' | 'disconnected' | 'rate_limited' | 'provider_unavailable' | 'bad_response';

/** What the sync must end in, from the fault alone: this is how the model knows each fault fired. */
function expectedOutcome(fault: Fault | null, sticky: { deleted: boolean; authExpired: boolean }): Expected {
  if (sticky.deleted) return 'disconnected';
  if (sticky.authExpired) return 'needs_reauth';
  if (fault === null) return 'applied';
  switch (fault.kind) {
    case 'authExpired': return 'needs_reauth';
    case 'deleted': return 'disconnected';
    case 'rateLimit': return fault.retryAfterSeconds > 0 || fault.count >= RETRY.attempts ? 'rate_limited' : 'applied';
    case 'serverError': return fault.count >= RETRY.attempts ? 'provider_unavailable' : 'applied';
    case 'truncatedJson':
    case 'malformed': return 'bad_response';
    case 'growDuringPagination': return 'applied';
  }
}

class MoneykitModelRun extends ModelRun<Action, MoneykitTransactionWire> {
  protected readonly api: MoneykitInProcessApi;
  private client: MoneykitClient;
  private pageSize = 500;
  private sticky = { deleted: false, authExpired: false };
  private readonly reverts = new RevertBook(figures, (message) => this.fail(message));

  protected override undoDiffersFromBank(): boolean {
    return this.reverts.differsFromBank;
  }
  private readonly replacedPendings = new Set<string>();

  constructor(n: number, private readonly linkId: string) {
    super(`mk-model-${n}`, `mk-model-${n}`, figures, 'the bank\'s', clock);
    this.client = newClient();
    this.api = new MoneykitInProcessApi({
      connectionId: this.connectionId,
      externalId: linkId,
      accessToken: null,
      adapter: () => moneykitAdapter(this.client, RETRY, { pageSize: this.pageSize, now: clock.now }),
    });
    this.bankView = this.lookAtBank();
  }

  /**
   * Clears every fault, syncs until it applies, then demands the bank's exact state and a next pull
   * that carries nothing from the same MoneyKit cursor: no institution refresh happened in between,
   * so MoneyKit (as documented: "only changes since the previous call") sends no pendings, and the
   * update must keep the stored ones (no replace scope) rather than tombstone them (issue 14).
   */
  async settle(): Promise<void> {
    this.sticky = { deleted: false, authExpired: false };
    bank.setFaults(this.linkId, {});
    this.pageSize = 500;
    await this.syncUntilApplied(() => this.sync('retry', 'strict'));

    const cursor = await this.storedCursor();
    const next = await this.api.pull({ connectionId: this.connectionId, cursor, trigger: 'timer' });
    if (next.kind !== 'update') this.fail(`a further pull failed: ${JSON.stringify(next).slice(0, 300)}`);
    if (next.update.upserts.length + next.update.removals.length + next.update.replace.length > 0
      || serverCursorOf(next.update.nextCursor) !== serverCursorOf(cursor)) {
      this.fail(`the stored cursor is not the bank's latest: a further pull gave ${JSON.stringify(next).slice(0, 300)}`);
    }
  }

  protected describe(action: Action): string {
    return describeAction(action);
  }

  protected async step(action: Action): Promise<string> {
    switch (action.kind) {
      case 'advance':
        return this.advance(action.steps, action.hoursApart);
      case 'sync':
        return this.faultedSync(action);
      case 'crash':
        bank.setFaults(this.linkId, this.stickyPlan());
        this.pageSize = await this.resolvePageSize(action.pageSize);
        return this.crash(action.mode);
      case 'restart':
        await this.restart();
        return 'reopened';
      case 'bankRestart':
        figures.bankRestarts++;
        await bank.close();
        await startBank();
        this.newClient(); // same URL; a fresh client only so no HTTP keep-alive outlives the old server
        return 'bank restarted from its state file';
      case 'replayStale':
        return this.replayStale(action.pick);
      case 'racingWindows':
        return this.racingWindows(action.stepBetween, action.pageSize);
      case 'hold':
        bank.setFaults(this.linkId, this.stickyPlan());
        return this.hold(action.resolve, () => this.sync('timer', 'strict'));
      case 'repair':
        this.sticky = { deleted: false, authExpired: false };
        bank.setFaults(this.linkId, {});
        return 'repaired';
      case 'revert':
        return this.reverts.revert(this.db, action.pick, this.everTombstoned, this.connectionId);
    }
  }

  protected stepBank(): void {
    bank.advance(this.linkId, 1);
  }

  /** A new MoneyKit client: no cached token. */
  protected newClient(): void {
    this.client = newClient();
  }

  /** Every MoneyKit update ends at a checkpoint of its own, so every committed update is stale now. */
  protected override staleCandidates(): SyncUpdate[] {
    return this.committed;
  }

  private stickyPlan(): MoneykitFaultPlan {
    return { authExpired: this.sticky.authExpired, deleted: this.sticky.deleted };
  }

  private async faultedSync(action: Extract<Action, { kind: 'sync' }>): Promise<string> {
    const { fault } = action;
    if (fault) figures.faultsInjected[fault.kind]++;
    if (fault?.kind === 'authExpired') this.sticky.authExpired = true;
    if (fault?.kind === 'deleted') this.sticky.deleted = true;
    const plan = this.stickyPlan();
    if (fault?.kind === 'rateLimit') Object.assign(plan, { rateLimit: fault.count, retryAfterSeconds: fault.retryAfterSeconds });
    else if (fault && 'count' in fault) plan[fault.kind] = fault.count;
    bank.setFaults(this.linkId, plan);
    this.pageSize = await this.resolvePageSize(action.pageSize);

    const expected = expectedOutcome(fault, this.sticky);
    // A drain that may see the bank step mid-way is compared with the ledger as of its start, so no
    // Refresh now may step the bank before it.
    const growing = fault?.kind === 'growDuringPagination';
    const outcome = await this.sync(growing ? 'timer' : action.trigger, growing ? 'asOfStart' : 'strict');
    const got = this.expectOutcome(outcome, expected);
    return outcome.kind === 'applied' ? this.appliedNote(outcome) : got;
  }

  /**
   * One real syncConnection. Not applied → the database must be exactly as before. Applied → the
   * stored live rows must equal the bank's truth now ('strict'), or — when the bank stepped during
   * the drain — the truth as it was when the drain began ('asOfStart').
   */
  private async sync(trigger: SyncTrigger, check: 'strict' | 'asOfStart'): Promise<SyncOutcome> {
    const truthAtStart = this.expectedTransactions();
    const table = await this.reverts.tableBefore(this.db);
    const { outcome, update } = await this.syncOnce(trigger);
    if (update === null) return outcome;
    this.reverts.applied(update, table);
    const grew = check === 'asOfStart' && JSON.stringify(truthAtStart) !== JSON.stringify(this.expectedTransactions());
    if (grew) figures.drainsThatGrew++;
    this.observeBank();
    await this.compareWithBank(grew ? truthAtStart : this.expectedTransactions(), !grew);
    return outcome;
  }

  /**
   * Window A pulls; (the bank may step;) window B pulls from the same stored cursor and applies
   * first. A's update must then be refused as stale — with MoneyKit's pending set restated by every
   * update, applying the older one last would drop pendings B just stored.
   */
  private async racingWindows(stepBetween: boolean, pageSize: PageSize): Promise<string> {
    bank.setFaults(this.linkId, this.stickyPlan());
    this.pageSize = await this.resolvePageSize(pageSize);
    const cursor = await this.storedCursor();
    const older = await this.api.pull({ connectionId: this.connectionId, cursor, trigger: 'resume' });
    if (stepBetween) this.advance(1, 1);
    const newer = await this.api.pull({ connectionId: this.connectionId, cursor, trigger: 'resume' });
    if (older.kind !== 'update' || newer.kind !== 'update') return `no race: a pull did not give an update (${older.kind}, ${newer.kind})`;
    const meta = { trigger: 'resume' as const, startedAt: new Date().toISOString() };
    const table = await this.reverts.tableBefore(this.db);
    const first = await applyUpdate(this.db, newer.update, meta);
    if (first.outcome !== 'applied') this.fail('the first of two racing updates was not applied');
    this.reverts.applied(newer.update, table);
    this.committed.unshift(newer.update);
    figures.syncsApplied++;
    await this.compareWithBank(this.expectedTransactions(), true);
    const before = await snapshotDb(this.db);
    const second = await applyUpdate(this.db, older.update, meta);
    if (second.outcome !== 'stale') this.fail('the older of two updates from the same cursor was applied after the newer one');
    await this.expectUnchanged(before, 'the older racing update');
    figures.racesLostByTheOlderPull++;
    bump(figures.syncsNotApplied, 'lost a race');
    return 'the newer pull applied, the older was stale';
  }

  /** `belowUpdate`: the next drain carries every posted change plus the whole pending set. */
  private async resolvePageSize(size: PageSize): Promise<number> {
    if (typeof size === 'number') return size;
    const expected = this.expectedTransactions();
    const rows = (await this.db.transactions.toArray()).filter((r) => !r.pending);
    const entries = netChangeCount(rows, expected.filter((t) => !t.pending)) + expected.filter((t) => t.pending).length;
    return Math.min(500, Math.max(1, entries - size.belowUpdate));
  }

  private expectedTransactions(): Transaction[] {
    return truthTransactions(bank, this.linkId, this.connectionId);
  }

  protected lookAtBank(): Map<string, MoneykitTransactionWire> {
    return new Map(bank.truth(this.linkId).transactions.map((t) => [t.transaction_id, t]));
  }

  protected bankEvents(before: ReadonlyMap<string, MoneykitTransactionWire>, after: ReadonlyMap<string, MoneykitTransactionWire>): Record<string, number> {
    return classifyBankEvents(before, after);
  }

  private async compareWithBank(expected: readonly Transaction[], withAccounts: boolean): Promise<void> {
    const rows = await this.db.transactions.toArray();
    for (const r of rows) {
      if (!r.pending || r.removedAt === null || this.replacedPendings.has(r.id)) continue;
      this.replacedPendings.add(r.id);
      figures.pendingsReplaced++;
    }
    // The bank's live set, with what an undo put back kept until an update names or restates it.
    this.compareRows(rows, this.reverts.expected(expected));
    if (withAccounts) await this.compareAccounts(truthAccounts(bank, this.linkId, this.connectionId));
  }
}

// ─── The property ───────────────────────────────────────────────────────────────────────────────

describeSyncModel(search, {
  title: 'MoneyKit sync model: cursor sync and pending-set replacement under faults, crashes and restarts',
  tourVisits: 'every fault, crash mode, restart, race, stale replay and a held update applied and discarded',
  truthName: 'the bank\'s',
  clock,
  tour: TOUR,
  actionArb,
  link: linkNew,
  linked: () => bank.links().length,
  newRun: (n, link) => new MoneykitModelRun(n, link.linkId),
  coverage: () => {
    expectModelCoverage(figures, { faults: FAULT_KINDS, bankEvents: BANK_EVENT_KINDS, bankEventLabel: 'bank event', fullSearch: search.fullSearch });
    expect(figures.racesLostByTheOlderPull).toBeGreaterThan(0);
    expect(figures.reverts).toBeGreaterThan(0);
    expect(figures.rowsRestoredCompared).toBeGreaterThan(0);
    expect(figures.bankRestarts).toBeGreaterThan(0);
    expect(figures.drainsThatGrew).toBeGreaterThan(0);
    expect(figures.pendingsReplaced).toBeGreaterThan(0);
    expect(figures.tokenRenewals).toBeGreaterThan(0);
    expect(figures.refreshes.accepted).toBeGreaterThan(0);
  },
});
