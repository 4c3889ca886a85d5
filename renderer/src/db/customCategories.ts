/**
 * The user's own categories (schema v14): create, rename, recolour, move under another built-in
 * one, merge into another category, delete (a merge into where the user says the rows go), and
 * undo a merge. Rows, rules and budgets hold a category's stable id, so only a merge (or delete)
 * rewrites them — all of them in one Dexie transaction, with a record of what they were, which
 * Undo puts back in one transaction too.
 *
 * Budgets in a merge: per currency, at every month where either category has an assignment, the
 * merged category is assigned the sum of the two amounts in force then (an amount holds for later
 * months until changed), so every month's combined budget is what it was — exact integer minor
 * units, never across currencies. A rollover choice of the merged-away category is kept where the
 * other had none.
 */
import { categoryInfo, type CategoryId } from '../../../shared/categories/categories';
import {
  CUSTOM_PREFIX, cleanCategoryName, isCustomCategoryId, nameProblem, type CustomCategory,
} from '../../../shared/categories/customCategories';
import { isCategoryColor, nextCategoryColor, type CategoryColor } from '../../../shared/categories/palette';
import type { CategoryRule } from '../../../shared/categories/rules';
import type { SplitPart } from '../../../shared/userFields/splits';
import { notifyIndex } from '../index/notify';
import { budgetId, rolloverId } from './budgets';
import type { BudgetRolloverRow, BudgetRow, CategoryMergeRow, LedgerlineDb } from './schema';

/** A refusal to show the user as it is (a name taken, a category gone). */
export class CategoryError extends Error {
  override name = 'CategoryError';
}

const newId = (): string => globalThis.crypto.randomUUID();

function check(problem: string | null): void {
  if (problem !== null) throw new CategoryError(problem);
}

/**
 * Every stored row (tombstones too; `liveOnly`: listed rows only) whose `userCategory` is `id`,
 * from the sparse `userCategory` index (schema v14): only hand-categorized rows are in it.
 */
async function rowsInCategory(db: LedgerlineDb, id: CategoryId, liveOnly = false): Promise<string[]> {
  const rows = db.transactions.where('userCategory').equals(id);
  return liveOnly ? (await rows.toArray()).filter((t) => t.listKey !== undefined).map((t) => t.id) : rows.primaryKeys();
}

export async function createCustomCategory(
  db: LedgerlineDb,
  input: { name: string; parentId: CategoryId; color?: CategoryColor },
  now: Date = new Date(),
): Promise<CustomCategory> {
  if (input.color !== undefined && !isCategoryColor(input.color)) throw new CategoryError('Choose one of the palette’s colours.');
  const created = await db.transaction('rw', db.customCategories, async () => {
    const all = await db.customCategories.toArray();
    check(nameProblem(input.name, input.parentId, all));
    const at = now.toISOString();
    const category: CustomCategory = {
      id: `${CUSTOM_PREFIX}${newId()}`,
      name: cleanCategoryName(input.name),
      parentId: input.parentId,
      color: input.color ?? nextCategoryColor(all.filter((c) => c.parentId === input.parentId).map((c) => c.color)),
      createdAt: at,
      updatedAt: at,
    };
    await db.customCategories.add(category);
    return category;
  });
  return created;
}

/**
 * Renames, recolours or moves a custom category (to another built-in parent). Only its own record
 * is written: rows, rules and budgets name it by id and follow by themselves.
 */
export async function updateCustomCategory(
  db: LedgerlineDb,
  id: CategoryId,
  patch: { name?: string; color?: CategoryColor; parentId?: CategoryId },
  now: Date = new Date(),
): Promise<CustomCategory> {
  if (patch.color !== undefined && !isCategoryColor(patch.color)) throw new CategoryError('Choose one of the palette’s colours.');
  const updated = await db.transaction('rw', db.customCategories, async () => {
    const all = await db.customCategories.toArray();
    const current = all.find((c) => c.id === id);
    if (!current) throw new CategoryError('That category no longer exists.');
    const next: CustomCategory = {
      ...current,
      name: patch.name !== undefined ? cleanCategoryName(patch.name) : current.name,
      parentId: patch.parentId ?? current.parentId,
      color: patch.color ?? current.color,
      updatedAt: now.toISOString(),
    };
    check(nameProblem(next.name, next.parentId, all, id));
    await db.customCategories.put(next);
    return next;
  });
  // The index's search text holds category names (and a move changes a kind's totals): re-read it.
  notifyIndex(db, { all: true });
  return updated;
}

export interface CategoryUsage {
  /** Live rows the user put in it (rows a rule puts there move with the rule). */
  rows: number;
  rules: number;
  /** Budget assignments (any currency, any month) and rollover choices. */
  budgets: number;
}

/** What refers to a category now (a scan of the rows: asked when the user is about to delete it). */
export async function categoryUsage(db: LedgerlineDb, id: CategoryId): Promise<CategoryUsage> {
  return db.transaction('r', db.transactions, db.rules, db.budgets, db.budgetRollovers, async () => {
    const rows = (await rowsInCategory(db, id, true)).length;
    const rules = (await db.rules.toArray()).filter((r) => r.category === id).length;
    const budgets = (await db.budgets.toArray()).filter((b) => b.category === id).length
      + (await db.budgetRollovers.toArray()).filter((r) => r.category === id).length;
    return { rows, rules, budgets };
  });
}

/** The amount in force at `month` in a list sorted by month: the latest set at or before it, else 0. */
function inForce(list: readonly BudgetRow[], month: string): number {
  let amount = 0;
  for (const b of list) {
    if (b.month > month) break;
    amount = b.assignedMinor;
  }
  return amount;
}

/** The merged category's budget rows: per currency, at each month either had one, the two amounts in force summed. */
export function mergedBudgets(from: readonly BudgetRow[], into: readonly BudgetRow[], intoId: CategoryId, at: string): BudgetRow[] {
  const currencies = new Set([...from, ...into].map((b) => b.currency));
  const out: BudgetRow[] = [];
  for (const currency of [...currencies].sort()) {
    const a = from.filter((b) => b.currency === currency).sort((x, y) => x.month.localeCompare(y.month));
    const b = into.filter((r) => r.currency === currency).sort((x, y) => x.month.localeCompare(y.month));
    const months = [...new Set([...a, ...b].map((r) => r.month))].sort();
    for (const month of months) {
      const sum = inForce(a, month) + inForce(b, month);
      if (!Number.isSafeInteger(sum)) throw new RangeError('the merged budget is out of range');
      out.push({ id: budgetId(currency, intoId, month), currency, category: intoId, month, assignedMinor: sum, updatedAt: at });
    }
  }
  return out;
}

/**
 * Merges custom category `fromId` into `intoId` (a built-in or another custom category): its rows,
 * rules, budgets and rollovers move there and it is deleted — one transaction. Returns the record
 * Undo needs. `kind: 'delete'` records it as the user's delete (same effect).
 */
export async function mergeCategory(
  db: LedgerlineDb,
  fromId: CategoryId,
  intoId: CategoryId,
  options: { kind?: 'merge' | 'delete'; now?: Date } = {},
): Promise<CategoryMergeRow> {
  const at = (options.now ?? new Date()).toISOString();
  if (fromId === intoId) throw new CategoryError('A category cannot be merged into itself.');
  const tables = [db.customCategories, db.transactions, db.rules, db.budgets, db.budgetRollovers, db.categoryMerges];
  const record = await db.transaction('rw', tables, async () => {
    const from = await db.customCategories.get(fromId);
    if (!from) throw new CategoryError('That category no longer exists.');
    if (isCustomCategoryId(intoId) ? !(await db.customCategories.get(intoId)) : !categoryInfo(intoId)) {
      throw new CategoryError('The category to merge into no longer exists.');
    }
    // Rows: every stored row (tombstones too: an undone sync brings them back as they were).
    const txIds = await rowsInCategory(db, fromId);
    await db.transactions.bulkUpdate(txIds.map((key) => ({ key, changes: { userCategory: intoId } })));
    // Split parts name categories too. They are not indexed (splits are rare and live inside the
    // row), so this reads every row: a merge is rare, and a part left naming a deleted category
    // would show "Removed category" and drop out of its budget line.
    const splitRows = await db.transactions.filter((t) => (t.splits ?? []).some((p) => p.category === fromId)).toArray();
    const splitsBefore = splitRows.map((t) => ({ id: t.id, splits: t.splits ?? [] }));
    await db.transactions.bulkUpdate(splitsBefore.map(({ id, splits }) => ({ key: id, changes: { splits: movedParts(splits, fromId, intoId) } })));

    const rules: CategoryRule[] = (await db.rules.toArray()).filter((r) => r.category === fromId);
    await db.rules.bulkPut(rules.map((r) => ({ ...r, category: intoId })));

    const budgets = await db.budgets.toArray();
    const fromBudgets = budgets.filter((b) => b.category === fromId);
    const intoBudgets = budgets.filter((b) => b.category === intoId);
    const after = fromBudgets.length === 0 ? intoBudgets : mergedBudgets(fromBudgets, intoBudgets, intoId, at);
    if (fromBudgets.length > 0) {
      await db.budgets.bulkDelete([...fromBudgets, ...intoBudgets].map((b) => b.id));
      await db.budgets.bulkPut(after);
    }

    const rollovers = await db.budgetRollovers.toArray();
    const fromRollovers = rollovers.filter((r) => r.category === fromId);
    const intoRollovers = rollovers.filter((r) => r.category === intoId);
    const taken = new Set(intoRollovers.map((r) => r.currency));
    const moved: BudgetRolloverRow[] = fromRollovers.filter((r) => !taken.has(r.currency))
      .map((r) => ({ ...r, id: rolloverId(r.currency, intoId), category: intoId, updatedAt: at }));
    await db.budgetRollovers.bulkDelete(fromRollovers.map((r) => r.id));
    await db.budgetRollovers.bulkPut(moved);

    await db.customCategories.delete(fromId);
    const row: CategoryMergeRow = {
      id: newId(), kind: options.kind ?? 'merge', from, intoId, at, txIds, splitsBefore, rules,
      budgetsBefore: fromBudgets.length > 0 ? [...fromBudgets, ...intoBudgets] : [],
      budgetIdsAfter: fromBudgets.length > 0 ? after.map((b) => b.id) : [],
      rolloversBefore: [...fromRollovers, ...intoRollovers.filter((r) => fromRollovers.some((f) => f.currency === r.currency))],
      rolloverIdsAfter: moved.map((r) => r.id),
      undoneAt: null,
    };
    await db.categoryMerges.add(row);
    return row;
  });
  notifyIndex(db, { all: true });
  return record;
}

/** A split's parts with `fromId` renamed `intoId`, the rest untouched. */
function movedParts(parts: readonly SplitPart[], fromId: CategoryId, intoId: CategoryId): SplitPart[] {
  return parts.map((p) => (p.category === fromId ? { ...p, category: intoId } : p));
}

/** Deletes a custom category; whatever refers to it goes to `intoId` (default: its parent). */
export async function deleteCustomCategory(db: LedgerlineDb, id: CategoryId, intoId?: CategoryId, now?: Date): Promise<CategoryMergeRow> {
  const category = await db.customCategories.get(id);
  if (!category) throw new CategoryError('That category no longer exists.');
  return mergeCategory(db, id, intoId ?? category.parentId, { kind: 'delete', now });
}

/**
 * Undoes a merge (or delete): the category comes back and the rows, rules, budgets and rollovers
 * it moved are as they were. A row or rule the user has since moved elsewhere keeps the user's
 * later choice. Refused when a sibling has taken the name meanwhile.
 */
export async function undoMerge(db: LedgerlineDb, mergeId: string, now: Date = new Date()): Promise<void> {
  const tables = [db.customCategories, db.transactions, db.rules, db.budgets, db.budgetRollovers, db.categoryMerges];
  await db.transaction('rw', tables, async () => {
    const merge = await db.categoryMerges.get(mergeId);
    if (!merge) throw new CategoryError('Nothing to undo.');
    if (merge.undoneAt !== null) throw new CategoryError('That merge was undone already.');
    const { from, intoId } = merge;
    if (await db.customCategories.get(from.id)) throw new CategoryError(`“${from.name}” exists already.`);
    const clash = nameProblem(from.name, from.parentId, await db.customCategories.toArray());
    if (clash !== null) throw new CategoryError(`“${from.name}” can’t come back: ${clash} Rename that one first.`);
    await db.customCategories.add(from);

    const rows = await db.transactions.bulkGet(merge.txIds);
    const back = rows.filter((t) => t !== undefined && t.userCategory === intoId).map((t) => t?.id ?? '');
    await db.transactions.bulkUpdate(back.map((key) => ({ key, changes: { userCategory: from.id } })));

    // Parts as they were, unless the user has edited the split since (their later choice stands).
    const before = merge.splitsBefore ?? [];
    const stored = await db.transactions.bulkGet(before.map((b) => b.id));
    const unchanged = before.filter((b, i) => JSON.stringify(stored[i]?.splits ?? null) === JSON.stringify(movedParts(b.splits, from.id, intoId)));
    await db.transactions.bulkUpdate(unchanged.map(({ id, splits }) => ({ key: id, changes: { splits } })));

    const current = await db.rules.bulkGet(merge.rules.map((r) => r.id));
    await db.rules.bulkPut(merge.rules.filter((_, i) => current[i]?.category === intoId));

    await db.budgets.bulkDelete(merge.budgetIdsAfter);
    await db.budgets.bulkPut(merge.budgetsBefore);
    await db.budgetRollovers.bulkDelete(merge.rolloverIdsAfter);
    await db.budgetRollovers.bulkPut(merge.rolloversBefore);

    await db.categoryMerges.update(mergeId, { undoneAt: now.toISOString() });
  });
  notifyIndex(db, { all: true });
}

/** The latest merge or delete not undone yet (what the Categories screen offers to undo). */
export async function lastMerge(db: LedgerlineDb): Promise<CategoryMergeRow | undefined> {
  const merges = await db.categoryMerges.orderBy('at').reverse().toArray();
  return merges.find((m) => m.undoneAt === null);
}
