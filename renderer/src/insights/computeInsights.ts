/**
 * Insights: pure aggregation over the ledger index's records (runs inside the index worker).
 *
 * One currency at a time — figures in different currencies are never added together. Two passes
 * over the rows (currencies and date range, then the sums), no per-row allocation beyond map keys:
 * fine at 100k rows.
 *
 * What counts as what (by the category's `kind`, `shared/categories/categories.ts`):
 * - spending: money out (amount < 0) in a `spending` category — the gross outflow, so a chart bar
 *   equals the total of the list filtered to it ({ categories, from, to, direction: 'out' });
 * - income: money in (amount > 0) in an `income` category;
 * - transfers and investment activity are neither. A category the set does not know is judged by
 *   its sign (out = spending, in = income).
 * Pending rows count (the money is gone); balances use posted rows only, as banks do.
 * Rows the user excluded count as neither spending nor income (their balance effect stays: it is
 * real money); a split row counts as its parts, each in its own category (IndexedTx.parts).
 */
import { CATEGORIES, type CategoryId, type CategoryInfo } from '../../../shared/categories/categories';
import type { AccountRow } from '../db/schema';
import type { IndexedTx } from '../index/types';

export interface InsightsRequest {
  /** The currency every figure is in (charts never mix currencies). Null: the most common one. */
  currency: string | null;
  /** How many months back from the newest data. */
  months: number;
  /** How many merchants the "largest merchants" chart shows (default 10). */
  topMerchants?: number;
}

export interface CurrencyCount {
  currency: string;
  /** Live transactions in it. */
  count: number;
}

export interface MonthBucket {
  /** `YYYY-MM`. */
  month: string;
  /** Inclusive calendar bounds of the month (for filtering the list to it). */
  from: string;
  to: string;
}

export interface CategorySeries {
  category: CategoryId;
  label: string;
  /** Spending (positive minor units) per month, aligned with `Insights.months`. */
  perMonth: readonly number[];
  total: number;
}

export interface CashflowMonth extends MonthBucket {
  /** Positive minor units. */
  incomeMinor: number;
  /** Positive minor units (the outflow). */
  spendingMinor: number;
}

export interface BalanceSeries {
  accountId: string;
  name: string;
  kind: AccountRow['kind'];
  /** End-of-day balance (net-worth sign: owed is negative), aligned with `Insights.days`. */
  points: readonly number[];
}

export interface MerchantTotal {
  merchant: string;
  /** Spending (positive minor units) over the whole window. */
  totalMinor: number;
  count: number;
}

export interface Insights {
  currency: string | null;
  /** Every currency present, most used first, so the view can offer a switch. */
  currencies: readonly string[];
  currencyCounts: readonly CurrencyCount[];
  /** The months shown, oldest first (empty: no data in this currency). */
  months: readonly MonthBucket[];
  /** Inclusive window of every figure: first day of the first month … newest data day. */
  from: string | null;
  to: string | null;
  /** Spending categories with any spending in the window, largest first. */
  categories: readonly CategorySeries[];
  cashflow: readonly CashflowMonth[];
  /** The days the balance lines cover, oldest first (`YYYY-MM-DD`): the window, from its first day with data. */
  days: readonly string[];
  /**
   * Accounts in this currency with a known balance, reconstructed backwards from `currentMinor`.
   * Investment accounts are left out: their balance moves with the market, not with transactions.
   */
  balances: readonly BalanceSeries[];
  merchants: readonly MerchantTotal[];
  /** The categories whose inflows counted as income (to filter the list to "income"). */
  incomeCategories: readonly CategoryId[];
  /** Rows (in this currency, in the window) that counted as spending / income. */
  spendingCount: number;
  incomeCount: number;
}

type Kind = CategoryInfo['kind'];

let kindCache: { source: readonly CategoryInfo[]; kinds: Map<string, Kind>; labels: Map<string, string> } | null = null;

function categoryMaps(source: readonly CategoryInfo[] = CATEGORIES): { kinds: Map<string, Kind>; labels: Map<string, string> } {
  if (kindCache?.source !== source) {
    kindCache = {
      source,
      kinds: new Map(source.map((c) => [c.id, c.kind])),
      labels: new Map(source.map((c) => [c.id, c.label])),
    };
  }
  return kindCache;
}

/** Spending, income or neither, for one row (see the header). */
export function flowOf(kind: Kind | undefined, amountMinor: number): 'spending' | 'income' | null {
  if (amountMinor === 0) return null;
  if (kind === undefined) return amountMinor < 0 ? 'spending' : 'income';
  if (kind === 'spending') return amountMinor < 0 ? 'spending' : null;
  if (kind === 'income') return amountMinor > 0 ? 'income' : null;
  return null;
}

const DIGIT0 = 48;
const digits = (s: string, from: number, n: number): number => {
  let v = 0;
  for (let i = from; i < from + n; i++) v = v * 10 + (s.charCodeAt(i) - DIGIT0);
  return v;
};
/** `YYYY-MM-DD` → months since year 0 (no allocation). */
const monthIndexOf = (date: string): number => digits(date, 0, 4) * 12 + digits(date, 5, 2) - 1;
/** `YYYY-MM-DD` → days since 1970-01-01 (UTC calendar arithmetic, no time zone). */
const dayIndexOf = (date: string): number => Date.UTC(digits(date, 0, 4), digits(date, 5, 2) - 1, digits(date, 8, 2)) / 86_400_000;
const pad2 = (n: number) => (n < 10 ? `0${n}` : String(n));
const dayString = (dayIndex: number): string => new Date(dayIndex * 86_400_000).toISOString().slice(0, 10);

function monthBucket(monthIndex: number): MonthBucket {
  const year = Math.floor(monthIndex / 12);
  const m = (monthIndex % 12) + 1;
  const last = new Date(Date.UTC(year, m, 0)).getUTCDate();
  const month = `${year}-${pad2(m)}`;
  return { month, from: `${month}-01`, to: `${month}-${pad2(last)}` };
}

function emptyInsights(currency: string | null, counts: CurrencyCount[]): Insights {
  return {
    currency, currencies: counts.map((c) => c.currency), currencyCounts: counts, months: [], from: null, to: null,
    categories: [], cashflow: [], days: [], balances: [], merchants: [], incomeCategories: [], spendingCount: 0, incomeCount: 0,
  };
}

/** `categorySet` defaults to Ledgerline's set; tests pass their own. */
export function computeInsights(
  rows: readonly IndexedTx[],
  accounts: readonly AccountRow[],
  request: InsightsRequest,
  categorySet: readonly CategoryInfo[] = CATEGORIES,
): Insights {
  const { kinds, labels } = categoryMaps(categorySet);

  // Pass 1: the currencies, and each one's newest and oldest day.
  const perCurrency = new Map<string, { count: number; newest: string; oldest: string }>();
  for (const row of rows) {
    const c = perCurrency.get(row.currency);
    if (!c) perCurrency.set(row.currency, { count: 1, newest: row.date, oldest: row.date });
    else {
      c.count++;
      if (row.date > c.newest) c.newest = row.date;
      if (row.date < c.oldest) c.oldest = row.date;
    }
  }
  // Accounts without rows still name their currency (a balance with no history yet).
  for (const a of accounts) if (!perCurrency.has(a.currency) && a.currentMinor !== null && a.kind !== 'investment') {
    perCurrency.set(a.currency, { count: 0, newest: '', oldest: '' });
  }
  const counts: CurrencyCount[] = [...perCurrency].map(([currency, v]) => ({ currency, count: v.count }))
    .sort((a, b) => b.count - a.count || a.currency.localeCompare(b.currency));
  const currency = request.currency ?? counts[0]?.currency ?? null;
  const range = currency === null ? undefined : perCurrency.get(currency);
  if (currency === null || !range || range.count === 0) return emptyInsights(currency, counts);

  const lastMonth = monthIndexOf(range.newest);
  const wanted = Math.max(1, Math.floor(request.months));
  const firstMonth = Math.max(lastMonth - wanted + 1, monthIndexOf(range.oldest));
  const monthCount = lastMonth - firstMonth + 1;
  const months: MonthBucket[] = [];
  for (let i = firstMonth; i <= lastMonth; i++) months.push(monthBucket(i));
  const from = months[0]?.from ?? range.oldest;
  const to = range.newest;

  // Balance reconstruction: per account, the posted amounts per day of the window. The lines start
  // at the first day with data (before it the balance is unknown, not flat).
  const firstDay = dayIndexOf(range.oldest > from ? range.oldest : from);
  const lastDay = dayIndexOf(to);
  const dayCount = lastDay - firstDay + 1;
  const balanceAccounts = accounts.filter((a) => a.currency === currency && a.currentMinor !== null && a.kind !== 'investment');
  const dailyByAccount = new Map<string, Float64Array>();
  for (const a of balanceAccounts) dailyByAccount.set(a.id, new Float64Array(dayCount));

  // Pass 2: the sums.
  const spendingByCategory = new Map<string, number[]>();
  const income = new Array<number>(monthCount).fill(0);
  const spending = new Array<number>(monthCount).fill(0);
  const merchants = new Map<string, { total: number; count: number }>();
  let spendingCount = 0;
  let incomeCount = 0;
  const incomeCategories = new Set<CategoryId>();
  /** One row, or one part of a whole split, in its category. */
  const countFlow = (category: CategoryId, amountMinor: number, m: number, merchantName: string): void => {
    const flow = flowOf(kinds.get(category), amountMinor);
    if (flow === 'income') {
      income[m] = (income[m] ?? 0) + amountMinor;
      incomeCount++;
      incomeCategories.add(category);
    } else if (flow === 'spending') {
      const out = -amountMinor;
      spending[m] = (spending[m] ?? 0) + out;
      spendingCount++;
      let series = spendingByCategory.get(category);
      if (!series) spendingByCategory.set(category, (series = new Array<number>(monthCount).fill(0)));
      series[m] = (series[m] ?? 0) + out;
      const merchant = merchants.get(merchantName);
      if (merchant) {
        merchant.total += out;
        merchant.count++;
      } else merchants.set(merchantName, { total: out, count: 1 });
    }
  };
  for (const row of rows) {
    if (row.currency !== currency) continue;
    if (!row.pending) {
      const daily = dailyByAccount.get(row.accountId);
      if (daily) {
        const d = dayIndexOf(row.date) - firstDay;
        // `to` is this currency's newest day, so no posting falls after the window.
        if (d >= 0) daily[d] = (daily[d] ?? 0) + row.amountMinor;
      }
    }
    // Excluded rows still moved the balance (above), but count as neither spending nor income.
    if (row.excluded) continue;
    const m = monthIndexOf(row.date) - firstMonth;
    if (m < 0 || m >= monthCount) continue;
    if (row.parts) for (const part of row.parts) countFlow(part.category, part.amountMinor, m, row.merchant);
    else countFlow(row.category, row.amountMinor, m, row.merchant);
  }

  const categories: CategorySeries[] = [...spendingByCategory].map(([category, perMonth]) => ({
    category, label: labels.get(category) ?? category, perMonth, total: perMonth.reduce((s, v) => s + v, 0),
  })).sort((a, b) => b.total - a.total || a.label.localeCompare(b.label));

  const cashflow: CashflowMonth[] = months.map((b, i) => ({ ...b, incomeMinor: income[i] ?? 0, spendingMinor: spending[i] ?? 0 }));

  const days: string[] = [];
  for (let d = 0; d < dayCount; d++) days.push(dayString(firstDay + d));
  const balances: BalanceSeries[] = balanceAccounts.map((a) => {
    const daily = dailyByAccount.get(a.id) ?? new Float64Array(dayCount);
    const points = new Array<number>(dayCount);
    // End of the last day = now; each earlier day = the next one less the next one's postings.
    let balance = a.currentMinor ?? 0;
    for (let d = dayCount - 1; d >= 0; d--) {
      points[d] = balance;
      balance -= daily[d] ?? 0;
    }
    return { accountId: a.id, name: a.name, kind: a.kind, points };
  });

  const top = Math.max(1, Math.floor(request.topMerchants ?? 10));
  const merchantTotals: MerchantTotal[] = [...merchants]
    .map(([merchant, v]) => ({ merchant, totalMinor: v.total, count: v.count }))
    .sort((a, b) => b.totalMinor - a.totalMinor || a.merchant.localeCompare(b.merchant))
    .slice(0, top);

  return {
    currency, currencies: counts.map((c) => c.currency), currencyCounts: counts, months, from, to,
    categories, cashflow, days, balances, merchants: merchantTotals, incomeCategories: [...incomeCategories].sort(),
    spendingCount, incomeCount,
  };
}
