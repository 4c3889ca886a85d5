import { pendingAge } from './stalePending';

/** Marks a pending row that has waited too long to post, and says what that likely means. */
export function StaleBadge({ date, today }: { date: string; today?: string }) {
  const days = pendingAge(date, today);
  return (
    <span
      className="badge badge--stale"
      data-testid="stale-badge"
      title={`Pending for ${days} days and never posted. Most charges post within a week; the bank may have released this one and not said so yet. It disappears as soon as the bank drops it.`}
    >
      Stale
    </span>
  );
}
