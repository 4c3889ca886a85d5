/**
 * Settings › Category rules: every "all like this" rule, what it sets, how many transactions it
 * covers now, and Delete (those rows show their own or the bank's category again).
 */
import { useEffect, useId, useState } from 'react';
import type { CategoryId } from '../../../../shared/categories/categories';
import type { CategoryRule } from '../../../../shared/categories/rules';
import { countRuleMatches, deleteRule, saveRule } from '../../db/rules';
import { CategoryPicker } from '../categories/CategoryPicker';
import { useLedgerline } from '../../hooks/useLedgerline';
import { useRules } from '../../hooks/useRules';
import { shortDayOf } from '../format';
import '../categories.css';

export function RulesSection() {
  const { db } = useLedgerline();
  const rules = useRules();
  const uid = useId();
  const [counts, setCounts] = useState<ReadonlyMap<string, number> | null>(null);
  const [error, setError] = useState<string | null>(null);

  // Counted once per change of the rules (a scan of the stored rows), not on every sync.
  useEffect(() => {
    let current = true;
    countRuleMatches(db, rules.list).then((c) => { if (current) setCounts(c); }, () => { if (current) setCounts(null); });
    return () => { current = false; };
  }, [db, rules.list]);

  const recategorize = async (rule: CategoryRule, category: CategoryId) => {
    setError(null);
    try {
      await saveRule(db, { merchantKey: rule.merchantKey, merchantLabel: rule.merchantLabel, category });
    } catch (e) {
      setError(`The rule for ${rule.merchantLabel} was not changed: ${e instanceof Error ? e.message : String(e)}`);
    }
  };

  const remove = async (rule: CategoryRule) => {
    setError(null);
    try {
      await deleteRule(db, rule.id);
    } catch (e) {
      setError(`The rule for ${rule.merchantLabel} was not deleted: ${e instanceof Error ? e.message : String(e)}`);
    }
  };

  return (
    <section className="settings-card" aria-labelledby={`${uid}-title`} data-testid="rules-section">
      <h3 className="settings-card__title" id={`${uid}-title`}>Category rules</h3>
      <p className="settings-card__about">
        A rule gives every transaction from one merchant your category, including those future syncs bring.
        A category you set on a single transaction still wins.
      </p>
      {error && <p className="result-line result-line--error" role="alert">{error}</p>}
      {rules.loaded && rules.list.length === 0 && (
        <p className="rules-empty" data-testid="rules-empty">
          No rules yet. Open a transaction, pick its category and tick “Apply to all transactions from …”.
        </p>
      )}
      {rules.list.length > 0 && (
        <ul className="rules-list" aria-label="Category rules">
          {rules.list.map((rule) => {
            const count = counts?.get(rule.id);
            return (
              <li key={rule.id} className="rules-list__item" data-testid="rule" data-merchant-key={rule.merchantKey}>
                <div>
                  <div className="rules-list__merchant" title={rule.merchantLabel}>{rule.merchantLabel}</div>
                  <div className="rules-list__meta">
                    <CategoryPicker value={rule.category} className="rules-list__category field__select" aria-label={`Category for ${rule.merchantLabel}`}
                      data-testid="rule-category" onChange={(id) => void recategorize(rule, id)} />
                    {count !== undefined && <> · {count} {count === 1 ? 'transaction' : 'transactions'}</>}
                    {' · '}since {shortDayOf(rule.createdAt)}
                  </div>
                </div>
                <button type="button" className="button button--ghost button--small" data-testid="rule-delete"
                  aria-label={`Delete the rule for ${rule.merchantLabel}`} onClick={() => void remove(rule)}>
                  Delete
                </button>
              </li>
            );
          })}
        </ul>
      )}
    </section>
  );
}
