/**
 * The demo brokerage behind one SnapTrade connection: two accounts and their activity, as
 * SnapTrade's daily cache holds it.
 *
 * Like SnapTrade, it only knows whole days: a daily sync (a step) makes every day up to yesterday
 * available, so activity is always at least one day delayed, and `syncedThrough` is what the
 * accounts report as `sync_status.transactions.last_successful_sync`. Also like SnapTrade it
 * sometimes reprocesses: it re-issues recent activities under new ids (same content), silently
 * drops some, corrects some in place, and back-fills late ones — all within the last
 * MUTABLE_DAYS before its watermark, which is why a client must re-read a trailing window.
 *
 * Deterministic by construction: the state is a pure function of (seed, ordinal, creation time,
 * profile) and the event log (steps and explicit reprocessing, with their times). Every draw comes
 * from a generator keyed by what it is for (a day of an account, an event index), so replaying the
 * log after a restart rebuilds the identical activities and ids.
 *
 * Over 300 lines for the same reason as ledger/ledgerSim.ts: one class whose private state (the
 * accounts' activities, the watermark, the id churn of reprocessing and the event log) every kind
 * of step changes together; the securities and account templates it draws from are catalog.ts.
 */
import { createRng, type Rng } from '../ledger/rng';
import { addDays, dateOf, isLastDayOfMonth, isWeekend, monthOf, nextWeekday, weekdayOnOrAfter } from './calendar';
import {
  ACCOUNT_TEMPLATES, CAD_IN_USD, SECURITIES, priceOn, security,
  type AccountTemplate, type SimCurrency, type SymbolKey,
} from './catalog';

export interface SimAccount extends AccountTemplate {
  readonly id: string;
  readonly index: number;
  readonly number: string;
}

export interface SimActivity {
  readonly id: string;
  /** Creation order of the content; a re-issued activity keeps it, so its place in the list does not move. */
  readonly seq: number;
  readonly accountId: string;
  readonly tradeDate: string;
  /** Seconds after midnight UTC. */
  readonly tradeSecond: number;
  readonly settlementDate: string;
  /** SnapTrade's type string; one in a few hundred is a type SnapTrade does not normalize. */
  readonly type: string;
  readonly symbol: SymbolKey | null;
  /** Millionths of a share; negative for sells. */
  readonly units: number;
  /** 1/10,000 of the currency unit. */
  readonly price: number;
  /** Cents, SnapTrade's sign: positive = cash into the account. */
  readonly amountCents: number;
  /** Cents, as a positive cost. */
  readonly feeCents: number;
  readonly currency: SimCurrency;
  readonly description: string;
  readonly externalReferenceId: string | null;
  /**
   * SnapTrade's crypto case: amount and fee are in this coin, not in `currency` (the wire sends
   * `currency: null` and the coin as `currency_universal_symbol`); `amountCents`/`feeCents` then
   * count satoshis, and the row moves no fiat cash.
   */
  readonly quote?: CryptoQuote;
}

export type CryptoQuote = 'BTC';

/**
 * Month-end interest postings come with a settlement date only (`trade_date: null`, which
 * SnapTrade's schema allows): the bank's rows that exercise a client's handling of a missing trade
 * date. (Not the late "INTEREST ADJUSTMENT" rows, which reprocessing tests drop.)
 */
export const hasNoTradeDate = (a: Pick<SimActivity, 'type' | 'description'>): boolean => a.type === 'INTEREST' && a.description === 'INTEREST EARNED';

export interface BrokerageProfile {
  /** Days of history that exist when the connection is made. */
  historyDays: number;
}
export const DEFAULT_BROKERAGE_PROFILE: BrokerageProfile = { historyDays: 365 };

export interface BrokerageParams {
  seed: number;
  /** Which connection of the bank this is (the n-th one made under the seed). */
  ordinal: number;
  createdAt: Date;
  profile?: Partial<BrokerageProfile>;
  /**
   * The brokerage login the connection was made with. One login sees the same account numbers on
   * every connection (a second connection to the same accounts gets new ids, not new numbers);
   * without it the numbers are drawn per connection.
   */
  login?: string;
}

export type SimEvent =
  | { readonly kind: 'step'; readonly at: string }
  | { readonly kind: 'reprocess'; readonly at: string; readonly reissue: number; readonly drop: number }
  | { readonly kind: 'shift'; readonly at: string; readonly drop: string; readonly accountId: string; readonly date: string }
  | { readonly kind: 'crypto'; readonly at: string; readonly accountId: string; readonly sats: number };

export interface ReprocessReport {
  reissued: { from: string; to: string }[];
  dropped: string[];
}

/** How far before its watermark SnapTrade's reprocessing reaches in the simulation (the client re-reads 7 days). */
export const MUTABLE_DAYS = 4;
/** A daily sync after a long absence back-fills at most this many days. */
const MAX_CATCH_UP_DAYS = 400;
const MARKET_OPEN_S = 14 * 3600 + 30 * 60; // 09:30 New York (standard time), in UTC
const MARKET_CLOSE_S = 21 * 3600;

/** A random (version 4) UUID drawn from a seeded generator. */
export function seededUuid(rng: Rng): string {
  const hex = Array.from({ length: 16 }, () => rng.int(0, 255));
  hex[6] = ((hex[6] ?? 0) & 0x0f) | 0x40;
  hex[8] = ((hex[8] ?? 0) & 0x3f) | 0x80;
  const s = hex.map((b) => b.toString(16).padStart(2, '0')).join('');
  return `${s.slice(0, 8)}-${s.slice(8, 12)}-${s.slice(12, 16)}-${s.slice(16, 20)}-${s.slice(20)}`;
}

/** round(a × b / d) without leaving safe-integer range. */
function mulDivRound(a: number, b: number, d: number): number {
  const n = BigInt(a) * BigInt(b);
  const den = BigInt(d);
  const q = (2n * (n < 0n ? -n : n) + den) / (2n * den);
  return Number(n < 0n ? -q : q);
}

type Draft = Omit<SimActivity, 'id' | 'seq'>;

/** `drawn` is always taken from the setup stream, so the connection's ids do not depend on the login. */
function accountNumber(drawn: number, params: BrokerageParams, index: number): string {
  const n = params.login === undefined ? drawn : createRng(params.seed, 'snaptrade-login', params.login, index).int(10_000_000, 99_999_999);
  return `DB${String(n)}`;
}

export class BrokerageSim {
  readonly authorizationId: string;
  readonly accounts: readonly SimAccount[];
  readonly createdAt: Date;
  /** The first day of simulated history. */
  readonly historyStart: string;
  private readonly seed: number;
  private readonly ordinal: number;
  private readonly live = new Map<string, SimActivity>();
  private byAccount: Map<string, SimActivity[]> | null = null;
  private readonly log: SimEvent[] = [];
  private nextSeq = 0;
  private watermark: string;

  constructor(params: BrokerageParams) {
    const profile = { ...DEFAULT_BROKERAGE_PROFILE, ...params.profile };
    this.seed = params.seed;
    this.ordinal = params.ordinal;
    this.createdAt = params.createdAt;
    const setup = createRng(params.seed, 'snaptrade', params.ordinal, 'setup');
    this.authorizationId = seededUuid(setup);
    this.accounts = ACCOUNT_TEMPLATES.map((template, index) => ({
      ...template,
      index,
      id: seededUuid(setup),
      number: accountNumber(setup.int(10_000_000, 99_999_999), params, index),
    }));
    const yesterday = addDays(dateOf(params.createdAt), -1);
    this.historyStart = addDays(yesterday, -(profile.historyDays - 1));
    this.watermark = addDays(this.historyStart, -1);
    this.syncDaysThrough(yesterday);
  }

  /** Rebuilds a simulation from its parameters and recorded events. */
  static replay(params: BrokerageParams, events: readonly SimEvent[]): BrokerageSim {
    const sim = new BrokerageSim(params);
    for (const event of events) {
      if (event.kind === 'step') sim.step(new Date(event.at));
      else if (event.kind === 'reprocess') sim.reprocess(new Date(event.at), { reissue: event.reissue, drop: event.drop });
      else if (event.kind === 'crypto') sim.applyCrypto(event);
      else sim.applyShift(event);
    }
    return sim;
  }

  get events(): readonly SimEvent[] {
    return this.log;
  }

  /** All activity up to and including this date is available (`last_successful_sync`). */
  get syncedThrough(): string {
    return this.watermark;
  }

  /** When the cache last changed: the latest event, or the connection's creation. */
  get lastSyncAt(): Date {
    const last = this.log.at(-1);
    return last ? new Date(last.at) : this.createdAt;
  }

  /** True when a daily sync at `now` would make a new day available. */
  owesDailySync(now: Date): boolean {
    return addDays(dateOf(now), -1) > this.watermark;
  }

  /**
   * One daily sync at `at`: every day up to yesterday becomes available; on a day already synced
   * (a second sync the same day) a late activity is back-filled instead. Then, sometimes,
   * SnapTrade reprocesses recent rows.
   */
  step(at: Date): void {
    const rng = createRng(this.seed, 'snaptrade', this.ordinal, 'event', this.log.length);
    this.log.push({ kind: 'step', at: at.toISOString() });
    const target = addDays(dateOf(at), -1);
    const newDays = target > this.watermark;
    if (newDays) this.syncDaysThrough(target);
    if (!newDays || rng.chance(0.3)) this.addLateActivity(rng);
    const reissued = rng.chance(0.35) ? this.reissue(rng, rng.int(1, 2)) : [];
    if (rng.chance(0.2)) this.drop(rng, 1, new Set(reissued.map((r) => r.to)));
    if (rng.chance(0.15)) this.amend(rng);
  }

  /** SnapTrade reprocessing on demand: re-issue `reissue` recent activities under new ids and silently drop `drop`. */
  reprocess(at: Date, counts: { reissue: number; drop: number }): ReprocessReport {
    const rng = createRng(this.seed, 'snaptrade', this.ordinal, 'event', this.log.length);
    this.log.push({ kind: 'reprocess', at: at.toISOString(), reissue: counts.reissue, drop: counts.drop });
    const reissued = this.reissue(rng, counts.reissue);
    return { reissued, dropped: this.drop(rng, counts.drop, new Set(reissued.map((r) => r.to))) };
  }

  /**
   * Reprocessing timed to hurt a paginating client. `visible` is what the client's query matches
   * (newest first, dated from `earliest`), of which the first `boundary` were already served: one
   * of those is dropped, and one is back-filled a day before the first unserved one. The total
   * stays the same while every unserved row moves up one place, so a client that trusts offsets
   * and totals skips a row that still exists. False when no such change stays within the
   * reprocessing horizon and the query.
   */
  shiftPages(at: Date, accountId: string, visible: readonly SimActivity[], boundary: number, earliest: string | null): boolean {
    const next = visible[boundary];
    const horizon = addDays(this.watermark, -MUTABLE_DAYS);
    const served = visible.slice(0, boundary).filter((a) => a.tradeDate >= horizon);
    const date = next === undefined ? null : addDays(next.tradeDate, -1);
    if (date === null || date < horizon || (earliest !== null && date < earliest) || served.length === 0) return false;
    const victim = served[createRng(this.seed, 'snaptrade', this.ordinal, 'shift-pick', this.log.length).int(0, served.length - 1)];
    if (victim === undefined) return false;
    this.applyShift({ kind: 'shift', at: at.toISOString(), drop: victim.id, accountId, date });
    return true;
  }

  private applyShift(event: Extract<SimEvent, { kind: 'shift' }>): void {
    const rng = createRng(this.seed, 'snaptrade', this.ordinal, 'event', this.log.length);
    this.log.push(event);
    this.live.delete(event.drop);
    this.byAccount = null;
    const account = this.accounts.find((a) => a.id === event.accountId);
    if (account) this.cashEvent(account, event.date, 'INTEREST', rng.int(1, 99), 'INTEREST ADJUSTMENT', rng);
  }

  /**
   * A bitcoin withdrawal of `sats` from the first account, dated the last synced day: an activity
   * counted in BTC, as SnapTrade sends crypto (`currency` null, the coin in `currency_universal_symbol`).
   */
  cryptoWithdrawal(at: Date, sats: number): SimActivity | null {
    const account = this.accounts[0];
    if (account === undefined) return null;
    return this.applyCrypto({ kind: 'crypto', at: at.toISOString(), accountId: account.id, sats });
  }

  private applyCrypto(event: Extract<SimEvent, { kind: 'crypto' }>): SimActivity | null {
    const rng = createRng(this.seed, 'snaptrade', this.ordinal, 'event', this.log.length);
    this.log.push(event);
    const activity = this.add({
      accountId: event.accountId, tradeDate: this.watermark, tradeSecond: rng.int(0, 86_399), settlementDate: this.watermark,
      type: 'WITHDRAWAL', symbol: null, units: 0, price: 0, amountCents: -event.sats, feeCents: 0, currency: 'USD',
      description: 'BTC WITHDRAWAL TO EXTERNAL WALLET', externalReferenceId: null, quote: 'BTC',
    }, rng);
    return activity;
  }

  /** An account's live activities, newest first (trade time, then creation order). */
  activities(accountId: string): readonly SimActivity[] {
    if (this.byAccount === null) {
      const grouped = new Map<string, SimActivity[]>(this.accounts.map((a) => [a.id, []]));
      for (const activity of this.live.values()) grouped.get(activity.accountId)?.push(activity);
      for (const list of grouped.values()) {
        list.sort((a, b) => (a.tradeDate !== b.tradeDate ? (a.tradeDate < b.tradeDate ? 1 : -1) : b.tradeSecond - a.tradeSecond || b.seq - a.seq));
      }
      this.byAccount = grouped;
    }
    return this.byAccount.get(accountId) ?? [];
  }

  /** Cash per currency, in cents: the opening cash plus every live activity's amount. */
  cash(account: SimAccount): { currency: SimCurrency; cents: number }[] {
    const totals = new Map<SimCurrency, number>(Object.entries(account.openingCash) as [SimCurrency, number][]);
    for (const a of this.activities(account.id)) if (a.quote === undefined) totals.set(a.currency, (totals.get(a.currency) ?? 0) + a.amountCents);
    return [...totals].map(([currency, cents]) => ({ currency, cents })).sort((a, b) => a.currency.localeCompare(b.currency));
  }

  /** Cash plus holdings at the watermark's prices, in USD cents. */
  totalValueCents(account: SimAccount): number {
    let total = 0;
    for (const { currency, cents } of this.cash(account)) total += currency === 'CAD' ? mulDivRound(cents, CAD_IN_USD, 10_000) : cents;
    for (const symbol of Object.keys(SECURITIES) as SymbolKey[]) {
      const units = this.heldUnits(account, symbol);
      if (units === 0) continue;
      const cents = mulDivRound(units, priceOn(this.seed, symbol, this.watermark), 100_000_000);
      total += security(symbol).currency === 'CAD' ? mulDivRound(cents, CAD_IN_USD, 10_000) : cents;
    }
    return total;
  }

  /**
   * The account's positions now (GET /accounts/{id}/positions/all): units held (millionths), the
   * price at the watermark and the average purchase price (1/10,000 units) — the opening units at
   * the security's base price and every buy or reinvestment at its price; sells leave the average.
   * Their values plus the cash are `totalValueCents`.
   */
  positions(account: SimAccount): { symbol: SymbolKey; units: number; price: number; costBasis: number }[] {
    const out: { symbol: SymbolKey; units: number; price: number; costBasis: number }[] = [];
    for (const symbol of Object.keys(SECURITIES) as SymbolKey[]) {
      const units = this.heldUnits(account, symbol);
      if (units === 0) continue;
      let boughtUnits = account.openingUnits[symbol] ?? 0;
      let boughtCost = boughtUnits * security(symbol).basePrice;
      for (const a of this.live.values()) {
        if (a.accountId !== account.id || a.symbol !== symbol || a.units <= 0) continue;
        boughtUnits += a.units;
        boughtCost += a.units * a.price;
      }
      out.push({ symbol, units, price: priceOn(this.seed, symbol, this.watermark), costBasis: boughtUnits > 0 ? Math.round(boughtCost / boughtUnits) : 0 });
    }
    return out;
  }

  /** The earliest trade date of an account's live activities. */
  firstActivityDate(accountId: string): string | null {
    return this.activities(accountId).at(-1)?.tradeDate ?? null;
  }

  // ─── Generation ───────────────────────────────────────────────────────────────────────────────

  private syncDaysThrough(target: string): void {
    let day = addDays(this.watermark, 1);
    const earliest = addDays(target, -(MAX_CATCH_UP_DAYS - 1));
    if (day < earliest) day = earliest;
    for (; day <= target; day = addDays(day, 1)) {
      for (const account of this.accounts) {
        const rng = createRng(this.seed, 'snaptrade', this.ordinal, 'day', account.index, day);
        if (account.kind === 'taxable') this.taxableDay(account, day, rng);
        else this.iraDay(account, day, rng);
      }
    }
    this.watermark = target;
  }

  private taxableDay(account: SimAccount, date: string, rng: Rng): void {
    if (!isWeekend(date)) {
      if (date === weekdayOnOrAfter(date, 1) || date === weekdayOnOrAfter(date, 15)) {
        this.cashEvent(account, date, 'CONTRIBUTION', 50_000, 'Electronic Funds Transfer Received', rng);
      }
      if (rng.chance(0.22)) this.trade(account, date, rng.pick(account.buys), rng.int(2_500, 150_000), rng);
      if (rng.chance(0.05)) this.trade(account, date, rng.pick(account.buys), -rng.int(10_000, 150_000), rng);
      if (rng.chance(0.012)) this.cashEvent(account, date, 'WITHDRAWAL', -rng.int(10_000, 200_000), 'Electronic Funds Transfer Paid', rng);
      if (rng.chance(0.01)) this.cashEvent(account, date, 'FEE', -rng.int(10, 200), 'ADR FEE', rng);
      if (rng.chance(0.006)) {
        // Two genuinely identical rows: only their ids tell them apart.
        const cents = -rng.int(1, 9);
        const second = rng.int(MARKET_OPEN_S, MARKET_CLOSE_S - 1);
        this.cashEvent(account, date, 'FEE', cents, 'REGULATORY FEE', rng, second);
        this.cashEvent(account, date, 'FEE', cents, 'REGULATORY FEE', rng, second);
      }
      // A brokerage type SnapTrade does not normalize: clients must keep it as given.
      if (rng.chance(0.004)) this.cashEvent(account, date, 'STOCK_LOAN_INCOME', rng.int(5, 300), 'FULLY PAID LENDING INCOME', rng);
    }
    this.dividends(account, date, ['VTI', 'AAPL', 'MSFT', 'VXUS', 'ENB.TO'], 0.4, rng);
    if (isLastDayOfMonth(date)) this.cashEvent(account, date, 'INTEREST', rng.int(40, 600), 'INTEREST EARNED', rng);
  }

  private iraDay(account: SimAccount, date: string, rng: Rng): void {
    const contributionDay = weekdayOnOrAfter(date, 5);
    if (date === contributionDay) this.cashEvent(account, date, 'CONTRIBUTION', 58_300, 'ROTH IRA CONTRIBUTION CURRENT YEAR', rng);
    if (date === nextWeekday(contributionDay)) this.trade(account, date, rng.pick(account.buys), rng.int(50_000, 58_000), rng);
    this.dividends(account, date, ['VTI', 'BND'], 0.8, rng);
    if (isLastDayOfMonth(date)) this.cashEvent(account, date, 'INTEREST', rng.int(5, 80), 'INTEREST EARNED', rng);
  }

  /** A buy (cents > 0: dollar-based, fractional units) or a sell (cents < 0: at most a quarter of the holding). */
  private trade(account: SimAccount, date: string, symbol: SymbolKey, cents: number, rng: Rng): void {
    const price = priceOn(this.seed, symbol, date);
    const wanted = mulDivRound(Math.abs(cents), 100_000_000, price);
    const selling = cents < 0;
    const units = selling ? -Math.min(wanted, Math.floor(this.heldUnits(account, symbol) / 4)) : wanted;
    if (units === 0) return;
    const gross = mulDivRound(Math.abs(units), price, 100_000_000);
    const feeCents = selling ? rng.int(1, 5) : rng.chance(0.05) ? 99 : 0;
    const name = `${security(symbol).description.toUpperCase()} (${symbol})`;
    this.add({
      accountId: account.id, tradeDate: date, tradeSecond: rng.int(MARKET_OPEN_S, MARKET_CLOSE_S - 1), settlementDate: nextWeekday(date),
      type: selling ? 'SELL' : 'BUY', symbol, units, price, amountCents: selling ? gross - feeCents : -(gross + feeCents), feeCents,
      currency: security(symbol).currency, description: `${selling ? 'YOU SOLD' : 'YOU BOUGHT'} ${name}`, externalReferenceId: null,
    }, rng);
  }

  private cashEvent(account: SimAccount, date: string, type: string, cents: number, description: string, rng: Rng, second = 0): void {
    this.add({
      accountId: account.id, tradeDate: date, tradeSecond: second, settlementDate: date, type, symbol: null, units: 0, price: 0,
      amountCents: cents, feeCents: 0, currency: 'USD', description, externalReferenceId: null,
    }, rng);
  }

  /** Dividends on their pay dates, from the units held; a CAD one has tax withheld; some are reinvested. */
  private dividends(account: SimAccount, date: string, symbols: readonly SymbolKey[], reinvest: number, rng: Rng): void {
    for (const symbol of symbols) {
      const { dividend, currency, description } = security(symbol);
      if (!dividend.months.includes(monthOf(date)) || date !== weekdayOnOrAfter(date, dividend.day)) continue;
      const cents = mulDivRound(this.heldUnits(account, symbol), dividend.cents, 1_000_000);
      if (cents <= 0) continue;
      const name = `${description.toUpperCase()} (${symbol})`;
      const reference = currency === 'CAD' ? seededUuid(rng) : null;
      const base = { accountId: account.id, tradeDate: date, tradeSecond: 0, settlementDate: date, symbol, units: 0, price: 0, feeCents: 0, currency, externalReferenceId: reference };
      this.add({ ...base, type: 'DIVIDEND', amountCents: cents, description: `DIVIDEND RECEIVED ${name}` }, rng);
      if (currency === 'CAD') {
        this.add({ ...base, type: 'TAX', amountCents: -Math.round(cents * 0.15), description: `NON-RESIDENT TAX ${name}` }, rng);
      } else if (rng.chance(reinvest)) {
        const price = priceOn(this.seed, symbol, date);
        this.add({ ...base, type: 'REI', units: mulDivRound(cents, 100_000_000, price), price, amountCents: -cents, description: `REINVESTMENT ${name}` }, rng);
      }
    }
  }

  /** A row SnapTrade only learned of after it had synced the day: dated a few days back. */
  private addLateActivity(rng: Rng): void {
    const account = rng.pick(this.accounts);
    let date = addDays(this.watermark, -rng.int(0, MUTABLE_DAYS - 1));
    if (date < this.historyStart) date = this.historyStart;
    const kind = rng.int(0, 2);
    if (kind === 0) this.cashEvent(account, date, 'INTEREST', rng.int(1, 99), 'INTEREST ADJUSTMENT', rng);
    else if (kind === 1) this.cashEvent(account, date, 'FEE', -rng.int(1, 9), 'REGULATORY FEE', rng, rng.int(MARKET_OPEN_S, MARKET_CLOSE_S - 1));
    else {
      const symbol = rng.pick(account.buys);
      this.add({
        accountId: account.id, tradeDate: date, tradeSecond: 0, settlementDate: date, type: 'DIVIDEND', symbol, units: 0, price: 0,
        amountCents: rng.int(10, 500), feeCents: 0, currency: security(symbol).currency,
        description: `DIVIDEND ADJUSTMENT ${security(symbol).description.toUpperCase()} (${symbol})`, externalReferenceId: null,
      }, rng);
    }
  }

  // ─── Reprocessing ─────────────────────────────────────────────────────────────────────────────

  /** Activities SnapTrade may still reprocess, in a replay-stable order. */
  private recent(): SimActivity[] {
    const from = addDays(this.watermark, -MUTABLE_DAYS);
    return [...this.live.values()].filter((a) => a.tradeDate >= from).sort((a, b) => a.seq - b.seq || a.id.localeCompare(b.id));
  }

  /** Same content, new id: what SnapTrade does when it re-fetches and reprocesses a transaction. */
  private reissue(rng: Rng, count: number): { from: string; to: string }[] {
    const out: { from: string; to: string }[] = [];
    const pool = this.recent();
    for (let i = 0; i < count && pool.length > 0; i++) {
      const victim = pool.splice(rng.int(0, pool.length - 1), 1)[0];
      if (victim === undefined) break;
      this.live.delete(victim.id);
      const reborn: SimActivity = { ...victim, id: seededUuid(rng) };
      this.live.set(reborn.id, reborn);
      out.push({ from: victim.id, to: reborn.id });
    }
    this.byAccount = null;
    return out;
  }

  /** Gone without a trace: SnapTrade does not signal deletions. `spare`: rows just re-issued, left alone. */
  private drop(rng: Rng, count: number, spare: ReadonlySet<string>): string[] {
    const out: string[] = [];
    // A row with no trade date is never dropped: whether a windowed read can see it is not
    // documented, so a client rightly keeps it until its next full read — later than the exact
    // comparison after every sync in the model tests allows. (Re-issuing one is fine: the new id
    // is served in the window.)
    const pool = this.recent().filter((a) => !spare.has(a.id) && !hasNoTradeDate(a));
    for (let i = 0; i < count && pool.length > 0; i++) {
      const victim = pool.splice(rng.int(0, pool.length - 1), 1)[0];
      if (victim === undefined) break;
      this.live.delete(victim.id);
      out.push(victim.id);
    }
    this.byAccount = null;
    return out;
  }

  /** Corrected in place (same id): a trade's settlement moves a day, or a description is cleaned up. */
  private amend(rng: Rng): void {
    const pool = this.recent();
    if (pool.length === 0) return;
    const victim = pool[rng.int(0, pool.length - 1)];
    if (victim === undefined) return;
    const corrected: SimActivity = victim.type === 'BUY' || victim.type === 'SELL'
      ? { ...victim, settlementDate: nextWeekday(victim.settlementDate) }
      : { ...victim, description: victim.description.endsWith(' (CORRECTED)') ? victim.description : `${victim.description} (CORRECTED)` };
    this.live.set(victim.id, corrected);
    this.byAccount = null;
  }

  // ─── Helpers ──────────────────────────────────────────────────────────────────────────────────

  private add(draft: Draft, rng: Rng): SimActivity {
    const activity: SimActivity = { ...draft, id: seededUuid(rng), seq: this.nextSeq++ };
    this.live.set(activity.id, activity);
    this.byAccount = null;
    return activity;
  }

  private heldUnits(account: SimAccount, symbol: SymbolKey): number {
    let units = account.openingUnits[symbol] ?? 0;
    for (const a of this.live.values()) if (a.accountId === account.id && a.symbol === symbol) units += a.units;
    return units;
  }
}
