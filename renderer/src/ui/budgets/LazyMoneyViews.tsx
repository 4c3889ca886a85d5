/**
 * The Budgets and Net worth views, loaded on first use (the charting library stays out of the
 * bundle the app starts with, as for Insights).
 */
import { lazy, Suspense, type ComponentType, type ReactNode } from 'react';
import { Spinner } from '../Spinner';

/**
 * Each view's component once its code has loaded. A view whose code is here renders at once; only
 * a view still loading goes through `lazy` and Suspense. Even with the code preloaded, `lazy`
 * suspends on its first render (its promise is only read then), and React holds back a boundary's
 * content for up to 300 ms once it has shown the fallback: the first open of each view took
 * 335–466 ms in the bench at 5k rows as at 100k, the next ones 40–60 ms.
 */
const loaded: { budgets?: ComponentType; netWorth?: ComponentType } = {};
const loadBudgets = () => import('./BudgetsView').then((m) => (loaded.budgets = m.BudgetsView));
const loadNetWorth = () => import('../netWorth/NetWorthView').then((m) => (loaded.netWorth = m.NetWorthView));
const BudgetsView = lazy(() => loadBudgets().then((view) => ({ default: view })));
const NetWorthView = lazy(() => loadNetWorth().then((view) => ({ default: view })));

/** Loads both views' code; afterwards they render without suspending. */
export const loadMoneyViews = (): Promise<unknown> => Promise.all([loadBudgets(), loadNetWorth()]);

/** After start, once the page is idle: a first open of either view need not wait for its code (measured: ~300 ms at 5k rows). */
const PRELOAD_AFTER_MS = 5_000;

/** Fetches both views' code a while after start, when the page is idle; returns a cancel. */
export function preloadMoneyViews(): () => void {
  let idle: number | null = null;
  const timer = window.setTimeout(() => {
    const go = () => void loadMoneyViews().catch(() => undefined); // a failed preload is retried on open
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

export function LazyBudgetsView() {
  const View = loaded.budgets;
  return View ? <View /> : <Suspense fallback={opening('Budget')}><BudgetsView /></Suspense>;
}
export function LazyNetWorthView() {
  const View = loaded.netWorth;
  return View ? <View /> : <Suspense fallback={opening('Net worth')}><NetWorthView /></Suspense>;
}
