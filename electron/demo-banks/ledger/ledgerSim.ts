/**
 * The demo banks' ledger: one linked item's accounts and transactions, and the append-only event
 * log that every provider wire format (Plaid's cursor sync first) is served from. What it draws
 * from (payees, categories, spending patterns, account templates) is catalog.ts and accounts.ts.
 *
 * Deterministic by construction: the item's ledger is a pure function of (seed, item ordinal,
 * creation time, profile) plus the list of step times, all of which the caller records. Each step
 * draws from its own generator keyed by its index, so replaying the recorded steps after a restart
 * rebuilds the identical log, and every cursor issued before the restart stays meaningful.
 *
 * Amounts are integer cents in Plaid's sign convention (positive = money out of the account), the
 * convention of the first wire format served from here; other formats convert at their edge.
 *
 * Over 300 lines because it is one class whose private state — the live set, the per-account
 * balances, the pending → posted links and the event log — every kind of step (history, daily
 * step, burst, script, revision) changes together; split into files, each step would reach into
 * the others' state.
 */
import { makeAccounts, type AccountRole, type SimAccount } from './accounts';
import {
  CARD_PAYMENT_RECEIVED, CATEGORIES, GYM, INTEREST, MEAN_SPEND_CENTS, OTHER_BANK_CARD_PAYMENT, OTHER_BANK_PAYMENT_RECEIVED, PAYROLL, RENT,
  RENT_CENTS, SAVINGS_TRANSFER_CENTS, SPEND_KINDS, SUBSCRIPTION, UTILITY, drawSpend, institutional, type Payee, type Spend,
} from './catalog';
import { billsOn, crossBankPayment, type HouseholdRole } from './household';
import { createRng, type Rng } from './rng';

export type { AccountRole, SimAccount } from './accounts';
export type { Category, Payee } from './catalog';

// ─── Transactions and the event log ─────────────────────────────────────────────────────────────

export interface SimTransaction {
  readonly id: string;
  readonly accountId: string;
  /** Integer cents, positive = money out of the account (Plaid's sign). */
  readonly amountCents: number;
  /** YYYY-MM-DD: the posted date, or the authorization date while pending. */
  readonly date: string;
  readonly authorizedDate: string;
  readonly name: string;
  readonly merchantName: string | null;
  readonly payee: Payee;
  readonly pending: boolean;
  /** On a posted row: the id of the pending row it replaced. */
  readonly pendingTransactionId: string | null;
}

export type LedgerEventKind = 'add' | 'modify' | 'remove';

export interface LedgerEvent {
  readonly kind: LedgerEventKind;
  /** The row after the event; for a removal, the row as it was when removed. */
  readonly txn: SimTransaction;
}

/** One entry of a net diff between two log positions. */
export interface LedgerChange {
  readonly kind: 'added' | 'modified' | 'removed';
  readonly txn: SimTransaction;
}

export interface AccountBalance {
  readonly currentCents: number;
  readonly availableCents: number;
  readonly limitCents: number | null;
}

export interface LedgerProfile {
  readonly accounts: number;
  readonly historyDays: number;
  /** Average rows per day across all accounts, recurring ones included. */
  readonly txPerDay: number;
}

export interface BurstSpec {
  readonly authorize: number;
  readonly post: number;
  readonly add: number;
  readonly modify: number;
  readonly remove: number;
  /** Older history the bank only now makes available: rows dated before the ledger's first day, in one account. */
  readonly backfill?: number;
}

/**
 * One event of a scripted step: a test names exactly what the bank does next, instead of hoping a
 * seeded step happens to produce it. Amounts are integer cents in the simulation's sign (positive
 * = money out, as Plaid sends them).
 */
export type ScriptedEvent =
  /** A new pending authorization at a catalog merchant (`payee` is its display name, e.g. "Starbucks"). */
  | { readonly kind: 'authorize'; readonly key: string; readonly payee: string; readonly amountCents: number; readonly accountRole?: AccountRole }
  /** A pending (by id, or by the key of an earlier `authorize`) posts, with or without `pending_transaction_id`. */
  | { readonly kind: 'post'; readonly key: string; readonly pending: string; readonly amountCents?: number; readonly link: boolean }
  /** The bank revises a posted row. */
  | { readonly kind: 'modify'; readonly id: string; readonly amountCents?: number; readonly name?: string }
  /** The bank withdraws a row. */
  | { readonly kind: 'remove'; readonly id: string };

export const DEFAULT_PROFILE: LedgerProfile = { accounts: 3, historyDays: 365, txPerDay: 5 };

export interface LedgerParams {
  readonly seed: number;
  /** The item's creation order within the bank: item n of a seed is always the same ledger. */
  readonly ordinal: number;
  readonly createdAt: Date;
  readonly profile?: Partial<LedgerProfile>;
  /**
   * The share of postings the bank reports without `pending_transaction_id`, as some banks do, so
   * clients must pair them with their pending row by amount, date and merchant. Default
   * DEFAULT_UNLINKED_POSTINGS. Which postings go unlinked depends only on the seed and the posted
   * row's id, never on the step's generator, so changing it moves nothing else in the ledger.
   */
  readonly unlinkedPostings?: number;
  /**
   * The balance-check scenario (demo mode's Plaid item): the history ends with a $263.42 pending
   * charge authorized 12 days before the item was created, which never posts in the feed; at the
   * second step the bank settles it into its current balance without telling the feed, so the row
   * stays pending — stale — while the balance moved. (The second, so that the app's balance check
   * has confirmed its starting point at the first: see renderer/src/db/apply/balanceCheck.ts.) Decided without drawing from any step's
   * generator, so nothing else in the ledger changes. Default off.
   */
  readonly unreportedSettle?: boolean;
  /**
   * The household scenario (ledger/household.ts, demo mode): `payer` — this bank's checking pays
   * the bills (utility, subscription, gym) and the other bank's card every month; `card` — this
   * bank's card receives that payment. Its rows draw from their own generators, so nothing else in
   * the ledger changes (the payer's paydays grow by the bills' monthly total). Default off.
   */
  readonly household?: HouseholdRole;
}

/** What the household's payer pays a month on average (bills and the other bank's card), for payroll sizing. */
const HOUSEHOLD_MONTHLY_CENTS = 11_300 + 1_999 + 4_900 + 32_000;

export const DEFAULT_UNLINKED_POSTINGS = 0.2;

/** The unreported settlement's charge (UNREPORTED_* in cents, Plaid's sign: positive = out). */
export const UNREPORTED_CENTS = 26_342;
const UNREPORTED_AGE_DAYS = 12;

const DAY_MS = 86_400_000;
const dayOf = (ms: number): number => Math.floor(ms / DAY_MS);
const isoDay = (day: number): string => new Date(day * DAY_MS).toISOString().slice(0, 10);
const dayOfMonth = (day: number): number => new Date(day * DAY_MS).getUTCDate();

// Pending rows older than this always settle, so nothing stays pending forever.
const MAX_PENDING_DAYS = 5;
// A step long after the previous one still only invents a bounded burst of new activity.
const MAX_STEP_SPEND_DAYS = 3;
// How far back a step may reach to modify or remove a posted row.
const REVISABLE_RECENT_ROWS = 40;


/** A count averaging `rate`, jittered symmetrically so days are not all alike. */
function drawCount(rng: Rng, rate: number): number {
  const whole = Math.floor(rate);
  const n = whole + (rng.chance(rate - whole) ? 1 : 0);
  const jitter = Math.floor(n / 2);
  return n + rng.int(-jitter, jitter);
}

export class LedgerSim {
  readonly itemId: string;
  readonly accounts: readonly SimAccount[];
  readonly createdAt: Date;
  readonly profile: LedgerProfile;

  private readonly seed: number;
  private readonly ordinal: number;
  private readonly unlinkedPostings: number;
  private readonly log: LedgerEvent[] = [];
  private readonly live = new Map<string, SimTransaction>();
  /** Log position of each id's add event; ids are never reused, so this decides "existed at start". */
  private readonly addedAt = new Map<string, number>();
  /** Live pending ids, in authorization order, with the amount each will post at. */
  private readonly pendingFinal = new Map<string, number>();
  private readonly postedSum = new Map<string, number>();
  private readonly pendingOut = new Map<string, number>();
  private readonly recentPosted: string[] = [];
  private readonly stepTimesIso: string[] = [];
  private readonly cardAccounts: readonly SimAccount[];
  private readonly debitAccounts: readonly SimAccount[];
  private readonly payrollCents: number;
  private readonly spendRate: number;
  private lastScheduledDay: number;
  private lastStepMs: number;
  private window: { start: number; end: number; changes: readonly LedgerChange[] } | null = null;
  /** Ids created by scripted steps, by the key each script gave them. */
  private readonly scriptKeys = new Map<string, string>();
  /** The pending the bank settles at its second step without telling the feed (`unreportedSettle`). */
  private unreported: string | null = null;
  private readonly household: HouseholdRole | null;
  private readonly createdDay: number;

  constructor(params: LedgerParams) {
    this.seed = params.seed;
    this.ordinal = params.ordinal;
    this.unlinkedPostings = params.unlinkedPostings ?? DEFAULT_UNLINKED_POSTINGS;
    this.household = params.household ?? null;
    this.createdDay = dayOf(params.createdAt.getTime());
    this.createdAt = new Date(params.createdAt.getTime());
    this.profile = { ...DEFAULT_PROFILE, ...params.profile };
    const scale = Math.max(1, this.profile.txPerDay / DEFAULT_PROFILE.txPerDay);
    const rng = createRng(this.seed, 'item', this.ordinal);
    this.itemId = rng.id();
    this.accounts = makeAccounts(rng, Math.max(1, this.profile.accounts), scale);
    this.cardAccounts = this.accounts.filter((a) => a.role === 'credit');
    this.debitAccounts = this.accounts.filter((a) => a.role === 'checking');
    const savings = this.accounts.filter((a) => a.role === 'savings').length;
    // Per month: 2 paydays + rent, per savings account a transfer pair + interest, per card a payment pair.
    const recurringPerDay = (3 + 3 * savings + 2 * this.cardAccounts.length) / 30.4;
    this.spendRate = Math.max(0.5, this.profile.txPerDay - recurringPerDay);
    // Two paydays cover the month's spending, rent and savings with a 5–15% surplus, so balances
    // stay believable for any profile instead of drifting into the red.
    const monthlyOutCents = this.spendRate * MEAN_SPEND_CENTS * 30.4 + RENT_CENTS + savings * SAVINGS_TRANSFER_CENTS
      + (this.household === 'payer' ? HOUSEHOLD_MONTHLY_CENTS : 0);
    this.payrollCents = Math.round((monthlyOutCents / 2) * (1 + rng.int(5, 15) / 100));

    const today = dayOf(this.createdAt.getTime());
    this.lastScheduledDay = today - 1;
    this.lastStepMs = this.createdAt.getTime();
    this.generateHistory(rng, today);
    if (params.unreportedSettle) this.plantUnreported(today);
  }

  /** The id of the pending whose settlement the feed never reports, if this ledger has one. */
  get unreportedPendingId(): string | null {
    return this.unreported;
  }

  /** A pending charge that never posts in the feed (not in `pendingFinal`, so no step settles it). */
  private plantUnreported(today: number): void {
    const account = this.debitAccounts[0] ?? this.accounts[0];
    const payee = SPEND_KINDS.flatMap((k) => k.payees).find((p) => p.name === 'Amazon');
    if (account === undefined || payee === undefined) return;
    const id = createRng(this.seed, 'unreported', this.ordinal).id();
    const date = isoDay(today - UNREPORTED_AGE_DAYS);
    this.record('add', {
      id, accountId: account.id, amountCents: UNREPORTED_CENTS, date, authorizedDate: date, name: payee.descriptor,
      merchantName: null, payee, pending: true, pendingTransactionId: null,
    });
    this.unreported = id;
  }

  /** Rebuilds a ledger from its creation parameters and recorded step times. */
  static replay(params: LedgerParams, stepTimes: readonly string[]): LedgerSim {
    const ledger = new LedgerSim(params);
    for (const at of stepTimes) ledger.step(new Date(at));
    return ledger;
  }

  get logLength(): number {
    return this.log.length;
  }

  /** The recorded step times (ISO), exactly what `replay` needs. */
  get stepTimes(): readonly string[] {
    return this.stepTimesIso;
  }

  liveTransactions(): SimTransaction[] {
    return [...this.live.values()];
  }

  balance(account: SimAccount): AccountBalance {
    const posted = this.postedSum.get(account.id) ?? 0;
    const held = this.pendingOut.get(account.id) ?? 0;
    if (account.type === 'credit') {
      const owed = account.openingCents + posted;
      return { currentCents: owed, availableCents: (account.limitCents ?? 0) - owed - held, limitCents: account.limitCents };
    }
    const current = account.openingCents - posted;
    return { currentCents: current, availableCents: current - held, limitCents: null };
  }

  /**
   * Advances the ledger by one step at time `at`: a recent posted row may be corrected or
   * withdrawn, pendings post (sometimes for a different amount) or vanish, scheduled rows land, and
   * new pendings are authorized. A clock that went backwards is treated as "no time passed".
   */
  step(at: Date): void {
    const atMs = Math.max(at.getTime(), this.lastStepMs);
    const elapsedDays = (atMs - this.lastStepMs) / DAY_MS;
    const rng = createRng(this.seed, 'step', this.ordinal, this.stepTimesIso.length);
    this.stepTimesIso.push(new Date(atMs).toISOString());
    this.lastStepMs = atMs;
    const day = dayOf(atMs);
    if (this.stepTimesIso.length === 2) this.settleUnreported();

    // Revisions first, so they only ever touch rows that clients could already have seen.
    this.reviseRecent(rng);
    this.settlePendings(rng, day);
    for (let d = this.lastScheduledDay + 1; d <= day; d++) this.postScheduled(rng, d);
    this.lastScheduledDay = Math.max(this.lastScheduledDay, day);
    // At least one new pending per step, so every step is visible to a syncing client.
    const spends = Math.max(1, drawCount(rng, this.spendRate * Math.min(elapsedDays, MAX_STEP_SPEND_DAYS)));
    this.authorizeSpends(rng, day, spends);
  }

  /**
   * A burst of activity of exact sizes at time `at`, for the benchmark's incremental sync: new
   * authorizations, postings of that many open pendings (none released), new posted rows, and
   * revisions and withdrawals of distinct recent rows. Not replayable from a state file (it is not a
   * step), so only banks without one (`npm run bench`) offer it.
   */
  burst(at: Date, spec: BurstSpec): void {
    const atMs = Math.max(at.getTime(), this.lastStepMs);
    const rng = createRng(this.seed, 'burst', this.ordinal, this.log.length);
    const day = dayOf(atMs);
    const date = isoDay(day);
    // Distinct recent posted rows, chosen first so that the revisions never touch what this burst posts.
    const revisable: SimTransaction[] = [];
    for (const t of [...this.live.values()].reverse()) {
      if (revisable.length >= spec.modify + spec.remove) break;
      if (!t.pending && t.payee.merchant) revisable.push(t);
    }
    let posted = 0;
    for (const [id, finalCents] of [...this.pendingFinal]) {
      if (posted >= spec.post) break;
      const pending = this.live.get(id);
      if (pending === undefined) continue;
      this.pendingFinal.delete(id);
      this.record('remove', pending);
      const postedId = rng.id();
      this.record('add', {
        ...pending, id: postedId, amountCents: finalCents, date, authorizedDate: pending.date, name: pending.payee.name,
        merchantName: pending.payee.merchant ? pending.payee.name : null, pending: false,
        pendingTransactionId: this.reportsLink(postedId) ? id : null,
      });
      posted++;
    }
    for (const txn of revisable.slice(0, spec.modify)) this.record('modify', txn.name === txn.payee.name ? correctAmount(rng, txn) : cleanUp(txn));
    for (const txn of revisable.slice(spec.modify)) this.record('remove', txn);
    for (const spend of this.drawDaySpends(rng, spec.add).slice(0, spec.add)) {
      this.record('add', {
        id: rng.id(), accountId: this.spendAccount(rng).id, amountCents: spend.finalCents, date, authorizedDate: date,
        name: spend.payee.name, merchantName: spend.payee.merchant ? spend.payee.name : null, payee: spend.payee,
        pending: false, pendingTransactionId: null,
      });
    }
    this.authorizeSpends(rng, day, spec.authorize);
    this.backfill(rng, spec.backfill ?? 0);
  }

  /** `count` rows of older history, three a day going back from the day before the history began. */
  private backfill(rng: Rng, count: number): void {
    if (count <= 0) return;
    const account = this.debitAccounts[0] ?? (this.accounts[0] as SimAccount);
    const before = dayOf(this.createdAt.getTime()) - this.profile.historyDays - 1;
    this.drawDaySpends(rng, count).slice(0, count).forEach((spend, k) => {
      const date = isoDay(before - Math.floor(k / 3));
      this.record('add', {
        id: rng.id(), accountId: account.id, amountCents: spend.finalCents, date, authorizedDate: date,
        name: spend.payee.name, merchantName: spend.payee.merchant ? spend.payee.name : null, payee: spend.payee,
        pending: false, pendingTransactionId: null,
      });
    });
  }

  /**
   * A scripted step at time `at` (tests): exactly the events given, in order, nothing random.
   * Returns the ids it created by key (`authorize` → the pending's id, `post` → the posted row's
   * id), plus every key of earlier scripted steps, which later steps may name. Not replayable
   * from a state file, like `burst`.
   */
  script(at: Date, events: readonly ScriptedEvent[]): Map<string, string> {
    const keys = this.scriptKeys;
    const atMs = Math.max(at.getTime(), this.lastStepMs);
    const rng = createRng(this.seed, 'script', this.ordinal, this.log.length);
    const date = isoDay(dayOf(atMs));
    const resolve = (ref: string): string => keys.get(ref) ?? ref;
    const liveOrThrow = (ref: string): SimTransaction => {
      const txn = this.live.get(resolve(ref));
      if (txn === undefined) throw new RangeError(`scripted step: no live transaction ${ref}`);
      return txn;
    };
    for (const event of events) {
      if (event.kind === 'authorize') {
        const payee = SPEND_KINDS.flatMap((k) => k.payees).find((p) => p.name === event.payee);
        if (payee === undefined) throw new RangeError(`scripted step: no merchant ${event.payee}`);
        const pool = this.accounts.filter((a) => a.role === (event.accountRole ?? 'checking'));
        const account = pool[0] ?? this.accounts[0];
        if (account === undefined) throw new RangeError('scripted step: the item has no account');
        const id = rng.id();
        this.pendingFinal.set(id, event.amountCents);
        this.record('add', {
          id, accountId: account.id, amountCents: event.amountCents, date, authorizedDate: date, name: payee.descriptor,
          merchantName: null, payee, pending: true, pendingTransactionId: null,
        });
        keys.set(event.key, id);
      } else if (event.kind === 'post') {
        const pending = liveOrThrow(event.pending);
        if (!pending.pending) throw new RangeError(`scripted step: ${event.pending} is not pending`);
        const finalCents = event.amountCents ?? this.pendingFinal.get(pending.id) ?? pending.amountCents;
        this.pendingFinal.delete(pending.id);
        this.record('remove', pending);
        const postedId = rng.id();
        this.record('add', {
          ...pending, id: postedId, amountCents: finalCents, date, authorizedDate: pending.date, name: pending.payee.name,
          merchantName: pending.payee.merchant ? pending.payee.name : null, pending: false,
          pendingTransactionId: event.link ? pending.id : null,
        });
        keys.set(event.key, postedId);
      } else if (event.kind === 'modify') {
        const txn = liveOrThrow(event.id);
        this.record('modify', { ...txn, amountCents: event.amountCents ?? txn.amountCents, name: event.name ?? txn.name });
      } else {
        const txn = liveOrThrow(event.id);
        this.pendingFinal.delete(txn.id);
        this.record('remove', txn);
      }
    }
    this.lastStepMs = atMs;
    return new Map(keys);
  }

  /**
   * The net change between two log positions, ordered by each id's last event: what a client that
   * had applied everything up to `start` must apply to reach `end`. Append-only logs make a window's
   * diff immutable, so the last one is cached for the pages that follow it.
   */
  changesBetween(start: number, end: number): readonly LedgerChange[] {
    if (start < 0 || end > this.log.length || start > end) throw new RangeError(`bad window ${start}..${end}`);
    if (this.window?.start === start && this.window.end === end) return this.window.changes;
    const lastEvent = new Map<string, number>();
    for (let pos = start; pos < end; pos++) lastEvent.set((this.log[pos] as LedgerEvent).txn.id, pos);
    const changes: LedgerChange[] = [];
    for (let pos = start; pos < end; pos++) {
      const event = this.log[pos] as LedgerEvent;
      if (lastEvent.get(event.txn.id) !== pos) continue;
      const existedAtStart = (this.addedAt.get(event.txn.id) ?? 0) < start;
      if (event.kind === 'remove') {
        if (existedAtStart) changes.push({ kind: 'removed', txn: event.txn });
      } else {
        changes.push({ kind: existedAtStart ? 'modified' : 'added', txn: event.txn });
      }
    }
    this.window = { start, end, changes };
    return changes;
  }

  // ─── Generation ───────────────────────────────────────────────────────────────────────────────

  private generateHistory(rng: Rng, today: number): void {
    for (let day = today - this.profile.historyDays; day < today; day++) {
      this.postScheduled(rng, day);
      const date = isoDay(day);
      const authorizedDates = [date, isoDay(day - 1), isoDay(day - 2)];
      for (const spend of this.drawDaySpends(rng, drawCount(rng, this.spendRate))) {
        const raw = rng.chance(0.15);
        this.record('add', {
          id: rng.id(),
          accountId: this.spendAccount(rng).id,
          amountCents: spend.finalCents,
          date,
          authorizedDate: rng.pick(authorizedDates),
          name: raw ? spend.payee.descriptor : spend.payee.name,
          merchantName: spend.payee.merchant && !raw ? spend.payee.name : null,
          payee: spend.payee,
          pending: false,
          pendingTransactionId: null,
        });
      }
    }
    // Today's activity is still authorizations.
    this.authorizeSpends(rng, today, drawCount(rng, this.spendRate));
  }

  /** Spends for one day; now and then a coffee is bought twice, same place, same amount. */
  private drawDaySpends(rng: Rng, count: number): Spend[] {
    const spends: Spend[] = [];
    for (let i = 0; i < count; i++) {
      const spend = drawSpend(rng);
      spends.push(spend);
      if (spend.payee.category === CATEGORIES.coffee && rng.chance(0.12)) spends.push(spend);
    }
    return spends;
  }

  private authorizeSpends(rng: Rng, day: number, count: number): void {
    const date = isoDay(day);
    for (const spend of this.drawDaySpends(rng, count)) {
      const id = rng.id();
      this.pendingFinal.set(id, spend.finalCents);
      this.record('add', {
        id,
        accountId: this.spendAccount(rng).id,
        amountCents: spend.pendingCents,
        date,
        authorizedDate: date,
        name: spend.payee.descriptor,
        merchantName: null,
        payee: spend.payee,
        pending: true,
        pendingTransactionId: null,
      });
    }
  }

  private settlePendings(rng: Rng, day: number): void {
    const date = isoDay(day);
    for (const [id, finalCents] of [...this.pendingFinal]) {
      const pending = this.live.get(id);
      if (pending === undefined) continue;
      const overdue = dayOf(Date.parse(pending.date)) <= day - MAX_PENDING_DAYS;
      const roll = rng.next();
      if (roll >= 0.9 && !overdue) continue; // still pending at the bank
      this.pendingFinal.delete(id);
      this.record('remove', pending);
      if (roll < 0.07) continue; // authorization released without posting
      const raw = rng.chance(0.1);
      const postedId = rng.id();
      this.record('add', {
        ...pending,
        id: postedId,
        amountCents: finalCents,
        date,
        authorizedDate: pending.date,
        name: raw ? pending.payee.descriptor : pending.payee.name,
        merchantName: pending.payee.merchant && !raw ? pending.payee.name : null,
        pending: false,
        pendingTransactionId: this.reportsLink(postedId) ? id : null,
      });
    }
  }

  /** The bank counts the unreported pending as posted; its feed still lists it as pending, unchanged. */
  private settleUnreported(): void {
    const txn = this.unreported === null ? undefined : this.live.get(this.unreported);
    if (txn === undefined || !txn.pending) return;
    this.applyToBalances(txn, -1);
    this.applyToBalances({ ...txn, pending: false }, 1);
  }

  /** Payroll, rent, savings transfers, interest and card payments land posted, without a pending. */
  private postScheduled(rng: Rng, day: number): void {
    const primary = this.accounts.find((a) => a.role === 'checking');
    const dom = dayOfMonth(day);
    const post = (account: SimAccount, amountCents: number, payee: Payee): void => {
      this.record('add', {
        id: rng.id(),
        accountId: account.id,
        amountCents,
        date: isoDay(day),
        authorizedDate: isoDay(day),
        name: payee.descriptor,
        merchantName: payee.merchant ? payee.name : null,
        payee,
        pending: false,
        pendingTransactionId: null,
      });
    };
    if (primary === undefined) return;
    if (dom === 1 || dom === 15) post(primary, -this.payrollCents, PAYROLL);
    if (dom === 1) post(primary, RENT_CENTS, RENT);
    for (const account of this.accounts) {
      if (account.role === 'savings' && dom === 16) {
        post(primary, SAVINGS_TRANSFER_CENTS, institutional(`Transfer to ${account.name}`, `ONLINE TRANSFER TO SAV XXXXXX${account.mask}`, CATEGORIES.transferOut));
        post(account, -SAVINGS_TRANSFER_CENTS, institutional(`Transfer from ${primary.name}`, `ONLINE TRANSFER FROM CHK XXXXXX${primary.mask}`, CATEGORIES.transferIn));
      }
      if (account.role === 'savings' && dayOfMonth(day + 1) === 1) {
        const interest = Math.round((this.balance(account).currentCents * 0.04) / 12);
        if (interest > 0) post(account, -interest, INTEREST);
      }
      if (account.role === 'credit' && dom === 22) {
        const owed = this.balance(account).currentCents;
        if (owed <= 0) continue;
        post(primary, owed, institutional(`${account.name} Payment`, `${account.name.toUpperCase()} AUTOPAY ${account.mask}`, CATEGORIES.cardPayment));
        post(account, -owed, CARD_PAYMENT_RECEIVED);
      }
    }
    if (this.household !== null) this.postHousehold(day);
  }

  /** The household's rows due on `day` (ledger/household.ts), with ids from their own generator. */
  private postHousehold(day: number): void {
    const rng = createRng(this.seed, 'bills', this.ordinal, day);
    const post = (account: SimAccount | undefined, amountCents: number, payee: Payee): void => {
      if (account === undefined) return;
      const date = isoDay(day);
      this.record('add', {
        id: rng.id(), accountId: account.id, amountCents, date, authorizedDate: date, name: payee.merchant ? payee.name : payee.descriptor,
        merchantName: payee.merchant ? payee.name : null, payee, pending: false, pendingTransactionId: null,
      });
    };
    if (this.household === 'payer') {
      const checking = this.debitAccounts[0];
      for (const bill of billsOn(this.seed, this.ordinal, day, this.createdDay)) {
        post(checking, bill.cents, bill.kind === 'utility' ? UTILITY : bill.kind === 'subscription' ? SUBSCRIPTION : GYM);
      }
      const payment = crossBankPayment(day);
      if (payment.paidDay === day) post(checking, payment.cents, OTHER_BANK_CARD_PAYMENT);
    } else {
      // Paid on the 5th (or the Monday after) and received by the 8th: always within its own month.
      const payment = crossBankPayment(day);
      if (payment.receivedDay === day) post(this.cardAccounts[0], -payment.cents, OTHER_BANK_PAYMENT_RECEIVED);
    }
  }

  /** Banks revise what they already posted: descriptors get cleaned up, amounts corrected, rows withdrawn. */
  private reviseRecent(rng: Rng): void {
    if (rng.chance(0.3)) {
      const txn = this.pickRecentPosted(rng);
      if (txn !== undefined) this.record('modify', txn.name === txn.payee.name ? correctAmount(rng, txn) : cleanUp(txn));
    }
    if (rng.chance(0.1)) {
      const txn = this.pickRecentPosted(rng);
      if (txn !== undefined) this.record('remove', txn);
    }
  }

  private pickRecentPosted(rng: Rng): SimTransaction | undefined {
    const candidates = this.recentPosted
      .slice(-REVISABLE_RECENT_ROWS)
      .map((id) => this.live.get(id))
      .filter((txn): txn is SimTransaction => txn !== undefined && txn.payee.merchant);
    return candidates.length === 0 ? undefined : rng.pick(candidates);
  }

  /** Whether the bank names this posted row's pending predecessor (see `unlinkedPostings`). */
  private reportsLink(postedId: string): boolean {
    return !createRng(this.seed, 'unlinked', postedId).chance(this.unlinkedPostings);
  }

  private spendAccount(rng: Rng): SimAccount {
    const cards = this.cardAccounts;
    const debit = this.debitAccounts;
    const pool = cards.length > 0 && (debit.length === 0 || rng.chance(0.6)) ? cards : debit;
    return pool.length > 0 ? rng.pick(pool) : rng.pick(this.accounts);
  }

  private record(kind: LedgerEventKind, txn: SimTransaction): void {
    const position = this.log.length;
    this.log.push({ kind, txn });
    const previous = this.live.get(txn.id);
    if (previous !== undefined) this.applyToBalances(previous, -1);
    if (kind === 'remove') {
      this.live.delete(txn.id);
      return;
    }
    this.live.set(txn.id, txn);
    this.applyToBalances(txn, 1);
    if (kind === 'add') {
      this.addedAt.set(txn.id, position);
      if (!txn.pending) this.rememberPosted(txn.id);
    }
  }

  private rememberPosted(id: string): void {
    this.recentPosted.push(id);
    // Only the tail is ever revised; trim in batches to keep the push cheap.
    if (this.recentPosted.length > 4 * REVISABLE_RECENT_ROWS) this.recentPosted.splice(0, 3 * REVISABLE_RECENT_ROWS);
  }

  private applyToBalances(txn: SimTransaction, sign: 1 | -1): void {
    if (!txn.pending) {
      this.postedSum.set(txn.accountId, (this.postedSum.get(txn.accountId) ?? 0) + sign * txn.amountCents);
    } else if (txn.amountCents > 0) {
      // Only outgoing authorizations hold funds; incoming ones are not spendable until posted.
      this.pendingOut.set(txn.accountId, (this.pendingOut.get(txn.accountId) ?? 0) + sign * txn.amountCents);
    }
  }
}

function cleanUp(txn: SimTransaction): SimTransaction {
  return { ...txn, name: txn.payee.name, merchantName: txn.payee.merchant ? txn.payee.name : null };
}

/** A correction of up to $3 either way that never flips the row's direction or zeroes it. */
function correctAmount(rng: Rng, txn: SimTransaction): SimTransaction {
  const magnitude = Math.abs(txn.amountCents);
  const delta = magnitude > 1 && rng.chance(0.5) ? -rng.int(1, Math.min(300, magnitude - 1)) : rng.int(1, 300);
  return { ...txn, amountCents: Math.sign(txn.amountCents) * (magnitude + delta) };
}
