/**
 * "All like this": the user's category rules, one per merchant, and the category a transaction
 * shows — the user's own choice for it, else the rule for its merchant, else the provider's
 * category normalized. Pure (the ledger index's Web Worker calls it too).
 */
import { normalizeMerchant } from '../reconcile/merchantKey';
import { normalizeCategory, resolveUserCategory, type CategoryId } from './categories';
import { BUILT_IN_CATALOG, type CategoryCatalog } from './customCategories';

export interface CategoryRule {
  id: string;
  /** `merchantKey()` of the transaction the rule was made from; unique. */
  merchantKey: string;
  /** The merchant as the user saw it ("Starbucks"), for Settings and hints. */
  merchantLabel: string;
  category: CategoryId;
  createdAt: string;
}

export type RulesByKey = ReadonlyMap<string, CategoryRule>;

interface Named {
  description: string;
  merchant: string | null;
}

/**
 * Who the money went to or came from, normalized so the forms a bank writes one merchant in agree:
 * the merchant's name, else the description — lower case, no store numbers or other digits, no
 * processor prefix ("SQ *"), no punctuation ("STARBUCKS #1234" and "Starbucks" → `starbucks`).
 * Empty when nothing readable is left.
 */
export function merchantKey(tx: Named): string {
  const fromMerchant = tx.merchant ? normalizeMerchant(tx.merchant) : '';
  return fromMerchant !== '' ? fromMerchant : normalizeMerchant(tx.description);
}

/** How the merchant is named to the user: the merchant, else the description as given. */
export const merchantLabelOf = (tx: Named): string => (tx.merchant?.trim() || tx.description.trim());

/**
 * The rule covering a row: the one for its key, else for the longest whole-word beginning of it,
 * so a rule made on "Starbucks" also covers a raw "STARBUCKS STORE 05412" (key `starbucks store`).
 * The merchant's name is tried first, then the description.
 */
export function ruleFor(tx: Named, rules: RulesByKey): CategoryRule | undefined {
  if (rules.size === 0) return undefined;
  const keys = [tx.merchant ? normalizeMerchant(tx.merchant) : '', normalizeMerchant(tx.description)];
  for (const key of keys) {
    if (key === '') continue;
    const words = key.split(' ');
    for (let n = words.length; n > 0; n--) {
      const rule = rules.get(words.slice(0, n).join(' '));
      if (rule) return rule;
    }
  }
  return undefined;
}

export interface CategorizableRow extends Named {
  category: string | null;
  activityType?: string | null;
  amountMinor: number;
  userCategory?: string | null;
}

export type CategorySource = 'user' | 'rule' | 'provider';

export interface CategoryExplained {
  id: CategoryId;
  label: string;
  source: CategorySource;
  /** The rule that decided it (source `rule`), or that would if the user's own choice were cleared. */
  rule: CategoryRule | undefined;
  /** The provider's category normalized: what "reset to the bank's category" gives. */
  providerId: CategoryId;
}

/**
 * The effective category and where it came from. `catalog` names the user's own categories (a
 * row, a rule or nothing may hold one's id); without it a custom id reads as itself.
 */
export function explainCategory(row: CategorizableRow, rules: RulesByKey, catalog: CategoryCatalog = BUILT_IN_CATALOG): CategoryExplained {
  const providerId = normalizeCategory(row);
  const rule = ruleFor(row, rules);
  const user = resolveUserCategory(row.userCategory);
  if (user !== null) return { id: user, label: catalog.label(user), source: 'user', rule, providerId };
  if (rule) return { id: rule.category, label: catalog.label(rule.category), source: 'rule', rule, providerId };
  return { id: providerId, label: catalog.label(providerId), source: 'provider', rule, providerId };
}

/** The user's per-transaction category > the rule for its merchant > the provider's, normalized. */
export function effectiveCategory(row: CategorizableRow, rules: RulesByKey): CategoryId {
  return explainCategory(row, rules).id;
}

/** Rules keyed by merchant key, as `effectiveCategory` wants them. */
export const rulesByKey = (rules: readonly CategoryRule[]): Map<string, CategoryRule> => new Map(rules.map((r) => [r.merchantKey, r]));
