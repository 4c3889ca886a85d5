import { useState, type FormEvent } from 'react';
import { editUserFields, MAX_CATEGORY_LENGTH, MAX_NOTE_LENGTH } from '../../db/editUserFields';
import type { TransactionRow } from '../../db/schema';
import { useLedgerline } from '../../hooks/useLedgerline';
import { humanizeCategory } from '../format';

/** Offered as suggestions; any other name is fine too. */
const COMMON_CATEGORIES = [
  'Coffee', 'Dining out', 'Groceries', 'Gas', 'Rideshare', 'Shopping', 'Subscriptions', 'Rent', 'Utilities',
  'Travel', 'Health', 'Entertainment', 'Gifts', 'Income', 'Transfer', 'Fees',
];

/** The user's category and note. Remount it (key by id) for another row so nothing leaks across. */
export function UserFieldsForm({ row }: { row: TransactionRow }) {
  const { db } = useLedgerline();
  const [category, setCategory] = useState(row.userCategory ?? '');
  const [note, setNote] = useState(row.note ?? '');
  const [saved, setSaved] = useState(false);
  const dirty = category.trim() !== (row.userCategory ?? '') || note.trim() !== (row.note ?? '');

  const save = async (e: FormEvent) => {
    e.preventDefault();
    await editUserFields(db, row.id, { userCategory: category, note });
    setSaved(true);
  };

  return (
    <form className="user-fields" onSubmit={(e) => void save(e)} data-testid="user-fields" data-tx-id={row.id}>
      <label className="field">
        <span className="field__label">Category</span>
        <input className="field__input" list="category-options" value={category} maxLength={MAX_CATEGORY_LENGTH}
          placeholder={humanizeCategory(row.category) || 'Uncategorized'} data-testid="user-category"
          onChange={(e) => { setCategory(e.target.value); setSaved(false); }} />
        <datalist id="category-options">
          {COMMON_CATEGORIES.map((c) => <option key={c} value={c} />)}
        </datalist>
        <span className="field__hint">{row.category ? `The bank says “${humanizeCategory(row.category)}”. Yours wins.` : 'The bank gave no category.'}</span>
      </label>
      <label className="field">
        <span className="field__label">Note</span>
        <textarea className="field__input field__input--note" value={note} maxLength={MAX_NOTE_LENGTH} rows={3}
          placeholder="Add a note — it stays when the charge posts" data-testid="user-note"
          onChange={(e) => { setNote(e.target.value); setSaved(false); }} />
      </label>
      <div className="user-fields__actions">
        <button type="submit" className="button button--primary button--small" disabled={!dirty} data-testid="user-fields-save">Save</button>
        <span className="user-fields__status" role="status">{saved && !dirty ? 'Saved' : ''}</span>
      </div>
    </form>
  );
}
