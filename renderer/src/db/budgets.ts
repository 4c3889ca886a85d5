/**
 * The user's budget settings (schema v10): assigned amounts per currency, category and month, and
 * each category's rollover. Spent is never stored: it is derived from the ledger on every ask
 * (budgets/computeBudget.ts), so a sync, a revert or a recategorized row moves it.
 */
import type { BudgetAssignment, BudgetRolloverSetting, Rollover } from '../budgets/computeBudget';
import type { BudgetRolloverRow, BudgetRow, LedgerlineDb } from './schema';

const SEP = '\u0000';
export const budgetId = (currency: string, category: string, month: string): string => [currency, category, month].join(SEP);
export const rolloverId = (currency: string, category: string): string => [currency, category].join(SEP);

/** Sets (or, with null, clears) the amount assigned to a category for a month. */
export async function setAssigned(
  db: LedgerlineDb,
  a: { currency: string; category: string; month: string; assignedMinor: number | null },
  now: Date = new Date(),
): Promise<void> {
  const id = budgetId(a.currency, a.category, a.month);
  if (a.assignedMinor === null) {
    await db.budgets.delete(id);
    return;
  }
  if (!Number.isSafeInteger(a.assignedMinor)) throw new RangeError('assigned amount out of range');
  const row: BudgetRow = { id, currency: a.currency, category: a.category, month: a.month, assignedMinor: a.assignedMinor, updatedAt: now.toISOString() };
  await db.budgets.put(row);
}

export async function setRollover(
  db: LedgerlineDb,
  r: { currency: string; category: string; rollover: Rollover },
  now: Date = new Date(),
): Promise<void> {
  const row: BudgetRolloverRow = { id: rolloverId(r.currency, r.category), currency: r.currency, category: r.category, rollover: r.rollover, updatedAt: now.toISOString() };
  await db.budgetRollovers.put(row);
}

/** Every assignment and rollover (small tables: a few rows per category and month). */
export async function readBudgetSettings(db: LedgerlineDb): Promise<{ assignments: BudgetAssignment[]; rollovers: BudgetRolloverSetting[] }> {
  const [budgets, rollovers] = await Promise.all([db.budgets.toArray(), db.budgetRollovers.toArray()]);
  return {
    assignments: budgets.map((b) => ({ currency: b.currency, category: b.category, month: b.month, assignedMinor: b.assignedMinor })),
    rollovers: rollovers.map((r) => ({ currency: r.currency, category: r.category, rollover: r.rollover })),
  };
}
