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
];

/**
 * The views, as tabs in the top bar (Settings is the gear button at the bar's end, SettingsButton:
 * seven tabs, Refresh now and the last sync fit down to 960 px); Changes carries the count of changes not yet seen, Review the
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

/**
 * Settings, as a gear button at the end of the top bar rather than an eighth tab. It keeps the id
 * `tab-settings`, which labels the main view while Settings is shown.
 */
export function SettingsButton({ view, onNavigate }: { view: View; onNavigate: (view: View) => void }) {
  const active = view === 'settings';
  return (
    <button
      type="button"
      id="tab-settings"
      className={`button button--ghost settings-button${active ? ' settings-button--active' : ''}`}
      aria-label="Settings"
      aria-current={active ? 'page' : undefined}
      aria-controls="main-view"
      title="Settings"
      data-testid="tab-settings"
      onClick={() => onNavigate('settings')}
    >
      <svg viewBox="0 0 24 24" width="18" height="18" aria-hidden="true" focusable="false">
        <circle cx="12" cy="12" r="3" fill="none" stroke="currentColor" strokeWidth="1.8" />
        <path
          d="M19.4 15a1.7 1.7 0 0 0 .3 1.8l.1.1a2 2 0 1 1-2.8 2.8l-.1-.1a1.7 1.7 0 0 0-1.8-.3 1.7 1.7 0 0 0-1 1.5V21a2 2 0 1 1-4 0v-.1a1.7 1.7 0 0 0-1.1-1.5 1.7 1.7 0 0 0-1.8.3l-.1.1a2 2 0 1 1-2.8-2.8l.1-.1a1.7 1.7 0 0 0 .3-1.8 1.7 1.7 0 0 0-1.5-1H3a2 2 0 1 1 0-4h.1a1.7 1.7 0 0 0 1.5-1.1 1.7 1.7 0 0 0-.3-1.8l-.1-.1a2 2 0 1 1 2.8-2.8l.1.1a1.7 1.7 0 0 0 1.8.3H9a1.7 1.7 0 0 0 1-1.5V3a2 2 0 1 1 4 0v.1a1.7 1.7 0 0 0 1 1.5 1.7 1.7 0 0 0 1.8-.3l.1-.1a2 2 0 1 1 2.8 2.8l-.1.1a1.7 1.7 0 0 0-.3 1.8V9a1.7 1.7 0 0 0 1.5 1H21a2 2 0 1 1 0 4h-.1a1.7 1.7 0 0 0-1.5 1z"
          fill="none"
          stroke="currentColor"
          strokeWidth="1.8"
          strokeLinejoin="round"
        />
      </svg>
    </button>
  );
}
