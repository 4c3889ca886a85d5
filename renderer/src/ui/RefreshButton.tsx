import { Spinner } from './Spinner';

export function RefreshButton({ busy, onRefresh }: { busy: boolean; onRefresh: () => void }) {
  return (
    <button
      type="button"
      className="button button--primary refresh-button"
      data-testid="refresh-now"
      title="Refresh now: ask every bank for what is new"
      onClick={onRefresh}
      disabled={busy}
      aria-busy={busy}
    >
      {busy ? <Spinner /> : <RefreshIcon />}
      <span className="refresh-button__label">{busy ? 'Syncing…' : 'Refresh now'}</span>
    </button>
  );
}

function RefreshIcon() {
  return (
    <svg className="icon" viewBox="0 0 16 16" aria-hidden="true" focusable="false">
      <path
        d="M13.5 8a5.5 5.5 0 1 1-1.61-3.89M13.5 2.5v3h-3"
        fill="none"
        stroke="currentColor"
        strokeWidth="1.6"
        strokeLinecap="round"
        strokeLinejoin="round"
      />
    </svg>
  );
}
