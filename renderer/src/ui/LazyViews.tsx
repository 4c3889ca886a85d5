/**
 * The views and panels the app loads on first use (see lazyView.tsx): everything but the first
 * screen. Insights loads on first use too, without the preload (its charting library is most of
 * its weight: ui/insights/LazyInsightsView.tsx).
 */
import { lazyView } from './lazyView';

export const LazyBudgetsView = lazyView(() => import('./budgets/BudgetsView').then((m) => m.BudgetsView), 'Budget').View;
export const LazyNetWorthView = lazyView(() => import('./netWorth/NetWorthView').then((m) => m.NetWorthView), 'Net worth').View;
export const LazyChangesView = lazyView(() => import('./changes/ChangesView').then((m) => m.ChangesView), 'Changes').View;
export const LazyReviewView = lazyView(() => import('./review/ReviewView').then((m) => m.ReviewView), 'Review').View;
export const LazyRecurringView = lazyView(() => import('./recurring/RecurringView').then((m) => m.RecurringView), 'Recurring').View;
export const LazySettingsView = lazyView(() => import('./settings/SettingsView').then((m) => m.SettingsView), 'Settings').View;
// A panel and a dialog: nothing in their place for the moment their code takes to load.
export const LazyTransactionDetail = lazyView(() => import('./detail/TransactionDetail').then((m) => m.TransactionDetail), 'the transaction', null).View;
export const LazyLinkDialog = lazyView(() => import('./link/LinkDialog').then((m) => m.LinkDialog), 'Add account', null).View;
export const LazyImportDialog = lazyView(() => import('./import/ImportDialog').then((m) => m.ImportDialog), 'Import', null).View;
export const LazyManualAccountDialog = lazyView(() => import('./manual/ManualAccountDialog').then((m) => m.ManualAccountDialog), 'the account', null).View;
export const LazyManualTransactionDialog = lazyView(() => import('./manual/ManualTransactionDialog').then((m) => m.ManualTransactionDialog), 'the transaction', null).View;
