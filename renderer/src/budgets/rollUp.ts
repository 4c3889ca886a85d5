/**
 * Budget lines with the user's own categories: in order under their parent (the nesting the view
 * shows), or rolled up into it (one line per built-in category, the children's figures added in).
 * Pure, exact integer minor units; one currency's lines, so sums never cross currencies.
 */
import type { CategoryId } from '../../../shared/categories/categories';
import type { BudgetLine } from './computeBudget';

export interface RolledBudgetLine extends BudgetLine {
  /** The custom categories whose figures are added into this line (empty: its own figures only). */
  rolledUp: readonly CategoryId[];
}

const active = (l: BudgetLine): boolean => l.assignedMinor !== 0 || l.spentMinor !== 0 || l.carriedMinor !== 0;

/**
 * The lines grouped by parent (a parent first, then its children in their given order), groups with
 * any activity first, otherwise in the given order. A child whose parent has no line leads its own group.
 */
export function nestBudgetLines<L extends BudgetLine>(lines: readonly L[], parentOf: (id: CategoryId) => CategoryId | null): L[] {
  const groups = new Map<CategoryId, L[]>();
  for (const line of lines) {
    const key = parentOf(line.category) ?? line.category;
    let group = groups.get(key);
    if (!group) groups.set(key, (group = []));
    if (key === line.category) group.unshift(line);
    else group.push(line);
  }
  const ordered = [...groups.values()];
  // Stable: Array.prototype.sort keeps equal groups in their order.
  ordered.sort((a, b) => Number(b.some(active)) - Number(a.some(active)));
  return ordered.flat();
}

/** One line per parent: its own figures plus its children's (assigned, carried, spent, left, count). */
export function rollUpBudgetLines(lines: readonly BudgetLine[], parentOf: (id: CategoryId) => CategoryId | null): RolledBudgetLine[] {
  const out = new Map<CategoryId, RolledBudgetLine>();
  const orphans: BudgetLine[] = [];
  for (const line of lines) if (parentOf(line.category) === null) out.set(line.category, { ...line, rolledUp: [] });
  for (const line of lines) {
    const parent = parentOf(line.category);
    if (parent === null) continue;
    const into = out.get(parent);
    if (!into) {
      orphans.push(line);
      continue;
    }
    out.set(parent, {
      ...into,
      assignedMinor: into.assignedMinor + line.assignedMinor,
      carriedMinor: into.carriedMinor + line.carriedMinor,
      spentMinor: into.spentMinor + line.spentMinor,
      leftMinor: into.leftMinor + line.leftMinor,
      count: into.count + line.count,
      rolledUp: [...into.rolledUp, line.category],
    });
  }
  return [...out.values(), ...orphans.map((l) => ({ ...l, rolledUp: [] }))];
}
