import { useReviewCount } from '../hooks/useReviewItems';
import { useUnreadChanges } from '../hooks/useUnreadChanges';

export type View = 'transactions' | 'insights' | 'budgets' | 'recurring' | 'networth' | 'changes' | 'review' | 'settings';

const TABS: { view: View; label: string }[] = [
  { view: 'transactions', label: 'Transactions' },
  { view: 'insights', label: 'Insights' },
  { view: 'budgets', label: 'Budgets' },
  { view: 'recurring', label: 'Recurring' },
  { view: 'networth', label: 'Net worth' },
  { view: 'changes', label: 'Changes' },
  { view: 'review', label: 'Review' },
  { view: 'settings', label: 'Settings' },
];

/**
 * The views, as tabs in the top bar; Changes carries the count of changes not yet seen, Review the
 * count of guesses waiting for an answer (the review inbox).
 */
export function ViewTabs({ view, onNavigate }: { view: View; onNavigate: (view: View) => void }) {
  const unread = useUnreadChanges();
  const toReview = useReviewCount();
  return (
    <nav className="view-tabs" role="tablist" aria-label="Views">
      {TABS.map((t) => (
        <button
          key={t.view}
          type="button"
          role="tab"
          id={`tab-${t.view}`}
          aria-selected={view === t.view}
          aria-controls="main-view"
          className="view-tab"
          data-testid={`tab-${t.view}`}
          onClick={() => onNavigate(t.view)}
        >
          {t.label}
          {t.view === 'changes' && unread > 0 && (
            <span className="view-tab__badge" data-testid="unread-changes" aria-label={`${unread} unseen`}>
              {unread > 99 ? '99+' : unread}
            </span>
          )}
          {t.view === 'review' && toReview > 0 && (
            <span className="view-tab__badge view-tab__badge--review" data-testid="review-count" aria-label={`${toReview} to review`}>
              {toReview > 99 ? '99+' : toReview}
            </span>
          )}
        </button>
      ))}
    </nav>
  );
}
