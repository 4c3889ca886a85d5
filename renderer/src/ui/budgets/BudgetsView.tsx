/**
 * Budgets: one month of one currency's budget — per category assigned (edited in place), spent,
 * left, with a bar, and rollover; income against what is assigned. Figures come from the ledger
 * index worker (budgets/computeBudget.ts), so a sync, revert or edit moves "spent" at once; the
 * assigned amounts and rollovers are the user's (db/budgets.ts, schema v10).
 */
import { useId, useState } from 'react';
import { useLiveQuery } from 'dexie-react-hooks';
import { addMonths, type Budget, type BudgetLine } from '../../budgets/computeBudget';
import { parseMoneyInput } from '../../budgets/parseMoneyInput';
import { nestBudgetLines, rollUpBudgetLines, type RolledBudgetLine } from '../../budgets/rollUp';
import { useCategoryCatalog } from '../../hooks/useCategoryCatalog';
import type { CategoryColor } from '../../../../shared/categories/palette';
import { CategoryDot } from '../categories/CategoryDot';
import '../categories/customCategories.css';
import { setAssigned, setRollover } from '../../db/budgets';
import { useLedgerline } from '../../hooks/useLedgerline';
import { useNow } from '../../hooks/useNow';
import { formatMoney, toDecimalString } from '../../../../shared/money';
import { Spinner } from '../Spinner';
import { localToday } from '../stalePending';
import { monthName } from '../insights/chartFormat';
import { useIndexAnswer } from './useIndexAnswer';
import '../insights/insights.css';
import './budgets.css';

const money = (minor: number, currency: string) => formatMoney(minor, currency);

function AssignedInput({ line, currency, onSave }: { line: BudgetLine; currency: string; onSave: (minor: number | null) => Promise<void> }) {
  const shown = line.assignedMinor === 0 && line.assignedFrom === null ? '' : toDecimalString(line.assignedMinor, currency);
  const [text, setText] = useState<string | null>(null);
  const value = text ?? shown;
  const parsed = value.trim() === '' ? null : parseMoneyInput(value, currency);
  const invalid = value.trim() !== '' && parsed === null;
  const commit = () => {
    if (text === null || invalid) return;
    void onSave(parsed).finally(() => setText(null));
  };
  return (
    <input
      className="budget-input amount"
      type="text"
      inputMode="decimal"
      value={value}
      placeholder={formatMoney(0, currency)}
      aria-label={`Assigned to ${line.label}`}
      aria-invalid={invalid}
      title={invalid ? 'Not an amount in this currency' : line.assignedFrom !== null ? `Set in ${monthName(line.assignedFrom)}` : 'Nothing assigned yet'}
      data-testid="budget-assigned"
      onChange={(e) => setText(e.target.value)}
      onBlur={commit}
      onKeyDown={(e) => {
        if (e.key === 'Enter') e.currentTarget.blur();
        if (e.key === 'Escape') setText(null);
      }}
    />
  );
}

function BudgetRow({ line, currency, onAssign, onRollover, nested, color, rolledUp }: {
  line: BudgetLine; currency: string;
  onAssign: (minor: number | null) => Promise<void>; onRollover: (carry: boolean) => Promise<void>;
  /** One of the user's own categories, shown under its parent. */
  nested: boolean;
  color: CategoryColor | null;
  /** How many of the user's categories are added into this line (roll-up): its figures are sums, not edited here. */
  rolledUp: number;
}) {
  const available = line.assignedMinor + line.carriedMinor;
  const over = line.leftMinor < 0;
  // Nothing assigned: the spending is shown in grey ("unbudgeted"), the amount left still in red.
  const share = available > 0 ? Math.min(1, Math.max(0, line.spentMinor) / available) : line.spentMinor > 0 ? 1 : 0;
  const idle = available === 0 && line.spentMinor === 0;
  return (
    <tr className={`budget-row${over ? ' budget-row--over' : ''}${idle ? ' budget-row--idle' : ''}${nested ? ' budget-row--nested' : ''}`} data-testid="budget-line" data-category={line.category}
      data-spent-minor={line.spentMinor} data-left-minor={line.leftMinor} data-assigned-minor={line.assignedMinor} data-rolled-up={rolledUp > 0 ? rolledUp : undefined}>
      <th scope="row" className="budget-row__name">
        {color && <CategoryDot color={color} />}
        {line.label}
        {rolledUp > 0 && <span className="budget-row__rolled">incl. {rolledUp} of yours</span>}
        <span className="budget-row__count">{line.count > 0 ? `${line.count} transaction${line.count === 1 ? '' : 's'}` : ''}</span>
      </th>
      <td className="budget-num">
        {rolledUp > 0
          ? <span className="amount budget-rolled-amount" data-testid="budget-assigned-sum" title="The sum of this category and yours under it; turn off roll-up to edit">{money(line.assignedMinor, currency)}</span>
          : <AssignedInput line={line} currency={currency} onSave={onAssign} />}
      </td>
      <td className="budget-num amount" data-testid="budget-spent">{money(line.spentMinor, currency)}</td>
      <td className={`budget-num amount budget-left${over ? ' budget-left--over' : ''}`} data-testid="budget-left">
        {money(line.leftMinor, currency)}
        {line.carriedMinor !== 0 && <span className="budget-carried">{line.carriedMinor > 0 ? '+' : ''}{money(line.carriedMinor, currency)} carried</span>}
      </td>
      <td className="budget-bar-cell">
        <div className="budget-bar" role="meter" aria-valuemin={0} aria-valuemax={100} aria-valuenow={Math.round(share * 100)}
          aria-label={`${line.label}: ${Math.round(share * 100)}% of the budget spent`}>
          <div className={`budget-bar__fill${available === 0 && line.spentMinor > 0 ? ' budget-bar__fill--unbudgeted' : over ? ' budget-bar__fill--over' : ''}`} style={{ width: `${share * 100}%` }} />
        </div>
      </td>
      <td className="budget-rollover">
        <label title="Carry what is left (or overspent) into next month">
          <input type="checkbox" checked={line.rollover === 'carry'} disabled={rolledUp > 0} onChange={(e) => void onRollover(e.target.checked)} data-testid="budget-rollover" />
          Roll over
        </label>
      </td>
    </tr>
  );
}

function Summary({ budget, currency }: { budget: Budget; currency: string }) {
  const { totals } = budget;
  const toAssign = budget.incomeMinor - totals.assignedMinor;
  return (
    <dl className="budget-summary" data-testid="budget-summary">
      <div><dt>Income</dt><dd className="amount amount--in" data-testid="budget-income">{money(budget.incomeMinor, currency)}</dd></div>
      <div><dt>Assigned</dt><dd className="amount" data-testid="budget-total-assigned">{money(totals.assignedMinor, currency)}</dd></div>
      <div><dt>Spent</dt><dd className="amount" data-testid="budget-total-spent">{money(totals.spentMinor, currency)}</dd></div>
      <div><dt>Left</dt><dd className={`amount${totals.leftMinor < 0 ? ' budget-left--over' : ''}`}>{money(totals.leftMinor, currency)}</dd></div>
      <div>
        <dt>{toAssign >= 0 ? 'Income not assigned' : 'Assigned beyond income'}</dt>
        <dd className={`amount${toAssign < 0 ? ' budget-left--over' : ''}`}>{money(Math.abs(toAssign), currency)}</dd>
      </div>
    </dl>
  );
}

export function BudgetsView() {
  const { db } = useLedgerline();
  const thisMonth = localToday(new Date(useNow(60_000))).slice(0, 7);
  const [month, setMonth] = useState<string | null>(null);
  const [currency, setCurrency] = useState<string | null>(null);
  // Any change to the settings, from this window or another (Dexie's live queries see both), asks again.
  const settings = useLiveQuery(() => Promise.all([db.budgets.toArray(), db.budgetRollovers.toArray()]), [db]);
  const shownMonth = month ?? thisMonth;
  const { state, retry } = useIndexAnswer((index) => index.budget({ currency, month: shownMonth }), [currency, shownMonth, settings]);
  const titleId = useId();
  const budget = state.status === 'ready' ? state.value : null;
  const cur = budget?.currency ?? null;
  const catalog = useCategoryCatalog();
  const [rollUp, setRollUp] = useState(false);
  const parentOf = (id: string) => catalog.entry(id)?.parentId ?? null;
  const hasCustom = budget?.lines.some((l) => parentOf(l.category) !== null) ?? false;

  // Active groups first (a parent and its own categories stay together), then the rest in the set's order.
  const nested = budget ? nestBudgetLines(budget.lines, parentOf) : [];
  const lines: RolledBudgetLine[] = rollUp ? nestBudgetLines(rollUpBudgetLines(nested, parentOf), parentOf) : nested.map((l) => ({ ...l, rolledUp: [] }));

  return (
    <section className="budgets" aria-labelledby={titleId} data-testid="budgets-view" aria-busy={state.status === 'loading'}>
      <header className="insights__header">
        <div>
          <h2 className="insights__title" id={titleId}>Budget</h2>
          <p className="insights__period">
            {cur ? `Amounts in ${cur}. Transfers between your accounts are not spending; pending transactions count.` : 'One budget per currency.'}
          </p>
        </div>
        <div className="insights__controls">
          {hasCustom && (
            <label className="insights__rollup" title="Add your own categories into the built-in ones they are under">
              <input type="checkbox" checked={rollUp} onChange={(e) => setRollUp(e.target.checked)} data-testid="budget-rollup" />
              Roll up my categories
            </label>
          )}
          {budget && budget.currencies.length > 1 && (
            <div className="segmented" role="radiogroup" aria-label="Currency" data-testid="budget-currency-switch">
              {budget.currencies.map((c) => (
                <button key={c} type="button" role="radio" aria-checked={c === cur} className="segmented__option" onClick={() => setCurrency(c)}>{c}</button>
              ))}
            </div>
          )}
          <div className="month-nav" role="group" aria-label="Month">
            <button type="button" className="button button--ghost button--small" aria-label="Previous month" data-testid="budget-prev" onClick={() => setMonth(addMonths(shownMonth, -1))}>‹</button>
            <span className="month-nav__label" data-testid="budget-month" data-month={shownMonth}>{monthName(shownMonth)}</span>
            <button type="button" className="button button--ghost button--small" aria-label="Next month" data-testid="budget-next" onClick={() => setMonth(addMonths(shownMonth, 1))}>›</button>
            {shownMonth !== thisMonth && (
              <button type="button" className="button button--ghost button--small" onClick={() => setMonth(null)}>This month</button>
            )}
          </div>
        </div>
      </header>

      {state.status === 'loading' && (
        <div className="empty" data-testid="budget-loading">
          <Spinner size="md" />
          <p className="empty__title">Adding up this month…</p>
        </div>
      )}
      {state.status === 'error' && (
        <div className="empty" role="alert">
          <p className="empty__title">Couldn&rsquo;t build the budget</p>
          <p className="empty__detail">{state.message}</p>
          <button type="button" className="button button--ghost button--small" onClick={retry}>Try again</button>
        </div>
      )}
      {budget && cur === null && (
        <div className="empty">
          <p className="empty__title">No transactions yet</p>
          <p className="empty__detail">Connect an account (Add account in the sidebar); this month&rsquo;s spending per category appears here after the first sync.</p>
        </div>
      )}
      {budget && cur !== null && (
        <>
          <Summary budget={budget} currency={cur} />
          <div className="budget-table__scroll">
            <table className="budget-table" data-testid="budget-table">
              <caption className="visually-hidden">Budget for {monthName(budget.month)} in {cur}</caption>
              <thead>
                <tr>
                  <th scope="col">Category</th>
                  <th scope="col" className="budget-num">Assigned</th>
                  <th scope="col" className="budget-num">Spent</th>
                  <th scope="col" className="budget-num">Left</th>
                  <th scope="col"><span className="visually-hidden">Progress</span></th>
                  <th scope="col"><span className="visually-hidden">Rollover</span></th>
                </tr>
              </thead>
              <tbody>
                {lines.map((line) => (
                  <BudgetRow
                    key={`${cur}|${budget.month}|${line.category}`}
                    line={line}
                    currency={cur}
                    nested={!rollUp && parentOf(line.category) !== null}
                    color={catalog.entry(line.category)?.color ?? null}
                    rolledUp={line.rolledUp.length}
                    onAssign={async (minor) => {
                      await setAssigned(db, { currency: cur, category: line.category, month: budget.month, assignedMinor: minor });
                    }}
                    onRollover={async (carry) => {
                      await setRollover(db, { currency: cur, category: line.category, rollover: carry ? 'carry' : 'none' });
                    }}
                  />
                ))}
              </tbody>
            </table>
          </div>
          {budget.transferCount > 0 && (
            <p className="insights__note">{budget.transferCount} transfer{budget.transferCount === 1 ? '' : 's'} between your own accounts this month {budget.transferCount === 1 ? 'is' : 'are'} left out.</p>
          )}
        </>
      )}
    </section>
  );
}
