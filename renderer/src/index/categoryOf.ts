/**
 * A stored row's effective category and its label, as the index records it: the user's category,
 * else the rule for its merchant, else the provider's normalized (shared/categories/rules.ts).
 */
import { categoryLabel as labelOf, type CategoryId } from '../../../shared/categories/categories';
import { effectiveCategory, type RulesByKey } from '../../../shared/categories/rules';
import type { TransactionRow } from '../db/schema';

export function categoryOf(row: TransactionRow, rules: RulesByKey): CategoryId {
  return effectiveCategory(row, rules);
}

export const categoryLabel = (id: CategoryId): string => labelOf(id);
