/**
 * The Budgets and Net worth views, loaded on first use (the charting library stays out of the
 * bundle the app starts with, as for Insights).
 */
import { lazy, Suspense, type ReactNode } from 'react';
import { Spinner } from '../Spinner';

const loadBudgets = () => import('./BudgetsView');
const loadNetWorth = () => import('../netWorth/NetWorthView');
const BudgetsView = lazy(() => loadBudgets().then((m) => ({ default: m.BudgetsView })));
const NetWorthView = lazy(() => loadNetWorth().then((m) => ({ default: m.NetWorthView })));

/** After start, once the page is idle: a first open of either view need not wait for its code (measured: ~300 ms at 5k rows). */
const PRELOAD_AFTER_MS = 5_000;

/** Fetches both views' code a while after start, when the page is idle; returns a cancel. */
export function preloadMoneyViews(): () => void {
  let idle: number | null = null;
  const timer = window.setTimeout(() => {
    const go = () => void Promise.all([loadBudgets(), loadNetWorth()]).catch(() => undefined); // a failed preload is retried on open
    idle = typeof window.requestIdleCallback === 'function' ? window.requestIdleCallback(go, { timeout: 10_000 }) : window.setTimeout(go, 0);
  }, PRELOAD_AFTER_MS);
  return () => {
    window.clearTimeout(timer);
    if (idle !== null && typeof window.cancelIdleCallback === 'function') window.cancelIdleCallback(idle);
  };
}

const opening = (what: string): ReactNode => (
  <div className="empty"><Spinner size="md" /><p className="empty__title">Opening {what}…</p></div>
);

export const LazyBudgetsView = () => <Suspense fallback={opening('Budget')}><BudgetsView /></Suspense>;
export const LazyNetWorthView = () => <Suspense fallback={opening('Net worth')}><NetWorthView /></Suspense>;
