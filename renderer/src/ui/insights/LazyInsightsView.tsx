/**
 * The Insights view, loaded on first use: the charting library stays out of the bundle the app
 * starts with. Same props as InsightsView.
 */
import { lazy, Suspense, type ComponentProps } from 'react';
import { Spinner } from '../Spinner';

const InsightsView = lazy(() => import('./InsightsView').then((m) => ({ default: m.InsightsView })));

export function LazyInsightsView(props: ComponentProps<typeof InsightsView>) {
  return (
    <Suspense
      fallback={(
        <div className="empty" data-testid="insights-loading">
          <Spinner size="md" />
          <p className="empty__title">Opening Insights…</p>
        </div>
      )}
    >
      <InsightsView {...props} />
    </Suspense>
  );
}
