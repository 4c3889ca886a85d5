import type { SyncSummary as Summary } from '../sync/syncActivity';

/** The transient "3 new, 1 posted" after a refresh; the live region is always present so it is announced. */
export function SyncSummary({ summary }: { summary: Summary | null }) {
  return (
    <span className="sync-summary-region" role="status" aria-live="polite">
      {summary && (
        <span key={summary.seq} className={`sync-summary sync-summary--${summary.tone}`} data-testid="sync-summary" title={summary.text}>
          {summary.text}
        </span>
      )}
    </span>
  );
}
