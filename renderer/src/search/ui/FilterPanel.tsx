import { useEffect, useId, useRef, useState, type KeyboardEvent } from 'react';
import { useLiveQuery } from 'dexie-react-hooks';
import { useCategoryCatalog } from '../../hooks/useCategoryCatalog';
import { CategoryDot } from '../../ui/categories/CategoryDot';
import { currencyExponent, toDecimalString } from '../../../../shared/money';
import { parseDecimal, termMinor } from '../../../../shared/search/parseSearch';
import { accountLabelText } from '../../hooks/useAccountNames';
import { useLedgerline } from '../../hooks/useLedgerline';
import { useFilter } from '../FilterContext';
import type { TxFilter } from '../filter';
import { amountCurrency, CHANGED_TITLE } from '../describeFilter';

/** How many parts of the panel are set (the search text and chart-only filters are not the panel's). */
export function panelFilterCount(f: TxFilter): number {
  return f.accountIds.length + (f.from !== null || f.to !== null ? 1 : 0) + (f.minMinor !== null || f.maxMinor !== null ? 1 : 0)
    + (f.direction !== 'any' ? 1 : 0) + (f.status !== 'any' ? 1 : 0) + f.categories.length + (f.changedInLastSync ? 1 : 0);
}

/** A typed amount → minor units of `currency`, or null (blank or not a number). */
function toMinor(text: string, currency: string): number | null {
  const value = parseDecimal(text.trim().replace(/^[$€£¥]/u, ''));
  if (!value) return null;
  return Math.round(termMinor(value, currencyExponent(currency)));
}

/** The Filters button and its panel (non-modal: the list keeps updating behind it). */
export function FilterPanel() {
  const { filter, patchFilter } = useFilter();
  const [open, setOpen] = useState(false);
  const panelId = useId();
  const button = useRef<HTMLButtonElement>(null);
  const panel = useRef<HTMLDivElement>(null);
  const count = panelFilterCount(filter);

  useEffect(() => {
    if (!open) return;
    panel.current?.querySelector<HTMLElement>('input, button, select')?.focus();
    const onDown = (e: PointerEvent) => {
      const target = e.target as Node | null;
      if (target && !panel.current?.contains(target) && !button.current?.contains(target)) setOpen(false);
    };
    document.addEventListener('pointerdown', onDown);
    return () => document.removeEventListener('pointerdown', onDown);
  }, [open]);

  const onKeyDown = (e: KeyboardEvent) => {
    if (e.key === 'Escape') {
      e.preventDefault();
      e.stopPropagation();
      setOpen(false);
      button.current?.focus();
    }
  };

  return (
    <div className="filter-panel-anchor">
      <button ref={button} type="button" className={`button button--ghost filter-button${count > 0 ? ' is-active' : ''}`}
        aria-expanded={open} aria-controls={panelId} onClick={() => setOpen((o) => !o)} data-testid="filters-button">
        <svg className="icon" viewBox="0 0 16 16" aria-hidden="true" focusable="false">
          <path d="M2.5 4h11M4.5 8h7M6.5 12h3" stroke="currentColor" strokeWidth="1.5" strokeLinecap="round" />
        </svg>
        Filters
        {count > 0 && <span className="filter-button__count" aria-label={`${count} active`}>{count}</span>}
      </button>
      {open && (
        <div ref={panel} id={panelId} className="filter-panel" role="dialog" aria-label="Filters" onKeyDown={onKeyDown} data-testid="filter-panel">
          <FilterFields filter={filter} patch={patchFilter} />
          <div className="filter-panel__footer">
            <button type="button" className="button button--primary button--small" onClick={() => {
              setOpen(false);
              button.current?.focus();
            }}>Done</button>
          </div>
        </div>
      )}
    </div>
  );
}

function FilterFields({ filter, patch }: { filter: TxFilter; patch: (p: Partial<TxFilter>) => void }) {
  const { db } = useLedgerline();
  // The built-in categories, each followed by the user's own under it.
  const categories = useCategoryCatalog().entries;
  const accounts = useLiveQuery(() => db.accounts.toArray(), [db]) ?? [];
  const currency = amountCurrency(filter);
  const toggle = <T,>(list: readonly T[], value: T): T[] => (list.includes(value) ? list.filter((v) => v !== value) : [...list, value]);

  return (
    <div className="filter-panel__body">
      <fieldset className="filter-group filter-group--accounts">
        <legend>Accounts</legend>
        {accounts.length === 0 && <p className="filter-group__empty">No accounts yet.</p>}
        {accounts.map((a) => (
          <label key={a.id} className="filter-check">
            <input type="checkbox" checked={filter.accountIds.includes(a.id)} onChange={() => patch({ accountIds: toggle(filter.accountIds, a.id) })} />
            <span>{accountLabelText(a)}</span>
          </label>
        ))}
      </fieldset>

      <fieldset className="filter-group">
        <legend>Date</legend>
        <div className="filter-row">
          <label className="filter-field">
            <span>From</span>
            <input type="date" value={filter.from ?? ''} max={filter.to ?? undefined} onChange={(e) => patch({ from: e.target.value || null })} />
          </label>
          <label className="filter-field">
            <span>To</span>
            <input type="date" value={filter.to ?? ''} min={filter.from ?? undefined} onChange={(e) => patch({ to: e.target.value || null })} />
          </label>
        </div>
      </fieldset>

      <fieldset className="filter-group">
        <legend>Amount{filter.currency ? ` in ${filter.currency}` : ''}, either sign</legend>
        <div className="filter-row">
          <AmountInput label="At least" minor={filter.minMinor} currency={currency} onChange={(minMinor) => patch({ minMinor })} />
          <AmountInput label="At most" minor={filter.maxMinor} currency={currency} onChange={(maxMinor) => patch({ maxMinor })} />
        </div>
      </fieldset>

      <div className="filter-row filter-row--split">
        <fieldset className="filter-group">
          <legend>Direction</legend>
          {(['any', 'out', 'in'] as const).map((d) => (
            <label key={d} className="filter-check">
              <input type="radio" name="filter-direction" checked={filter.direction === d} onChange={() => patch({ direction: d })} />
              <span>{d === 'any' ? 'Any' : d === 'in' ? 'Money in' : 'Money out'}</span>
            </label>
          ))}
        </fieldset>
        <fieldset className="filter-group">
          <legend>Status</legend>
          {(['any', 'pending', 'posted'] as const).map((s) => (
            <label key={s} className="filter-check">
              <input type="radio" name="filter-status" checked={filter.status === s} onChange={() => patch({ status: s })} />
              <span>{s === 'any' ? 'Any' : s === 'pending' ? 'Pending' : 'Posted'}</span>
            </label>
          ))}
        </fieldset>
      </div>

      <label className="filter-check filter-check--changed" title={CHANGED_TITLE}>
        <input type="checkbox" checked={filter.changedInLastSync} onChange={(e) => patch({ changedInLastSync: e.target.checked })} />
        <span>Only changed in the last sync</span>
      </label>

      <fieldset className="filter-group filter-group--categories">
        <legend>Categories</legend>
        {categories.length === 0 && <p className="filter-group__empty">No categories yet.</p>}
        <div className="filter-categories">
          {categories.map((c) => (
            <label key={c.id} className="filter-check">
              <input type="checkbox" checked={filter.categories.includes(c.id)} onChange={() => patch({ categories: toggle(filter.categories, c.id) })} />
              <span>{c.color && <CategoryDot color={c.color} />}{c.label}</span>
            </label>
          ))}
        </div>
      </fieldset>

    </div>
  );
}

function AmountInput({ label, minor, currency, onChange }: { label: string; minor: number | null; currency: string; onChange: (minor: number | null) => void }) {
  const shown = minor === null ? '' : toDecimalString(minor, currency);
  const [text, setText] = useState(shown);
  const [lastShown, setLastShown] = useState(shown);
  // A chip removed elsewhere (or another currency) resets what is typed here.
  if (shown !== lastShown) {
    setLastShown(shown);
    if (toMinor(text, currency) !== minor) setText(shown);
  }
  const invalid = text.trim() !== '' && toMinor(text, currency) === null;
  return (
    <label className="filter-field">
      <span>{label}</span>
      <input type="text" inputMode="decimal" value={text} aria-invalid={invalid} placeholder="0.00"
        onChange={(e) => {
          setText(e.target.value);
          const value = e.target.value.trim() === '' ? null : toMinor(e.target.value, currency);
          if (e.target.value.trim() === '' || value !== null) onChange(value);
        }} />
    </label>
  );
}
