/**
 * Spending by category with the user's own categories rolled up into their built-in parent: one
 * series per parent, each month the exact sum of the parent's own spending and its children's,
 * naming every category it covers (so a click filters the list to exactly those rows). Pure.
 */
import type { CategoryId } from '../../../shared/categories/categories';
import type { CategorySeries } from './computeInsights';

export interface GroupedSeries extends CategorySeries {
  /** Every category whose spending the series adds up (the parent first). */
  categories: readonly CategoryId[];
}

/** Each series as its own group (nothing rolled up). */
export const ungrouped = (series: readonly CategorySeries[]): GroupedSeries[] => series.map((s) => ({ ...s, categories: [s.category] }));

export function rollUpSeries(
  series: readonly CategorySeries[],
  parentOf: (id: CategoryId) => CategoryId | null,
  labelOf: (id: CategoryId) => string,
): GroupedSeries[] {
  const groups = new Map<CategoryId, { perMonth: number[]; categories: CategoryId[] }>();
  for (const s of series) {
    const key = parentOf(s.category) ?? s.category;
    const g = groups.get(key) ?? { perMonth: s.perMonth.map(() => 0), categories: [] };
    groups.set(key, g);
    s.perMonth.forEach((v, i) => { g.perMonth[i] = (g.perMonth[i] ?? 0) + v; });
    if (key === s.category) g.categories.unshift(s.category);
    else g.categories.push(s.category);
  }
  return [...groups].map(([category, g]) => ({
    category, label: labelOf(category), perMonth: g.perMonth, total: g.perMonth.reduce((a, v) => a + v, 0), categories: g.categories,
  })).sort((a, b) => b.total - a.total || a.label.localeCompare(b.label));
}
