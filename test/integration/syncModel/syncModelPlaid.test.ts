import 'fake-indexeddb/auto';
import fc from 'fast-check';
import { Products, type PlaidApi } from 'plaid';
import { afterAll, beforeAll, expect } from 'vitest';
import { mapPlaidAccount, mapPlaidTransaction } from '../../../electron/providers/plaid/mapPlaid';
import { plaidAdapter } from '../../../electron/providers/plaid/plaidAdapter';
import { createPlaidApi } from '../../../electron/providers/plaid/plaidClient';
import { PlaidAccountSchema, PlaidTransactionSchema } from '../../../electron/providers/plaid/plaidSchemas';
import { startPlaidBank, type PlaidBank, type FaultPlan, type PlaidTransactionWire } from '../../../electron/demo-banks/plaid/plaidBank';
import type { SyncOutcome } from '../../../renderer/src/sync/runSync';
import type { SyncTrigger, Transaction } from '../../../shared/types';
import {
  advanceActionArb, crashActionArb, describeCommonAction, holdActionArb, pageSizeArb, replayStaleActionArb, restartActionArb, syncActionArb,
  type CommonAction, type PageSize,
} from '../../support/model/modelActions';
import { ModelSearch, describeSyncModel, expectModelCoverage } from '../../support/model/modelProperty';
import { MODEL_RETRY as RETRY, ModelClock, ModelRun, modelFigures } from '../../support/model/modelRun';
import { RevertBook, revertFigures } from '../../support/model/modelRevert';
import { BANK_EVENT_KINDS, InProcessApi, classifyBankEvents, netChangeCount } from '../../support/model/syncModelHarness';

/*
 * The model-based proof that cursor sync is correct under faults, crashes and restarts.
 *
 * Each fast-check run links a fresh demo-bank item through the official SDK, opens a fresh Dexie
 * database on fake-indexeddb, and plays a generated list of actions against the REAL path: the
 * renderer's syncConnection → an in-process LedgerlineApi → the real plaidAdapter/pullPlaid → HTTP →
 * the demo bank, and back into the real applyUpdate. The model is the bank itself: after every
 * applied sync the stored live rows must equal the bank's truth, and every sync that did not apply
 * (a fault, a crash, a stale replay) must leave the database byte-for-byte as it was.
 *
 * What every model shares (the run, crashes, restarts, stale replays, the comparison, the clock,
 * the three tests, the replay knobs LEDGERLINE_MODEL_SEED / _RUNS / _PATH / _ITEM) is in
 * test/support/model/; this file holds Plaid's bank, faults and expected outcomes.
 */

const CLIENT_ID = 'ledgerline-model';
const SECRET = 'model-secret-0123456789';
/** pullPlaid's default: restarts allowed after mutation during pagination. */
const MAX_PAGINATION_RESTARTS = 5;
/** Small histories (~100 rows) keep a run fast while page sizes of 1..8 still make dozens of pages. */
const PROFILE = { historyDays: 20, txPerDay: 5 };
const search = new ModelSearch('test/integration/syncModel/syncModelPlaid.test.ts', 60);

// ─── Actions ────────────────────────────────────────────────────────────────────────────────────

type CountedFault = 'mutationDuringPagination' | 'rateLimit' | 'serverError' | 'truncatedJson' | 'malformed' | 'notReady';
type Fault = { kind: CountedFault; count: number } | { kind: 'loginRequired' };
type FaultKind = Fault['kind'];
const FAULT_KINDS: readonly FaultKind[] = ['mutationDuringPagination', 'rateLimit', 'serverError', 'truncatedJson', 'malformed', 'loginRequired', 'notReady'];

// A `belowUpdate` page size makes the first page end just before the window's tail, where the newest
// pendings are, so a mutation during pagination settles pendings the client was already sent.
// `revert`: the user undoes the `pick`-th applied sync, newest first (test/support/model/modelRevert.ts).
type Action = CommonAction<Fault> | { kind: 'repairLogin' } | { kind: 'revert'; pick: number };

// Login-required is sticky until a `repairLogin`, so it is drawn less often than the one-shot faults.
const faultArb: fc.Arbitrary<Fault> = fc.oneof(
  {
    weight: 3,
    // Up to 7: up to MAX_PAGINATION_RESTARTS it must recover; beyond, a multi-page pull gives up.
    arbitrary: fc.record({ kind: fc.constant('mutationDuringPagination' as const), count: fc.integer({ min: 1, max: 7 }) }),
  },
  {
    weight: 2,
    // 1..2 are absorbed by the retries, 3..4 outlast them.
    arbitrary: fc.record({ kind: fc.constantFrom('rateLimit' as const, 'serverError' as const), count: fc.integer({ min: 1, max: 4 }) }),
  },
  { weight: 2, arbitrary: fc.record({ kind: fc.constantFrom('truncatedJson' as const, 'malformed' as const, 'notReady' as const), count: fc.constant(1) }) },
  { weight: 1, arbitrary: fc.constant({ kind: 'loginRequired' as const }) },
);

const actionArb: fc.Arbitrary<Action> = fc.oneof(
  { weight: 5, arbitrary: syncActionArb(pageSizeArb, faultArb) },
  { weight: 3, arbitrary: advanceActionArb },
  { weight: 2, arbitrary: crashActionArb(pageSizeArb) },
  { weight: 1, arbitrary: restartActionArb },
  { weight: 2, arbitrary: replayStaleActionArb },
  { weight: 1, arbitrary: fc.constant({ kind: 'repairLogin' as const }) },
  { weight: 1, arbitrary: holdActionArb },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('revert' as const), pick: fc.nat({ max: 3 }) }) },
);

/**
 * A hand-written first run that visits every fault, crash mode, restart and replay at least once,
 * so coverage of the catalogue never depends on luck; the random runs then explore interleavings.
 */
const TOUR: Action[] = [
  { kind: 'sync', trigger: 'launch', pageSize: 3, fault: { kind: 'mutationDuringPagination', count: 2 } },
  { kind: 'advance', steps: 3, hoursApart: 12 },
  { kind: 'sync', trigger: 'timer', pageSize: 2, fault: { kind: 'rateLimit', count: 2 } },
  { kind: 'advance', steps: 2, hoursApart: 20 },
  { kind: 'sync', trigger: 'timer', pageSize: 5, fault: { kind: 'rateLimit', count: 3 } },
  { kind: 'sync', trigger: 'timer', pageSize: 5, fault: { kind: 'serverError', count: 3 } },
  { kind: 'sync', trigger: 'timer', pageSize: 5, fault: { kind: 'truncatedJson', count: 1 } },
  { kind: 'sync', trigger: 'timer', pageSize: 5, fault: { kind: 'malformed', count: 1 } },
  { kind: 'sync', trigger: 'timer', pageSize: 5, fault: { kind: 'notReady', count: 1 } },
  { kind: 'sync', trigger: 'manual', pageSize: 5, fault: { kind: 'loginRequired' } },
  { kind: 'sync', trigger: 'manual', pageSize: 50, fault: null },
  { kind: 'repairLogin' },
  { kind: 'crash', mode: 'afterPull', pageSize: 4 },
  { kind: 'advance', steps: 1, hoursApart: 6 },
  { kind: 'crash', mode: 'closedDuringPull', pageSize: 1 },
  { kind: 'advance', steps: 2, hoursApart: 30 },
  { kind: 'crash', mode: 'midApply', pageSize: 2 },
  { kind: 'sync', trigger: 'launch', pageSize: 1, fault: null },
  { kind: 'replayStale', pick: 0 },
  { kind: 'advance', steps: 3, hoursApart: 24 },
  { kind: 'sync', trigger: 'timer', pageSize: 3, fault: { kind: 'serverError', count: 1 } },
  { kind: 'replayStale', pick: 1 },
  { kind: 'restart' },
  { kind: 'advance', steps: 3, hoursApart: 30 },
  { kind: 'sync', trigger: 'resume', pageSize: 2, fault: { kind: 'mutationDuringPagination', count: 7 } },
  { kind: 'advance', steps: 2, hoursApart: 8 },
  { kind: 'sync', trigger: 'timer', pageSize: { belowUpdate: 1 }, fault: { kind: 'mutationDuringPagination', count: 1 } },
  { kind: 'advance', steps: 2, hoursApart: 10 },
  { kind: 'hold', resolve: 'discard' },
  { kind: 'hold', resolve: 'apply' },
  { kind: 'advance', steps: 1, hoursApart: 10 },
  { kind: 'hold', resolve: 'discard' },
  { kind: 'sync', trigger: 'timer', pageSize: 4, fault: null },
  // Undo the latest sync, sync again on top of the undo, then try older ones (the first sync is refused).
  { kind: 'revert', pick: 0 },
  { kind: 'advance', steps: 2, hoursApart: 20 },
  { kind: 'sync', trigger: 'timer', pageSize: 4, fault: null },
  { kind: 'revert', pick: 2 },
  { kind: 'revert', pick: 1 },
  { kind: 'revert', pick: 0 },
  { kind: 'advance', steps: 3, hoursApart: 24 },
  { kind: 'sync', trigger: 'timer', pageSize: 3, fault: null },
  { kind: 'revert', pick: 9 },
];

// ─── Figures ────────────────────────────────────────────────────────────────────────────────────

const figures = {
  ...modelFigures(FAULT_KINDS, BANK_EVENT_KINDS),
  paginationRestarts: 0,
  /** Updates that drained more than one page and carried a pending → posted replacement. */
  multiPageUpdatesWithPostings: 0,
  ...revertFigures(),
};

// ─── The bank and the items ─────────────────────────────────────────────────────────────────────

let bank: PlaidBank;
const clock = new ModelClock();

beforeAll(async () => {
  // Seeding the bank with the fast-check seed makes one number replay both the actions and the ledger.
  bank = await startPlaidBank({
    seed: search.seed, clientId: CLIENT_ID, secret: SECRET, tickIntervalMs: null, profile: PROFILE, now: clock.now,
  });
});

afterAll(async () => {
  await bank.close();
  search.printFigures('sync model', figures);
});

const newPlaidClient = (): PlaidApi => createPlaidApi({ basePath: bank.plaidUrl, clientId: CLIENT_ID, secret: SECRET, timeoutMs: 10_000 });

async function linkItem(): Promise<{ itemId: string; accessToken: string; ordinal: number }> {
  const ordinal = bank.items().length; // the ledger of item n under a seed is always the same
  const plaid = newPlaidClient();
  const { data: pub } = await plaid.sandboxPublicTokenCreate({ institution_id: 'ins_109508', initial_products: [Products.Transactions] });
  const { data } = await plaid.itemPublicTokenExchange({ public_token: pub.public_token });
  return { itemId: data.item_id, accessToken: data.access_token, ordinal };
}

// ─── One run ────────────────────────────────────────────────────────────────────────────────────

const describeAction = (a: Action): string => (a.kind === 'repairLogin' ? 'repair login' : a.kind === 'revert' ? `undo sync #${a.pick}` : describeCommonAction(a));

type Expected = 'applied' | 'needs_reauth' | 'rate_limited' | 'provider_unavailable' | 'bad_response' | 'waiting' | 'applied_or_gave_up';

/** What the sync must end in, from the fault alone: this is how the model knows each fault fired. */
function expectedOutcome(fault: Fault | null, loginBroken: boolean): Expected {
  if (loginBroken) return 'needs_reauth';
  if (fault === null) return 'applied';
  switch (fault.kind) {
    case 'loginRequired': return 'needs_reauth';
    case 'rateLimit': return fault.count >= RETRY.attempts ? 'rate_limited' : 'applied';
    case 'serverError': return fault.count >= RETRY.attempts ? 'provider_unavailable' : 'applied';
    case 'truncatedJson':
    case 'malformed': return 'bad_response';
    case 'notReady': return 'waiting';
    // It only fires on a page with has_more: a one-page update succeeds whatever the count.
    case 'mutationDuringPagination': return fault.count > MAX_PAGINATION_RESTARTS ? 'applied_or_gave_up' : 'applied';
  }
}

class PlaidModelRun extends ModelRun<Action, PlaidTransactionWire> {
  protected readonly api: InProcessApi;
  private plaid: PlaidApi;
  private pageSize = 500;
  private loginBroken = false;
  private readonly reverts = new RevertBook(figures, (message) => this.fail(message));

  protected override undoDiffersFromBank(): boolean {
    return this.reverts.differsFromBank;
  }

  constructor(n: number, private readonly item: { itemId: string; accessToken: string }) {
    super(`model-${n}`, `model-${n}`, figures, 'the bank\'s', clock);
    this.plaid = newPlaidClient();
    this.api = new InProcessApi({
      externalId: item.itemId,
      accessToken: item.accessToken,
      adapter: () => plaidAdapter(this.plaid, RETRY, undefined, { pageSize: this.pageSize }),
    });
    this.bankView = this.lookAtBank();
  }

  /** Clears every fault, syncs until it applies, then demands the bank's exact state and an empty next pull. */
  async settle(): Promise<void> {
    bank.setFaults(this.item.itemId, {});
    this.loginBroken = false;
    this.pageSize = 500;
    await this.syncUntilApplied(() => this.sync('retry'));

    const cursor = await this.storedCursor();
    const next = await this.api.pull({ connectionId: this.connectionId, cursor, trigger: 'timer' });
    if (next.kind !== 'update' || next.update.upserts.length + next.update.removals.length > 0 || next.update.nextCursor !== cursor) {
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
        bank.setFaults(this.item.itemId, { loginRequired: this.loginBroken });
        this.pageSize = await this.resolvePageSize(action.pageSize);
        return this.crash(action.mode);
      case 'restart':
        await this.restart();
        return 'reopened';
      case 'replayStale':
        return this.replayStale(action.pick);
      case 'hold':
        bank.setFaults(this.item.itemId, { loginRequired: this.loginBroken });
        return this.hold(action.resolve, () => this.sync('timer'));
      case 'repairLogin':
        this.loginBroken = false;
        bank.setFaults(this.item.itemId, {});
        return 'login repaired';
      case 'revert':
        return this.reverts.revert(this.db, action.pick, this.everTombstoned, this.connectionId);
    }
  }

  protected stepBank(): void {
    bank.advance(this.item.itemId, 1);
  }

  protected newClient(): void {
    this.plaid = newPlaidClient();
  }

  private async faultedSync(action: Extract<Action, { kind: 'sync' }>): Promise<string> {
    if (action.fault) figures.faultsInjected[action.fault.kind]++;
    if (action.fault?.kind === 'loginRequired') this.loginBroken = true;
    const plan: FaultPlan = { loginRequired: this.loginBroken };
    if (action.fault && action.fault.kind !== 'loginRequired') plan[action.fault.kind] = action.fault.count;
    bank.setFaults(this.item.itemId, plan);
    this.pageSize = await this.resolvePageSize(action.pageSize);

    const expected = expectedOutcome(action.fault, this.loginBroken);
    const outcome = await this.sync(action.trigger);
    const got = this.expectOutcome(outcome, expected, expected === 'applied_or_gave_up' ? ['applied', 'provider_unavailable'] : [expected]);
    return outcome.kind === 'applied' ? this.appliedNote(outcome) : got;
  }

  /**
   * One real syncConnection. Not applied → the database must be exactly as before; applied → the
   * stored live rows must equal the bank's truth right now (the pull that succeeded saw no mutation).
   */
  private async sync(trigger: SyncTrigger): Promise<SyncOutcome> {
    const table = await this.reverts.tableBefore(this.db);
    const { outcome, update } = await this.syncOnce(trigger);
    if (update === null) return outcome;
    this.reverts.applied(update, table);
    figures.paginationRestarts += update.restarts;
    const removed = new Set(update.removals);
    if (update.pages > 1 && update.upserts.some((t) => t.pendingId !== null && removed.has(t.pendingId))) figures.multiPageUpdatesWithPostings++;
    this.observeBank();
    // The bank's live set, with what an undo put back kept until the bank changes those rows again.
    this.compareRows(await this.db.transactions.toArray(), this.reverts.expected(this.expectedTransactions()));
    await this.compareAccounts(
      bank.truth(this.item.itemId).accounts.map((a) => mapPlaidAccount(PlaidAccountSchema.parse(a), this.connectionId)).sort((a, b) => a.id.localeCompare(b.id)),
    );
    return outcome;
  }

  private async resolvePageSize(size: PageSize): Promise<number> {
    if (typeof size === 'number') return size;
    const changes = netChangeCount(await this.db.transactions.toArray(), this.expectedTransactions());
    return Math.min(500, Math.max(1, changes - size.belowUpdate));
  }

  private expectedTransactions(): Transaction[] {
    return bank.truth(this.item.itemId).transactions.map((t) => mapPlaidTransaction(PlaidTransactionSchema.parse(t), this.connectionId));
  }

  protected lookAtBank(): Map<string, PlaidTransactionWire> {
    return new Map(bank.truth(this.item.itemId).transactions.map((t) => [t.transaction_id, t]));
  }

  protected bankEvents(before: ReadonlyMap<string, PlaidTransactionWire>, after: ReadonlyMap<string, PlaidTransactionWire>): Record<string, number> {
    return classifyBankEvents(before, after);
  }
}

// ─── The property ───────────────────────────────────────────────────────────────────────────────

describeSyncModel(search, {
  title: 'sync model: cursor sync against the demo bank under faults, crashes and restarts',
  tourVisits: 'every fault, crash mode, restart, stale replay and a held update applied and discarded',
  truthName: 'the bank\'s',
  clock,
  tour: TOUR,
  actionArb,
  link: linkItem,
  linked: () => bank.items().length,
  newRun: (n, item) => new PlaidModelRun(n, item),
  coverage: () => {
    expectModelCoverage(figures, { faults: FAULT_KINDS, bankEvents: BANK_EVENT_KINDS, bankEventLabel: 'bank event', fullSearch: search.fullSearch });
    expect(figures.paginationRestarts).toBeGreaterThan(0);
    expect(figures.multiPageUpdatesWithPostings).toBeGreaterThan(0);
    expect(figures.reverts).toBeGreaterThan(0);
    expect(figures.rowsRestoredCompared).toBeGreaterThan(0);
    expect(figures.rowsHeldByUndo).toBeGreaterThan(0);
    expect(figures.revertsRefused).toBeGreaterThan(0); // the tour's first sync
  },
});
