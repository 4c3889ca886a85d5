/**
 * Budgets: one month of one currency's budget, computed from the ledger index's records (runs in
 * the index worker, like insights: the rows are already in memory there, so a month is one pass
 * over them — a few milliseconds at 100k rows — and never a read of IndexedDB per render).
 *
 * What the figures mean (one currency at a time; amounts in different currencies are never added):
 * - a budget line is a category of kind `spending` (shared/categories/categories.ts), or a legacy
 *   category the set does not know that has activity; the category is the index's effective one
 *   (the user's, else a rule's, else the provider's — renderer/src/index/categoryOf.ts);
 * - spent: the net outflow of the line's rows in the month (money out minus refunds in the same
 *   category), so a refund gives the budget back; it may go below zero;
 * - income: the net amount of the month's rows in `income` categories;
 * - transfers: rows whose id is in `transferIds` (own-account transfers, card payments) are neither
 *   spending nor income, whatever their category; rows in `transfer` and `investment` categories
 *   are never budgeted either;
 * - excluded rows (the user's "leave this out", IndexedTx.excluded) count nowhere;
 * - a split row counts as its parts, each in its own category (IndexedTx.parts: only a split that
 *   sums to the amount; one that needs attention counts whole, in the row's category);
 * - pending rows count (the money is already committed, as most budgeting apps count them); when a
 *   pending row posts it is replaced by its posted row, never counted twice (the ledger keeps one);
 * - assigned: the amount the user set for the category in that month, else the latest one set in an
 *   earlier month (a budget repeats until it is changed), else 0;
 * - rollover `carry`: what was left at the end of the previous month (positive or overspent)
 *   carries into this one, chained back to the category's first assignment (budgeting for it began
 *   there: spending before it never carries); `none`: every month starts from its assigned amount.
 * Pure: no Dexie, no DOM; exact integer minor units throughout.
 */
import { CATEGORIES, type CategoryId, type CategoryInfo } from '../../../shared/categories/categories';
import type { IndexedTx } from '../index/types';

export type Rollover = 'none' | 'carry';

/** One assigned amount: category, currency and month (stored in the `budgets` table, schema v10). */
export interface BudgetAssignment {
  currency: string;
  category: CategoryId;
  /** `YYYY-MM`. */
  month: string;
  assignedMinor: number;
}

/** A category's rollover choice in one currency's budget (the `budgetRollovers` table). */
export interface BudgetRolloverSetting {
  currency: string;
  category: CategoryId;
  rollover: Rollover;
}

export interface BudgetRequest {
  /** Null: the currency with the most transactions. */
  currency: string | null;
  /** `YYYY-MM`. */
  month: string;
}

export interface BudgetLine {
  category: CategoryId;
  label: string;
  rollover: Rollover;
  assignedMinor: number;
  /** The month whose assignment applies (this one or an earlier one), or null when none was ever set. */
  assignedFrom: string | null;
  /** Carried in from the previous month (0 without rollover). */
  carriedMinor: number;
  spentMinor: number;
  /** assigned + carried − spent. */
  leftMinor: number;
  /** Rows that counted as this line's spending in the month. */
  count: number;
}

export interface Budget {
  currency: string | null;
  /** Every currency with transactions or a budget, most used first: one budget each. */
  currencies: readonly string[];
  month: string;
  /** First day and last day of the month (to filter the list to it). */
  from: string;
  to: string;
  lines: readonly BudgetLine[];
  totals: { assignedMinor: number; carriedMinor: number; spentMinor: number; leftMinor: number };
  incomeMinor: number;
  incomeCount: number;
  /** Rows of this month and currency left out as transfers (by `transferIds`). */
  transferCount: number;
}

const DIGIT0 = 48;
const digits = (s: string, from: number, n: number): number => {
  let v = 0;
  for (let i = from; i < from + n; i++) v = v * 10 + (s.charCodeAt(i) - DIGIT0);
  return v;
};
/** `YYYY-MM…` → months since year 0 (no allocation: runs per row). */
export const monthIndexOf = (date: string): number => digits(date, 0, 4) * 12 + digits(date, 5, 2) - 1;
const pad2 = (n: number) => (n < 10 ? `0${n}` : String(n));
export const monthOfIndex = (i: number): string => `${Math.floor(i / 12)}-${pad2((i % 12) + 1)}`;
/** `YYYY-MM` plus `delta` months. */
export const addMonths = (month: string, delta: number): string => monthOfIndex(monthIndexOf(month) + delta);

function monthBounds(month: string): { from: string; to: string } {
  const i = monthIndexOf(month);
  const last = new Date(Date.UTC(Math.floor(i / 12), (i % 12) + 1, 0)).getUTCDate();
  return { from: `${month}-01`, to: `${month}-${pad2(last)}` };
}

const MONTH = /^\d{4}-(0[1-9]|1[0-2])$/;
export const isMonth = (s: string): boolean => MONTH.test(s);

/**
 * The budget for `request.month` in one currency. `transferIds`: rows that are transfers between
 * the user's own accounts (neither spending nor income). `categorySet` defaults to Ledgerline's.
 */
export function computeBudget(
  rows: readonly IndexedTx[],
  assignments: readonly BudgetAssignment[],
  rollovers: readonly BudgetRolloverSetting[],
  transferIds: ReadonlySet<string>,
  request: BudgetRequest,
  categorySet: readonly CategoryInfo[] = CATEGORIES,
): Budget {
  if (!isMonth(request.month)) throw new RangeError(`not a month: ${request.month}`);
  const kinds = new Map(categorySet.map((c) => [c.id, c.kind]));
  const labels = new Map(categorySet.map((c) => [c.id, c.label]));

  // The currencies: by transaction count, then those that only have a budget.
  const counts = new Map<string, number>();
  for (const row of rows) counts.set(row.currency, (counts.get(row.currency) ?? 0) + 1);
  for (const a of assignments) if (!counts.has(a.currency)) counts.set(a.currency, 0);
  const currencies = [...counts].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).map(([c]) => c);
  const currency = request.currency ?? currencies[0] ?? null;
  const target = monthIndexOf(request.month);
  const { from, to } = monthBounds(request.month);

  // One pass: net spending per (category, month) up to the target month; income and transfers of the target.
  /** Net spending by category, then month index. */
  const spent = new Map<string, Map<number, number>>();
  const spentCount = new Map<string, number>();
  const extraCategories = new Set<string>();
  let incomeMinor = 0;
  let incomeCount = 0;
  let transferCount = 0;
  /** One row, or one part of a whole split, in its category. */
  const count = (category: string, amountMinor: number, m: number): void => {
    const kind = kinds.get(category);
    if (kind === 'income') {
      if (m === target) {
        incomeMinor += amountMinor;
        incomeCount++;
      }
      return;
    }
    if (kind === 'transfer' || kind === 'investment') return;
    if (kind === undefined) extraCategories.add(category);
    let perMonth = spent.get(category);
    if (!perMonth) spent.set(category, (perMonth = new Map()));
    perMonth.set(m, (perMonth.get(m) ?? 0) - amountMinor);
    if (m === target) spentCount.set(category, (spentCount.get(category) ?? 0) + 1);
  };
  for (const row of rows) {
    if (row.currency !== currency || row.excluded) continue;
    const m = monthIndexOf(row.date);
    if (m > target) continue;
    if (transferIds.has(row.id)) {
      if (m === target) transferCount++;
      continue;
    }
    if (row.parts) for (const part of row.parts) count(part.category, part.amountMinor, m);
    else count(row.category, row.amountMinor, m);
  }

  // Assignments of this currency, per category, sorted by month.
  const byCategory = new Map<string, { month: number; minor: number }[]>();
  for (const a of assignments) {
    if (a.currency !== currency || !isMonth(a.month)) continue;
    const m = monthIndexOf(a.month);
    if (m > target) continue;
    let list = byCategory.get(a.category);
    if (!list) byCategory.set(a.category, (list = []));
    list.push({ month: m, minor: a.assignedMinor });
    if (kinds.get(a.category) === undefined) extraCategories.add(a.category);
  }
  for (const list of byCategory.values()) list.sort((a, b) => a.month - b.month);
  const rolloverOf = new Map<string, Rollover>();
  for (const r of rollovers) if (r.currency === currency) rolloverOf.set(r.category, r.rollover);

  const lineIds = [
    ...categorySet.filter((c) => c.kind === 'spending').map((c) => c.id),
    ...[...extraCategories].sort((a, b) => a.localeCompare(b)),
  ];
  const lines: BudgetLine[] = lineIds.map((category) => {
    const list = byCategory.get(category) ?? [];
    const spentIn = spent.get(category);
    const rollover = rolloverOf.get(category) ?? 'none';
    // Walk the months in order, keeping the assignment in force (and the carry, with rollover).
    let next = 0;
    let assigned = 0;
    let assignedFrom: number | null = null;
    let carried = 0;
    let left = 0;
    const first = list[0]?.month;
    const start = rollover === 'carry' && first !== undefined ? Math.min(first, target) : target;
    // Assignments before the walk starts still set the amount in force.
    while (next < list.length && (list[next] as { month: number }).month < start) {
      const a = list[next++] as { month: number; minor: number };
      assigned = a.minor;
      assignedFrom = a.month;
    }
    for (let m = start; m <= target; m++) {
      while (next < list.length && (list[next] as { month: number }).month === m) {
        const a = list[next++] as { month: number; minor: number };
        assigned = a.minor;
        assignedFrom = a.month;
      }
      carried = rollover === 'carry' && m > start ? left : 0;
      left = assigned + carried - (spentIn?.get(m) ?? 0);
    }
    return {
      category, label: labels.get(category) ?? category, rollover,
      assignedMinor: assigned, assignedFrom: assignedFrom === null ? null : monthOfIndex(assignedFrom),
      carriedMinor: carried, spentMinor: spentIn?.get(target) ?? 0, leftMinor: left,
      count: spentCount.get(category) ?? 0,
    };
  });

  const totals = { assignedMinor: 0, carriedMinor: 0, spentMinor: 0, leftMinor: 0 };
  for (const l of lines) {
    totals.assignedMinor += l.assignedMinor;
    totals.carriedMinor += l.carriedMinor;
    totals.spentMinor += l.spentMinor;
    totals.leftMinor += l.leftMinor;
  }
  return { currency, currencies, month: request.month, from, to, lines, totals, incomeMinor, incomeCount, transferCount };
}
