/**
 * A stored row's effective category and its label, as the index records it: the user's category,
 * else the rule for its merchant, else the provider's normalized (shared/categories/rules.ts).
 */
import type { CategoryId } from '../../../shared/categories/categories';
import { BUILT_IN_CATALOG, buildCatalog, isCustomCategory, type CategoryCatalog } from '../../../shared/categories/customCategories';
import { effectiveCategory, type RulesByKey } from '../../../shared/categories/rules';
import type { LedgerlineDb, TransactionRow } from '../db/schema';

export function categoryOf(row: TransactionRow, rules: RulesByKey): CategoryId {
  return effectiveCategory(row, rules);
}

/** The label the index records (its search text holds it): a custom category's name by its id. */
export const categoryLabel = (id: CategoryId, catalog: CategoryCatalog = BUILT_IN_CATALOG): string => catalog.label(id);

/** The catalog as stored now (a few small records: read per full load and per budget or insights ask). */
export async function readCatalog(db: LedgerlineDb): Promise<CategoryCatalog> {
  return buildCatalog((await db.customCategories.toArray()).filter(isCustomCategory));
}
