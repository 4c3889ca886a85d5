import { useId, useState, type FormEvent } from 'react';
import type { CategoryId } from '../../../../shared/categories/categories';
import { explainCategory, merchantKey, merchantLabelOf, type CategoryExplained } from '../../../../shared/categories/rules';
import { editUserFields, MAX_NOTE_LENGTH } from '../../db/editUserFields';
import { saveRule } from '../../db/rules';
import type { TransactionRow } from '../../db/schema';
import { useLedgerline } from '../../hooks/useLedgerline';
import { useRules } from '../../hooks/useRules';
import { useCategoryCatalog } from '../../hooks/useCategoryCatalog';
import { CategoryPicker } from '../categories/CategoryPicker';
import { humanizeCategory } from '../format';
import '../categories.css';

/** Where the shown category comes from, in words. */
function sourceText(row: TransactionRow, explained: CategoryExplained): string {
  const bank = row.activityType
    ? `The broker calls it ${row.activityType}`
    : row.category ? `The bank said “${humanizeCategory(row.category)}”` : 'The bank gave no category';
  if (explained.source === 'user') return `You chose this for this transaction. ${bank}.`;
  if (explained.source === 'rule' && explained.rule) return `From your rule for ${explained.rule.merchantLabel}. ${bank}.`;
  return `${bank}.`;
}

/**
 * The user's category and note. The category is one of Ledgerline's set — for this transaction, or
 * for every transaction from its merchant (a rule, which future syncs follow too). Remount it
 * (key by id) for another row so nothing leaks across.
 */
export function UserFieldsForm({ row }: { row: TransactionRow }) {
  const { db } = useLedgerline();
  const rules = useRules();
  const catalog = useCategoryCatalog();
  const categoryLabel = catalog.label;
  const uid = useId();
  const explained = explainCategory(row, rules.byKey, catalog);
  const key = merchantKey(row);
  const merchant = merchantLabelOf(row);
  // Untouched (null) follows the effective category as rules load or change.
  const [chosen, setChosen] = useState<CategoryId | null>(null);
  const [applyToAll, setApplyToAll] = useState(false);
  const [note, setNote] = useState(row.note ?? '');
  const [status, setStatus] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const category = chosen ?? explained.id;
  const categoryDirty = category !== explained.id;
  const noteDirty = note.trim() !== (row.note ?? '');
  const dirty = categoryDirty || noteDirty || applyToAll;
  // Without a rule or a choice of its own, the row would show this.
  const fallback = explained.rule?.category ?? explained.providerId;

  const edited = () => setStatus(null);

  const save = async (e: FormEvent) => {
    e.preventDefault();
    if (!dirty || busy) return;
    setBusy(true);
    try {
      const words: string[] = [];
      if (noteDirty) await editUserFields(db, row.id, { note });
      if (applyToAll && key !== '') {
        const saved = await saveRule(db, { merchantKey: key, merchantLabel: merchant, category }, { clearUserCategoryOf: row.id });
        const others = saved.recategorized;
        words.push(`Rule saved for ${merchant}`);
        words.push(others === 0 ? 'no other transaction changed' : `${others} other ${others === 1 ? 'transaction' : 'transactions'} re-categorized as ${categoryLabel(category)}`);
      } else if (categoryDirty) {
        await editUserFields(db, row.id, { userCategory: category === fallback ? null : category });
      }
      setChosen(null);
      setApplyToAll(false);
      setStatus(words.length > 0 ? words.join(' · ') : 'Saved');
    } catch (error) {
      setStatus(error instanceof Error ? error.message : 'Could not save.');
    } finally {
      setBusy(false);
    }
  };

  /** Back to what the bank said: no choice of the user's; over a rule, the bank's category for this row. */
  const resetToBank = async () => {
    const userCategory = explained.rule && explained.rule.category !== explained.providerId ? explained.providerId : null;
    await editUserFields(db, row.id, { userCategory });
    setChosen(null);
    setStatus(`Back to the bank’s category: ${categoryLabel(explained.providerId)}`);
  };
  const showReset = explained.id !== explained.providerId || explained.source === 'user';

  return (
    <form className="user-fields" onSubmit={(e) => void save(e)} data-testid="user-fields" data-tx-id={row.id}>
      <div className="field">
        <label className="field__label" htmlFor={`${uid}-category`}>Category</label>
        <CategoryPicker id={`${uid}-category`} value={category} data-testid="user-category" aria-describedby={`${uid}-source`}
          onChange={(id) => { setChosen(id); edited(); }} />
        <span className="field__hint category-source" id={`${uid}-source`} data-testid="category-source">
          {sourceText(row, explained)}
          {showReset && (
            <>
              {' '}
              <button type="button" className="link-button" data-testid="category-reset" onClick={() => void resetToBank()}>
                Use the bank’s category ({categoryLabel(explained.providerId)})
              </button>
            </>
          )}
        </span>
      </div>
      {key !== '' && (
        <label className="category-apply">
          <input type="checkbox" checked={applyToAll} data-testid="apply-to-merchant"
            onChange={(e) => { setApplyToAll(e.target.checked); edited(); }} />
          <span>
            Apply to all transactions from <strong>{merchant}</strong>
            <span className="category-apply__hint">
              {explained.rule ? ' — changes your rule for it, now and in future syncs' : ' — now and in future syncs'}
            </span>
          </span>
        </label>
      )}
      <label className="field">
        <span className="field__label">Note</span>
        <textarea className="field__input field__input--note" value={note} maxLength={MAX_NOTE_LENGTH} rows={3}
          placeholder="Add a note — it stays when the charge posts" data-testid="user-note"
          onChange={(e) => { setNote(e.target.value); edited(); }} />
      </label>
      <div className="user-fields__actions">
        <button type="submit" className="button button--primary button--small" disabled={!dirty || busy} data-testid="user-fields-save">
          {applyToAll ? 'Save and apply' : 'Save'}
        </button>
        <span className="user-fields__status" role="status" data-testid="user-fields-status">{status ?? ''}</span>
      </div>
    </form>
  );
}
