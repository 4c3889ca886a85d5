import { activityTone } from './investmentFormat';

/** A brokerage activity's type (BUY, SELL, DIVIDEND, …); a type SnapTrade does not normalize is shown as given. */
export function ActivityBadge({ type }: { type: string }) {
  return (
    <span className={`badge badge--activity badge--activity-${activityTone(type)}`} data-testid="activity-badge" title={`Activity type: ${type}`}>
      {type}
    </span>
  );
}
