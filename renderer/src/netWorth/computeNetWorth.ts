/**
 * Net worth per currency, now and day by day (runs in the index worker over its in-memory records).
 *
 * - Now: the sum of the accounts' current balances in that currency, in the accounts table's
 *   net-worth sign (an amount owed on a card or loan is already negative), investment accounts
 *   included at their total value. Accounts whose balance is unknown (null) are listed, not summed.
 *   Currencies are never added together: one net worth per currency.
 * - Over time: each account's balance walked back from today through its posted rows in its own
 *   currency (a row dated D moved the balance at the end of D; pending rows never moved it). For an
 *   investment account only money in and out of the account moves it back (deposits, withdrawals,
 *   dividends, fees): buys, sells and reinvestments (category kind `investment`) swap cash for
 *   securities and leave the total where it was — the market's own moves are not in the ledger, so
 *   the line is flat across them (said in the view).
 * - The change this month: today's total less the total at the end of the previous month (or the
 *   first day of the series when it starts later).
 * Pure: no Dexie, no DOM; integer minor units. Input order does not matter (sums only).
 */
import { CATEGORIES, type CategoryInfo } from '../../../shared/categories/categories';
import type { AccountRow } from '../db/schema';
import type { IndexedTx } from '../index/types';

export type AccountKind = AccountRow['kind'];

export interface NetWorthRequest {
  /** Today, `YYYY-MM-DD` (the caller's local calendar day). */
  today: string;
  /** How many days back the series goes at most (default 365). */
  days?: number;
}

export interface NetWorthAccount {
  accountId: string;
  connectionId: string;
  name: string;
  kind: AccountKind;
  /** Null: the provider gave no balance (not in the totals). */
  balanceMinor: number | null;
}

export interface KindTotal {
  kind: AccountKind;
  minor: number;
  accounts: number;
}

export interface CurrencyNetWorth {
  currency: string;
  totalMinor: number;
  /** Sum of the positive balances / of the negative ones (a liability is negative). */
  assetsMinor: number;
  liabilitiesMinor: number;
  changeThisMonthMinor: number;
  byKind: readonly KindTotal[];
  accounts: readonly NetWorthAccount[];
  /** Days of the series, oldest first; `points[i]` is the total at the end of `days[i]`. */
  days: readonly string[];
  points: readonly number[];
}

export interface NetWorth {
  today: string;
  /** Largest first by number of accounts, then by code. */
  currencies: readonly CurrencyNetWorth[];
}

const KIND_ORDER: readonly AccountKind[] = ['depository', 'investment', 'other', 'credit', 'loan'];

const DAY_MS = 86_400_000;
const dayIndexOf = (date: string): number => Date.UTC(Number(date.slice(0, 4)), Number(date.slice(5, 7)) - 1, Number(date.slice(8, 10))) / DAY_MS;
const dayString = (i: number): string => new Date(i * DAY_MS).toISOString().slice(0, 10);

/** `accounts`: the accounts to count (the caller leaves out those of removed connections). */
export function computeNetWorth(
  rows: readonly IndexedTx[],
  accounts: readonly AccountRow[],
  request: NetWorthRequest,
  categorySet: readonly CategoryInfo[] = CATEGORIES,
): NetWorth {
  const kinds = new Map(categorySet.map((c) => [c.id, c.kind]));
  const today = dayIndexOf(request.today);
  const span = Math.max(1, Math.floor(request.days ?? 365));

  const byCurrency = new Map<string, AccountRow[]>();
  for (const a of accounts) {
    let list = byCurrency.get(a.currency);
    if (!list) byCurrency.set(a.currency, (list = []));
    list.push(a);
  }
  const account = new Map(accounts.map((a) => [a.id, a]));

  // Per currency: the earliest day with a posted row of a counted account, and each day's net move.
  const earliest = new Map<string, number>();
  // A few thousand distinct dates among 100k rows: each is parsed once.
  const dayCache = new Map<string, number>();
  const moves = new Map<string, Map<number, number>>();
  for (const row of rows) {
    if (row.pending) continue;
    const a = account.get(row.accountId);
    if (!a || a.currentMinor === null || a.currency !== row.currency) continue;
    if (a.kind === 'investment' && kinds.get(row.category) === 'investment') continue;
    let day = dayCache.get(row.date);
    if (day === undefined) dayCache.set(row.date, (day = dayIndexOf(row.date)));
    const d = Math.min(day, today);
    const e = earliest.get(row.currency);
    if (e === undefined || d < e) earliest.set(row.currency, d);
    let m = moves.get(row.currency);
    if (!m) moves.set(row.currency, (m = new Map()));
    m.set(d, (m.get(d) ?? 0) + row.amountMinor);
  }

  const monthStart = dayIndexOf(`${request.today.slice(0, 7)}-01`);
  const result: CurrencyNetWorth[] = [];
  for (const [currency, list] of byCurrency) {
    const known = list.filter((a) => a.currentMinor !== null);
    let total = 0;
    let assets = 0;
    let liabilities = 0;
    const kindTotals = new Map<AccountKind, KindTotal>();
    for (const a of known) {
      const b = a.currentMinor as number;
      total += b;
      if (b >= 0) assets += b;
      else liabilities += b;
      const k = kindTotals.get(a.kind) ?? { kind: a.kind, minor: 0, accounts: 0 };
      k.minor += b;
      k.accounts++;
      kindTotals.set(a.kind, k);
    }
    // The series: from the day before the first day with data (the balance before it; at most
    // `span` days back) to today.
    const first = Math.max(today - span + 1, Math.min((earliest.get(currency) ?? today + 1) - 1, today));
    const count = today - first + 1;
    const points = new Array<number>(count);
    const dayMoves = moves.get(currency);
    let balance = total;
    for (let i = count - 1; i >= 0; i--) {
      points[i] = balance;
      balance -= dayMoves?.get(first + i) ?? 0;
    }
    const days: string[] = [];
    for (let i = 0; i < count; i++) days.push(dayString(first + i));
    // End of the previous month, or the series' first point when it starts this month.
    const before = monthStart - 1 - first;
    const base = before >= 0 ? (points[before] as number) : (points[0] as number);
    result.push({
      currency,
      totalMinor: total,
      assetsMinor: assets,
      liabilitiesMinor: liabilities,
      changeThisMonthMinor: total - base,
      byKind: KIND_ORDER.flatMap((k) => {
        const t = kindTotals.get(k);
        return t ? [t] : [];
      }),
      accounts: [...list]
        .sort((a, b) => KIND_ORDER.indexOf(a.kind) - KIND_ORDER.indexOf(b.kind) || a.name.localeCompare(b.name) || a.id.localeCompare(b.id))
        .map((a) => ({ accountId: a.id, connectionId: a.connectionId, name: a.name, kind: a.kind, balanceMinor: a.currentMinor })),
      days,
      points,
    });
  }
  result.sort((a, b) => b.accounts.length - a.accounts.length || a.currency.localeCompare(b.currency));
  return { today: request.today, currencies: result };
}
