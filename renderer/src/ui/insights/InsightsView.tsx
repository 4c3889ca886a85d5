/**
 * Insights: where the money goes, one currency at a time. The figures come from the ledger index
 * worker (`useLedgerIndex().insights`), re-asked whenever the index changes (a sync, an edit, a
 * rule). Clicking a bar — or an amount in a chart's table — narrows the transaction list to exactly
 * the rows behind it and switches to Transactions.
 */
import { useEffect, useId, useState } from 'react';
import type { Insights, InsightsRequest } from '../../insights/computeInsights';
import { useLedgerIndex } from '../../index/client';
import { rollUpSeries, ungrouped } from '../../insights/rollUp';
import { useCategoryCatalog } from '../../hooks/useCategoryCatalog';
import { useFilter } from '../../search/FilterContext';
import type { TxFilter } from '../../search/filter';
import { Spinner } from '../Spinner';
import { BalanceChart } from './BalanceChart';
import { CashflowChart } from './CashflowChart';
import { CategorySpendingChart } from './CategorySpendingChart';
import { MerchantsChart } from './MerchantsChart';
import { monthName } from './chartFormat';
import './insights.css';
import '../categories/customCategories.css';

const PERIODS = [3, 6, 12, 24] as const;

type State =
  | { status: 'loading' }
  | { status: 'ready'; insights: Insights }
  | { status: 'error'; message: string };

function useInsights(request: InsightsRequest): { state: State; retry: () => void } {
  const index = useLedgerIndex();
  const [state, setState] = useState<State>({ status: 'loading' });
  const [attempt, setAttempt] = useState(0);
  useEffect(() => {
    let live = true;
    let asked = 0;
    const ask = () => {
      const n = ++asked;
      index.ready()
        .then(() => index.insights(request))
        .then(
          (insights) => { if (live && n === asked) setState({ status: 'ready', insights }); },
          (e: unknown) => { if (live && n === asked) setState({ status: 'error', message: e instanceof Error ? e.message : String(e) }); },
        );
    };
    ask();
    const unsubscribe = index.subscribe(ask);
    return () => {
      live = false;
      unsubscribe();
    };
  }, [index, request, attempt]);
  return { state, retry: () => setAttempt((a) => a + 1) };
}

/** `onShowTransactions` switches to the Transactions view; the filter is already set by then. */
export function InsightsView({ onShowTransactions }: { onShowTransactions: () => void }) {
  const { setFilter } = useFilter();
  const show = (filter: TxFilter) => {
    setFilter(filter);
    onShowTransactions();
  };
  const [request, setRequest] = useState<InsightsRequest>({ currency: null, months: 12 });
  const { state, retry } = useInsights(request);
  const periodId = useId();
  const catalog = useCategoryCatalog();
  // The user's own categories on their own, or added into their built-in parents.
  const [rollUp, setRollUp] = useState(false);
  const insights = state.status === 'ready' ? state.insights : null;
  const parentOf = (id: string) => catalog.entry(id)?.parentId ?? null;
  const colorOf = (id: string) => catalog.entry(id)?.color ?? null;
  const groups = insights ? (rollUp ? rollUpSeries(insights.categories, parentOf, catalog.label) : ungrouped(insights.categories)) : [];
  const hasCustom = catalog.custom.length > 0;
  const currency = insights?.currency ?? null;
  const hasData = insights !== null && currency !== null && insights.months.length > 0;

  return (
    <section className="insights" aria-labelledby="insights-title" data-testid="insights-view" aria-busy={state.status === 'loading'}>
      <header className="insights__header">
        <div>
          <h2 className="insights__title" id="insights-title">Insights</h2>
          {hasData && (
            <p className="insights__period" data-testid="insights-period">
              {monthName(insights.months[0]?.month ?? '')} – {monthName(insights.months.at(-1)?.month ?? '')} · amounts in {currency}
            </p>
          )}
        </div>
        <div className="insights__controls">
          {insights && insights.currencies.length > 1 && (
            <div className="segmented" role="radiogroup" aria-label="Currency" data-testid="currency-switch">
              {insights.currencyCounts.map((c) => (
                <button
                  key={c.currency}
                  type="button"
                  role="radio"
                  aria-checked={c.currency === currency}
                  className="segmented__option"
                  title={`${c.count} transaction${c.count === 1 ? '' : 's'} in ${c.currency}`}
                  onClick={() => setRequest((r) => ({ ...r, currency: c.currency }))}
                >
                  {c.currency}
                </button>
              ))}
            </div>
          )}
          {hasCustom && (
            <label className="insights__rollup" title="Add your own categories into the built-in ones they are under">
              <input type="checkbox" checked={rollUp} onChange={(e) => setRollUp(e.target.checked)} data-testid="insights-rollup" />
              Roll up my categories
            </label>
          )}
          <label className="insights__select-label" htmlFor={periodId}>Period</label>
          <select
            id={periodId}
            className="insights__select"
            value={request.months}
            onChange={(e) => setRequest((r) => ({ ...r, months: Number(e.target.value) }))}
            data-testid="insights-period-select"
          >
            {PERIODS.map((p) => <option key={p} value={p}>Last {p} months</option>)}
          </select>
        </div>
      </header>

      {insights && insights.currencies.length > 1 && (
        <p className="insights__note" data-testid="currency-note">
          Your accounts use {insights.currencies.length} currencies. Charts show one at a time and never add them together — switch above.
        </p>
      )}

      {state.status === 'loading' && (
        <div className="empty" data-testid="insights-loading">
          <Spinner size="md" />
          <p className="empty__title">Building your insights…</p>
          <p className="empty__detail">Ledgerline is reading your transactions. This takes a moment the first time.</p>
        </div>
      )}
      {state.status === 'error' && (
        <div className="empty" role="alert" data-testid="insights-error">
          <p className="empty__title">Couldn&rsquo;t build the insights</p>
          <p className="empty__detail">{state.message}</p>
          <button type="button" className="button button--ghost button--small" onClick={retry}>Try again</button>
        </div>
      )}
      {insights && !hasData && (
        <div className="empty" data-testid="insights-empty">
          <p className="empty__title">Nothing to chart yet</p>
          <p className="empty__detail">
            {currency
              ? `There are no transactions in ${currency} yet. Choose Refresh now, or pick another currency.`
              : 'Connect an account (Add account in the sidebar); its spending, income and balances appear here after the first sync.'}
          </p>
        </div>
      )}
      {hasData && (
        <div className="insights__grid">
          <CategorySpendingChart ins={insights} currency={currency} onFilter={show} groups={groups} colorOf={colorOf} />
          <CashflowChart ins={insights} currency={currency} onFilter={show} />
          <MerchantsChart ins={insights} currency={currency} onFilter={show} />
          <BalanceChart ins={insights} currency={currency} onFilter={show} />
        </div>
      )}
    </section>
  );
}
