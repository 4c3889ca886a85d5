import { describe, expect, it } from 'vitest';
import type { BudgetLine } from '../../../../renderer/src/budgets/computeBudget';
import { nestBudgetLines, rollUpBudgetLines } from '../../../../renderer/src/budgets/rollUp';

const line = (category: string, f: Partial<BudgetLine> = {}): BudgetLine => ({
  category, label: category, rollover: 'none', assignedMinor: 0, assignedFrom: null, carriedMinor: 0, spentMinor: 0, leftMinor: 0, count: 0, ...f,
});
const PARENTS: Record<string, string> = { 'custom:dn': 'dining', 'custom:br': 'dining', 'custom:tr': 'travel' };
const parentOf = (id: string) => PARENTS[id] ?? null;

describe('budget lines with the user’s own categories', () => {
  it('nests each under its parent, groups with activity first, otherwise in the given order', () => {
    const lines = [
      line('groceries'), line('dining'), line('custom:br'), line('custom:dn', { spentMinor: 4_200 }), line('travel'), line('custom:tr'), line('coffee', { assignedMinor: 1 }),
    ];
    expect(nestBudgetLines(lines, parentOf).map((l) => l.category)).toEqual([
      'dining', 'custom:br', 'custom:dn', 'coffee', 'groceries', 'travel', 'custom:tr',
    ]);
    // A child listed before its parent still comes after it.
    expect(nestBudgetLines([line('custom:dn'), line('dining')], parentOf).map((l) => l.category)).toEqual(['dining', 'custom:dn']);
  });

  it('rolls children up into their parent: every figure the exact sum, the children named', () => {
    const rolled = rollUpBudgetLines([
      line('dining', { assignedMinor: 20_000, spentMinor: 15_001, leftMinor: 4_999, count: 3, carriedMinor: 0, rollover: 'carry' }),
      line('custom:dn', { assignedMinor: 10_000, spentMinor: 12_050, leftMinor: -1_051, carriedMinor: -1, count: 2 }),
      line('custom:br', { assignedMinor: 1, spentMinor: 0, leftMinor: 1, count: 0 }),
      line('groceries', { spentMinor: 7 }),
    ], parentOf);
    expect(rolled).toEqual([
      { ...line('dining'), rollover: 'carry', assignedMinor: 30_001, spentMinor: 27_051, leftMinor: 3_949, carriedMinor: -1, count: 5, rolledUp: ['custom:dn', 'custom:br'] },
      { ...line('groceries', { spentMinor: 7 }), rolledUp: [] },
    ]);
  });

  it('keeps a child whose parent has no line as its own line', () => {
    expect(rollUpBudgetLines([line('custom:tr', { spentMinor: 5 })], parentOf)).toEqual([{ ...line('custom:tr', { spentMinor: 5 }), rolledUp: [] }]);
  });
});
