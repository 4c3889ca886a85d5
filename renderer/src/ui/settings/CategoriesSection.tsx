/**
 * Settings › Your categories: create one under a built-in category, rename, recolour or move it,
 * merge it into another, delete it (asking where its transactions, rules and budgets go), and undo
 * the last merge or delete. The writes are db/customCategories.ts; every picker in the app shows
 * the result at once (hooks/useCategoryCatalog.ts).
 */
import { useId, useState, type FormEvent } from 'react';
import { useLiveQuery } from 'dexie-react-hooks';
import { categoryInfo, type CategoryId } from '../../../../shared/categories/categories';
import type { CustomCategory } from '../../../../shared/categories/customCategories';
import { CATEGORY_COLORS, categoryColorVar, nextCategoryColor, type CategoryColor } from '../../../../shared/categories/palette';
import {
  categoryUsage, createCustomCategory, deleteCustomCategory, lastMerge, mergeCategory, undoMerge, updateCustomCategory, type CategoryUsage,
} from '../../db/customCategories';
import { useCategoryCatalog } from '../../hooks/useCategoryCatalog';
import { useLedgerline } from '../../hooks/useLedgerline';
import { CategoryDot } from '../categories/CategoryDot';
import { CategoryPicker } from '../categories/CategoryPicker';
import '../categories.css';
import '../categories/customCategories.css';

const message = (e: unknown): string => (e instanceof Error ? e.message : String(e));

/** The palette as a radio group of swatches (each named by its colour). */
function ColorChoice({ value, onChange, name, legend }: { value: CategoryColor; onChange: (c: CategoryColor) => void; name: string; legend: string }) {
  return (
    <fieldset className="color-choice" data-testid="color-choice">
      <legend className="field__label">{legend}</legend>
      <div className="color-choice__swatches">
        {CATEGORY_COLORS.map((c) => (
          <label key={c.id} className="color-choice__option" title={c.label}>
            <input type="radio" name={name} value={c.id} checked={value === c.id} aria-label={c.label} onChange={() => onChange(c.id)} />
            <span className="color-choice__swatch" aria-hidden="true" style={{ background: categoryColorVar(c.id) }} />
          </label>
        ))}
      </div>
    </fieldset>
  );
}

function usageText(u: CategoryUsage): string {
  const parts: string[] = [];
  if (u.rows > 0) parts.push(`${u.rows} ${u.rows === 1 ? 'transaction' : 'transactions'}`);
  if (u.rules > 0) parts.push(`${u.rules} ${u.rules === 1 ? 'rule' : 'rules'}`);
  if (u.budgets > 0) parts.push(`${u.budgets} budget ${u.budgets === 1 ? 'setting' : 'settings'}`);
  return parts.length === 0 ? 'nothing' : parts.length === 1 ? (parts[0] ?? '') : `${parts.slice(0, -1).join(', ')} and ${parts.at(-1) ?? ''}`;
}

function AddForm() {
  const { db } = useLedgerline();
  const uid = useId();
  const catalog = useCategoryCatalog();
  const [name, setName] = useState('');
  const [parentId, setParentId] = useState<CategoryId>('dining');
  const [color, setColor] = useState<CategoryColor | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [status, setStatus] = useState<string | null>(null);
  const shownColor = color ?? nextCategoryColor(catalog.childrenOf(parentId).map((c) => c.color));

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setError(null);
    try {
      const created = await createCustomCategory(db, { name, parentId, color: shownColor });
      setName('');
      setColor(null);
      setStatus(`Added ${created.name} under ${categoryInfo(parentId)?.label ?? parentId}.`);
    } catch (err) {
      setStatus(null);
      setError(message(err));
    }
  };

  return (
    <form className="category-add" onSubmit={(e) => void submit(e)} data-testid="category-add" aria-label="Add a category">
      <div className="category-add__row">
        <div className="field">
          <label className="field__label" htmlFor={`${uid}-name`}>Name</label>
          <input id={`${uid}-name`} className="field__input" value={name} maxLength={60} placeholder="e.g. Date night" autoComplete="off"
            aria-invalid={error !== null} aria-describedby={error ? `${uid}-error` : undefined} data-testid="category-name"
            onChange={(e) => { setName(e.target.value); setError(null); }} />
        </div>
        <div className="field">
          <label className="field__label" htmlFor={`${uid}-parent`}>Under</label>
          <CategoryPicker id={`${uid}-parent`} value={parentId} builtInOnly data-testid="category-parent" onChange={(id) => { setParentId(id); setColor(null); }} />
        </div>
      </div>
      <ColorChoice value={shownColor} onChange={setColor} name={`${uid}-color`} legend="Colour" />
      <div className="category-add__actions">
        <button type="submit" className="button button--primary button--small" data-testid="category-create">Add category</button>
        {error && <p className="field__error" id={`${uid}-error`} role="alert" data-testid="category-error">{error}</p>}
        {!error && <span className="category-add__status" role="status">{status ?? ''}</span>}
      </div>
    </form>
  );
}

type Mode = { kind: 'view' } | { kind: 'edit' } | { kind: 'merge' } | { kind: 'delete'; usage: CategoryUsage };

function CategoryItem({ category }: { category: CustomCategory }) {
  const { db } = useLedgerline();
  const uid = useId();
  const [mode, setMode] = useState<Mode>({ kind: 'view' });
  const [name, setName] = useState(category.name);
  const [color, setColor] = useState<CategoryColor>(category.color);
  const [parent, setParent] = useState<CategoryId>(category.parentId);
  const [target, setTarget] = useState<CategoryId>(category.parentId);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const run = async (work: () => Promise<unknown>) => {
    setBusy(true);
    setError(null);
    try {
      await work();
      setMode({ kind: 'view' });
    } catch (err) {
      setError(message(err));
    } finally {
      setBusy(false);
    }
  };

  const startEdit = () => {
    setName(category.name);
    setColor(category.color);
    setParent(category.parentId);
    setError(null);
    setMode({ kind: 'edit' });
  };
  const startDelete = async () => {
    setError(null);
    try {
      const usage = await categoryUsage(db, category.id);
      if (usage.rows + usage.rules + usage.budgets === 0) await run(() => deleteCustomCategory(db, category.id));
      else {
        setTarget(category.parentId);
        setMode({ kind: 'delete', usage });
      }
    } catch (err) {
      setError(message(err));
    }
  };

  return (
    <li className="custom-categories__item" data-testid="custom-category" data-category-id={category.id} data-name={category.name}>
      {mode.kind === 'edit' ? (
        <form className="custom-categories__edit" aria-label={`Edit ${category.name}`}
          onSubmit={(e) => { e.preventDefault(); void run(() => updateCustomCategory(db, category.id, { name, color, parentId: parent })); }}>
          <div className="category-add__row">
            <div className="field">
              <label className="field__label" htmlFor={`${uid}-rename`}>Name</label>
              <input id={`${uid}-rename`} className="field__input" value={name} maxLength={60} autoComplete="off" data-testid="category-rename-input"
                aria-invalid={error !== null} aria-describedby={error ? `${uid}-error` : undefined} onChange={(e) => { setName(e.target.value); setError(null); }} />
            </div>
            <div className="field">
              <label className="field__label" htmlFor={`${uid}-move`}>Under</label>
              <CategoryPicker id={`${uid}-move`} value={parent} builtInOnly data-testid="category-move" onChange={(id) => { setParent(id); setError(null); }} />
            </div>
          </div>
          <ColorChoice value={color} onChange={setColor} name={`${uid}-color`} legend="Colour" />
          <div className="custom-categories__actions">
            <button type="submit" className="button button--primary button--small" disabled={busy} data-testid="category-save">Save</button>
            <button type="button" className="button button--ghost button--small" onClick={() => setMode({ kind: 'view' })}>Cancel</button>
          </div>
        </form>
      ) : (
        <div className="custom-categories__row">
          <span className="custom-categories__name"><CategoryDot color={category.color} />{category.name}</span>
          <span className="custom-categories__buttons">
            <button type="button" className="button button--ghost button--small" aria-label={`Edit ${category.name}: name, colour, place`} data-testid="category-edit" onClick={startEdit}>Edit</button>
            <button type="button" className="button button--ghost button--small" aria-label={`Merge ${category.name} into another category`} data-testid="category-merge"
              onClick={() => { setTarget(category.parentId); setError(null); setMode({ kind: 'merge' }); }}>Merge…</button>
            <button type="button" className="button button--ghost button--small" aria-label={`Delete ${category.name}`} data-testid="category-delete" onClick={() => void startDelete()}>Delete</button>
          </span>
        </div>
      )}
      {(mode.kind === 'merge' || mode.kind === 'delete') && (
        <form className="custom-categories__move" aria-label={mode.kind === 'merge' ? `Merge ${category.name}` : `Delete ${category.name}`}
          onSubmit={(e) => {
            e.preventDefault();
            void run(() => (mode.kind === 'merge' ? mergeCategory(db, category.id, target) : deleteCustomCategory(db, category.id, target)));
          }}>
          <label className="field__label" htmlFor={`${uid}-target`}>
            {mode.kind === 'merge'
              ? `Merge ${category.name} into — its transactions, rules and budgets move there:`
              : `${category.name} has ${usageText(mode.usage)}. Move them to:`}
          </label>
          <div className="custom-categories__actions">
            <CategoryPicker id={`${uid}-target`} value={target} exclude={[category.id]} data-testid="category-target" onChange={setTarget} />
            <button type="submit" className="button button--primary button--small" disabled={busy} data-testid="category-confirm">
              {mode.kind === 'merge' ? 'Merge' : 'Delete and move'}
            </button>
            <button type="button" className="button button--ghost button--small" onClick={() => setMode({ kind: 'view' })}>Cancel</button>
          </div>
        </form>
      )}
      {error && <p className="field__error" id={`${uid}-error`} role="alert" data-testid="category-item-error">{error}</p>}
    </li>
  );
}

/** The last merge or delete, with Undo. */
function UndoLine() {
  const { db } = useLedgerline();
  const catalog = useCategoryCatalog();
  const merge = useLiveQuery(() => lastMerge(db), [db]);
  const [error, setError] = useState<string | null>(null);
  if (!merge) return null;
  const into = catalog.path(merge.intoId);
  const what = merge.kind === 'merge' ? `Merged ${merge.from.name} into ${into}` : `Deleted ${merge.from.name}; its transactions went to ${into}`;
  return (
    <div className="custom-categories__undo" data-testid="category-undo-line">
      <span>{what}.</span>
      <button type="button" className="button button--ghost button--small" data-testid="category-undo"
        onClick={() => { setError(null); undoMerge(db, merge.id).catch((e: unknown) => setError(message(e))); }}>
        Undo
      </button>
      {error && <p className="field__error" role="alert">{error}</p>}
    </div>
  );
}

export function CategoriesSection() {
  const catalog = useCategoryCatalog();
  const uid = useId();
  const parents = catalog.entries.filter((e) => !e.custom && catalog.childrenOf(e.id).length > 0);
  return (
    <section className="settings-card custom-categories" aria-labelledby={`${uid}-title`} data-testid="categories-section">
      <h3 className="settings-card__title" id={`${uid}-title`}>Your categories</h3>
      <p className="settings-card__about">
        Add your own categories under Ledgerline&rsquo;s. They count where their parent does in Budgets and Insights; rename them
        any time — transactions, rules and budgets follow.
      </p>
      <AddForm />
      <UndoLine />
      {parents.length === 0 ? (
        <p className="rules-empty" data-testid="categories-empty">No categories of your own yet.</p>
      ) : (
        <div className="custom-categories__groups">
          {parents.map((p) => (
            <div key={p.id} className="custom-categories__group" data-testid="custom-category-group" data-parent={p.id}>
              <h4 className="custom-categories__parent" id={`${uid}-${p.id}`}>{p.label}</h4>
              <ul className="custom-categories__list" aria-labelledby={`${uid}-${p.id}`}>
                {catalog.childrenOf(p.id).map((c) => <CategoryItem key={c.id} category={c} />)}
              </ul>
            </div>
          ))}
        </div>
      )}
    </section>
  );
}
