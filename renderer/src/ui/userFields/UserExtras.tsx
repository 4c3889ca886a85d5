import { useId, useState, type FormEvent } from 'react';
import { categoryLabel, resolveUserCategory } from '../../../../shared/categories/categories';
import { explainCategory } from '../../../../shared/categories/rules';
import { formatMoney, toDecimalString } from '../../../../shared/money';
import {
  checkSplit, describeSplitProblem, evenParts, MAX_PARTS, remainingMinor, splitState, type SplitPart,
} from '../../../../shared/userFields/splits';
import { addTags, parseTagInput, removeTag } from '../../../../shared/userFields/tags';
import { parseMoneyInput } from '../../budgets/parseMoneyInput';
import { editUserFields, SplitRefused } from '../../db/editUserFields';
import type { TransactionRow } from '../../db/schema';
import { useLedgerline } from '../../hooks/useLedgerline';
import { useRules } from '../../hooks/useRules';
import { CategoryPicker } from '../categories/CategoryPicker';
import './userFields.css';

/**
 * The detail panel's part for the user's own marks on a row: exclude from budgets and reports,
 * tags, and a split. Each change is saved at once (an edit of the user's fields, which no sync
 * touches) and can be taken back the same way: Include again, × on a tag, Remove split.
 * Remount it (key by id) for another row.
 */
export function UserExtras({ row }: { row: TransactionRow }) {
  return (
    <section className="user-extras" aria-label="Exclude, tags and split" data-testid="user-extras">
      <ExcludeToggle row={row} />
      <TagEditor row={row} />
      <SplitSection row={row} />
    </section>
  );
}

function ExcludeToggle({ row }: { row: TransactionRow }) {
  const { db } = useLedgerline();
  const excluded = !!row.excludedAt;
  return (
    <div className="user-extras__row">
      <button type="button" className="button button--small" data-testid="exclude-toggle" aria-pressed={excluded}
        onClick={() => void editUserFields(db, row.id, { excluded: !excluded })}>
        {excluded ? 'Include in budgets and reports' : 'Exclude from budgets and reports'}
      </button>
      <span className="user-extras__hint" data-testid="exclude-hint">
        {excluded
          ? 'Excluded: kept and synced, left out of budgets and Insights, hidden from the list (search is:excluded).'
          : 'For a row you do not want counted — a sync will not bring it back.'}
      </span>
    </div>
  );
}

function TagEditor({ row }: { row: TransactionRow }) {
  const { db } = useLedgerline();
  const uid = useId();
  const [text, setText] = useState('');
  const tags = row.tags ?? [];
  const add = async (e: FormEvent) => {
    e.preventDefault();
    const typed = parseTagInput(text);
    if (typed.length === 0) return;
    await editUserFields(db, row.id, { tags: addTags(tags, typed) });
    setText('');
  };
  return (
    <div className="field">
      <label className="field__label" htmlFor={`${uid}-tag`}>Tags</label>
      {tags.length > 0 && (
        <div className="tag-editor__chips" data-testid="tag-list">
          {tags.map((t) => (
            <span key={t} className="tag-editor__chip" data-testid="detail-tag" data-tag={t}>
              #{t}
              <button type="button" className="tag-editor__remove" aria-label={`Remove tag ${t}`} data-testid="tag-remove"
                onClick={() => void editUserFields(db, row.id, { tags: removeTag(tags, t) })}>×</button>
            </span>
          ))}
        </div>
      )}
      <form className="tag-editor__form" onSubmit={(e) => void add(e)}>
        <input id={`${uid}-tag`} className="field__input" value={text} placeholder="#trip, #tax" data-testid="tag-input"
          onChange={(e) => setText(e.target.value)} />
        <button type="submit" className="button button--small" disabled={parseTagInput(text).length === 0} data-testid="tag-add">Add</button>
      </form>
      <span className="field__hint">Find them with #tag in the search box.</span>
    </div>
  );
}

interface DraftPart {
  /** The magnitude as typed (the parent's sign is applied). */
  amount: string;
  category: string;
  note: string;
}

function SplitSection({ row }: { row: TransactionRow }) {
  const { db } = useLedgerline();
  const [editing, setEditing] = useState(false);
  const state = splitState(row);
  const money = (minor: number) => formatMoney(minor, row.currency);
  if (editing) return <SplitEditor row={row} onDone={() => setEditing(false)} />;
  if (state === 'none') {
    return (
      <div className="user-extras__row">
        <button type="button" className="button button--small" data-testid="split-start" onClick={() => setEditing(true)}>
          Split into categories
        </button>
        <span className="user-extras__hint">Each part with its own amount, category and note.</span>
      </div>
    );
  }
  const parts = row.splits ?? [];
  return (
    <div className="field" data-testid="split-summary" data-state={state}>
      <span className="field__label">Split into {parts.length} parts</span>
      {state === 'stale' && (
        <p className="user-extras__hint" role="alert" data-testid="split-stale">
          The amount is now {money(row.amountMinor)} but the parts add up to {money(parts.reduce((s, p) => s + p.amountMinor, 0))}:
          budgets and Insights count the whole transaction in its category until you edit or remove the split.
        </p>
      )}
      <ul className="split-summary">
        {parts.map((p, i) => (
          <li key={i} className="split-summary__part" data-testid="split-part" data-category={p.category} data-minor={p.amountMinor}>
            <span>
              {categoryLabel(resolveUserCategory(p.category) ?? p.category)}
              {p.note && <span className="split-summary__note"> · {p.note}</span>}
            </span>
            <span className={`split-summary__amount amount${p.amountMinor > 0 ? ' amount--in' : ''}`}>{money(p.amountMinor)}</span>
          </li>
        ))}
      </ul>
      <div className="user-extras__row">
        <button type="button" className="button button--small" data-testid="split-edit" onClick={() => setEditing(true)}>Edit split</button>
        <button type="button" className="button button--small button--ghost" data-testid="split-remove"
          onClick={() => void editUserFields(db, row.id, { splits: null })}>Remove split</button>
      </div>
    </div>
  );
}

function SplitEditor({ row, onDone }: { row: TransactionRow; onDone: () => void }) {
  const { db } = useLedgerline();
  const rules = useRules();
  const own = explainCategory(row, rules.byKey).id;
  const sign = row.amountMinor < 0 ? -1 : 1;
  const text = (minor: number) => toDecimalString(Math.abs(minor), row.currency);
  const [parts, setParts] = useState<DraftPart[]>(() => (row.splits && row.splits.length > 0
    ? row.splits.map((p) => ({ amount: text(p.amountMinor), category: p.category, note: p.note ?? '' }))
    : evenParts(row.amountMinor, 2).map((minor) => ({ amount: text(minor), category: own, note: '' }))));
  const [error, setError] = useState<string | null>(null);
  const money = (minor: number) => formatMoney(minor, row.currency);

  const parsed = parts.map((p) => parseMoneyInput(p.amount, row.currency));
  const candidate: SplitPart[] = parts.map((p, i) => ({ amountMinor: sign * (parsed[i] ?? Number.NaN), category: p.category, note: p.note }));
  const unreadable = parsed.findIndex((v) => v === null);
  const problems = unreadable >= 0 ? [] : checkSplit(row.amountMinor, candidate);
  const remaining = unreadable >= 0 ? null : remainingMinor(row.amountMinor, candidate);
  const canSave = unreadable < 0 && problems.length === 0;

  const set = (i: number, patch: Partial<DraftPart>) => setParts((ps) => ps.map((p, j) => (j === i ? { ...p, ...patch } : p)));
  const addPart = () => setParts((ps) => {
    // The new part takes what is left, when something is (the "remaining" part).
    const left = remaining !== null && Math.sign(remaining) === sign ? remaining : 0;
    return [...ps, { amount: left !== 0 ? text(left) : '', category: own, note: '' }];
  });
  const save = async (e: FormEvent) => {
    e.preventDefault();
    if (!canSave) return;
    try {
      await editUserFields(db, row.id, { splits: candidate });
      onDone();
    } catch (err) {
      setError(err instanceof SplitRefused ? (err.problems[0] ? describeSplitProblem(err.problems[0], row.amountMinor, money) : err.message)
        : err instanceof Error ? err.message : 'Could not save the split.');
    }
  };

  return (
    <form className="field" onSubmit={(e) => void save(e)} data-testid="split-editor">
      <span className="field__label">Split {money(row.amountMinor)}</span>
      <ol className="split-editor__parts">
        {parts.map((p, i) => (
          <li key={i} className="split-editor__part" data-testid="split-editor-part">
            <input className="field__input split-editor__amount amount" inputMode="decimal" value={p.amount}
              aria-label={`Part ${i + 1} amount`} aria-invalid={parsed[i] === null} data-testid="split-amount"
              onChange={(e) => set(i, { amount: e.target.value })} />
            <CategoryPicker className="field__input field__select split-editor__category" value={p.category} aria-label={`Part ${i + 1} category`} data-testid="split-category"
              onChange={(category) => set(i, { category })} />
            <button type="button" className="tag-editor__remove split-editor__remove" aria-label={`Remove part ${i + 1}`}
              disabled={parts.length <= 2} data-testid="split-part-remove"
              onClick={() => setParts((ps) => ps.filter((_, j) => j !== i))}>×</button>
            <input className="field__input split-editor__note" value={p.note} placeholder="Note for this part"
              aria-label={`Part ${i + 1} note`} data-testid="split-note" onChange={(e) => set(i, { note: e.target.value })} />
          </li>
        ))}
      </ol>
      <div className="split-editor__remaining" data-testid="split-remaining" data-zero={remaining === 0}
        data-minor={remaining ?? ''} role="status">
        <span>{remaining === null ? `Part ${unreadable + 1} is not an amount` : remaining === 0 ? 'Fully assigned' : Math.sign(remaining) === sign ? 'Remaining' : 'Over by'}</span>
        <span>{remaining === null ? '' : money(Math.abs(remaining))}</span>
      </div>
      {problems.filter((p) => p.kind !== 'remaining').slice(0, 1).map((p) => (
        <span key={p.kind} className="field__hint" role="alert">{describeSplitProblem(p, row.amountMinor, money)}</span>
      ))}
      {error && <span className="field__hint" role="alert">{error}</span>}
      <div className="user-extras__row">
        <button type="button" className="button button--small" disabled={parts.length >= MAX_PARTS} data-testid="split-add" onClick={addPart}>
          Add part
        </button>
        <button type="submit" className="button button--primary button--small" disabled={!canSave} data-testid="split-save">Save split</button>
        <button type="button" className="button button--small button--ghost" data-testid="split-cancel" onClick={onDone}>Cancel</button>
      </div>
    </form>
  );
}
