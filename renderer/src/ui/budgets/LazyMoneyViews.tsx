/**
 * The Budgets and Net worth views, loaded on first use (the charting library stays out of the
 * bundle the app starts with, as for Insights).
 */
import { lazy, Suspense, type ReactNode } from 'react';
import { Spinner } from '../Spinner';

const BudgetsView = lazy(() => import('./BudgetsView').then((m) => ({ default: m.BudgetsView })));
const NetWorthView = lazy(() => import('../netWorth/NetWorthView').then((m) => ({ default: m.NetWorthView })));

const opening = (what: string): ReactNode => (
  <div className="empty"><Spinner size="md" /><p className="empty__title">Opening {what}…</p></div>
);

export const LazyBudgetsView = () => <Suspense fallback={opening('Budget')}><BudgetsView /></Suspense>;
export const LazyNetWorthView = () => <Suspense fallback={opening('Net worth')}><NetWorthView /></Suspense>;
