/**
 * The user's category rules ("all like this"): one per merchant key. A rule is read wherever a
 * category is shown, so it covers the rows stored now and every row a later sync brings.
 */
import { explainCategory, ruleFor, rulesByKey, type CategoryRule } from '../../../shared/categories/rules';
import type { CategoryId } from '../../../shared/categories/categories';
import { notifyIndex } from '../index/notify';
import type { LedgerlineDb, TransactionRow } from './schema';

export const MAX_MERCHANT_LABEL_LENGTH = 120;

export interface RuleInput {
  merchantKey: string;
  merchantLabel: string;
  category: CategoryId;
}

export interface SavedRule {
  rule: CategoryRule;
  /** Other live rows whose shown category the rule changed (rows with the user's own category keep it). */
  recategorized: number;
  /** Live rows the rule covers. */
  matched: number;
}

const newId = (): string => globalThis.crypto.randomUUID();

/** Live rows only: tombstones have no `listKey`, so the index does not hold them. */
const eachLive = (db: LedgerlineDb, fn: (row: TransactionRow) => void) => db.transactions.where('listKey').above('').each(fn);

export interface SaveRuleOptions {
  /**
   * The row the rule was made from: its own category choice is cleared in the same transaction,
   * so the rule decides it too. It is not counted as re-categorized.
   */
  clearUserCategoryOf?: string;
  now?: Date;
}

/**
 * Saves the rule for a merchant, replacing any rule for the same key, and counts the other rows
 * whose shown category it changed. Throws on an empty merchant key (nothing to match by).
 */
export async function saveRule(db: LedgerlineDb, input: RuleInput, options: SaveRuleOptions = {}): Promise<SavedRule> {
  const now = options.now ?? new Date();
  const origin = options.clearUserCategoryOf;
  const key = input.merchantKey.trim();
  if (key === '') throw new Error('This transaction has no merchant name to make a rule from.');
  const saved = await db.transaction('rw', db.rules, db.transactions, async () => {
    const all = await db.rules.toArray();
    const existing = all.find((r) => r.merchantKey === key);
    const rule: CategoryRule = {
      id: existing?.id ?? newId(),
      merchantKey: key,
      merchantLabel: input.merchantLabel.trim().slice(0, MAX_MERCHANT_LABEL_LENGTH) || key,
      category: input.category,
      createdAt: now.toISOString(),
    };
    const before = rulesByKey(all);
    const after = rulesByKey([...all.filter((r) => r.merchantKey !== key), rule]);
    let recategorized = 0;
    let matched = 0;
    await eachLive(db, (row) => {
      if (ruleFor(row, after)?.id !== rule.id) return;
      matched++;
      if (row.id !== origin && explainCategory(row, before).id !== explainCategory(row, after).id) recategorized++;
    });
    if (origin !== undefined) await db.transactions.update(origin, { userCategory: null, updatedAt: now.toISOString() });
    await db.rules.put(rule);
    return { rule, recategorized, matched };
  });
  notifyIndex(db, { all: true });
  return saved;
}

/** Deletes a rule; the rows it covered show their own or the bank's category again. False when it was gone already. */
export async function deleteRule(db: LedgerlineDb, id: string): Promise<boolean> {
  const existed = await db.transaction('rw', db.rules, async () => {
    const found = (await db.rules.get(id)) !== undefined;
    if (found) await db.rules.delete(id);
    return found;
  });
  if (existed) notifyIndex(db, { all: true });
  return existed;
}

/** How many live rows each rule covers now, by rule id (for Settings). */
export async function countRuleMatches(db: LedgerlineDb, rules: readonly CategoryRule[]): Promise<Map<string, number>> {
  const byKey = rulesByKey(rules);
  const counts = new Map<string, number>(rules.map((r) => [r.id, 0]));
  if (rules.length === 0) return counts;
  await eachLive(db, (row) => {
    const rule = ruleFor(row, byKey);
    if (rule) counts.set(rule.id, (counts.get(rule.id) ?? 0) + 1);
  });
  return counts;
}
