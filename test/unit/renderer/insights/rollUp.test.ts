import { describe, expect, it } from 'vitest';
import type { CategorySeries } from '../../../../renderer/src/insights/computeInsights';
import { rollUpSeries, ungrouped } from '../../../../renderer/src/insights/rollUp';

const s = (category: string, perMonth: number[]): CategorySeries => ({ category, label: category.toUpperCase(), perMonth, total: perMonth.reduce((a, v) => a + v, 0) });
const PARENTS: Record<string, string> = { 'custom:dn': 'dining', 'custom:br': 'dining' };
const parentOf = (id: string) => PARENTS[id] ?? null;
const labelOf = (id: string) => ({ dining: 'Dining out', groceries: 'Groceries' } as Record<string, string>)[id] ?? id;

describe('spending by category, rolled up', () => {
  const series = [s('groceries', [10_000, 9_000]), s('custom:dn', [6_150, 0]), s('dining', [2_001, 3_003]), s('custom:br', [0, 1_999])];

  it('adds each of the user’s categories into its parent month by month, exactly, naming every category covered', () => {
    expect(rollUpSeries(series, parentOf, labelOf)).toEqual([
      { category: 'groceries', label: 'Groceries', perMonth: [10_000, 9_000], total: 19_000, categories: ['groceries'] },
      { category: 'dining', label: 'Dining out', perMonth: [8_151, 5_002], total: 13_153, categories: ['dining', 'custom:dn', 'custom:br'] },
    ]);
  });

  it('keeps totals: the sum over the groups is the sum over the series', () => {
    const sum = (xs: readonly { total: number }[]) => xs.reduce((a, x) => a + x.total, 0);
    expect(sum(rollUpSeries(series, parentOf, labelOf))).toBe(sum(series));
  });

  it('makes a parent group when only a child spent, and leaves everything alone when not rolled up', () => {
    expect(rollUpSeries([s('custom:dn', [5])], parentOf, labelOf)).toEqual([{ category: 'dining', label: 'Dining out', perMonth: [5], total: 5, categories: ['custom:dn'] }]);
    expect(ungrouped(series).map((g) => g.categories)).toEqual([['groceries'], ['custom:dn'], ['dining'], ['custom:br']]);
  });
});
