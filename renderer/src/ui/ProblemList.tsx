import { describeThrown } from './describeError';
import { useLedgerline } from '../hooks/useLedgerline';
import { useSyncActivity } from '../sync/useSyncActivity';
import { useAppInfo, useConnectionList } from '../queries';

interface Shown {
  key: string;
  title: string;
  detail: string;
  action: { label: string; run: () => void };
}

/** Everything that needs the user's attention, in plain words with what to do. */
export function ProblemList() {
  const { activity } = useLedgerline();
  const { problems } = useSyncActivity();
  const connections = useConnectionList();
  const info = useAppInfo();

  const shown: Shown[] = problems.map((p) => ({
    ...p,
    action: { label: 'Dismiss', run: () => activity.dismissProblem(p.key) },
  }));
  if (connections.error && !problems.some((p) => p.key === 'connections')) {
    shown.unshift({
      key: 'connections',
      title: "Couldn't load your connections",
      detail: describeThrown(connections.error),
      action: { label: 'Try again', run: () => void connections.refetch() },
    });
  }
  if (info.error) {
    shown.push({
      key: 'app-info',
      title: "Couldn't reach Ledgerline's background service",
      detail: describeThrown(info.error),
      action: { label: 'Try again', run: () => void info.refetch() },
    });
  }
  if (shown.length === 0) return null;

  return (
    <ul className="problems" aria-label="Problems">
      {shown.map((p) => (
        <li key={p.key} className="problem">
          <span className="problem__icon" aria-hidden="true">!</span>
          <div className="problem__body" role="alert">
            <p className="problem__title">{p.title}</p>
            <p className="problem__detail">{p.detail}</p>
          </div>
          <button
            type="button"
            className="button button--ghost button--small"
            onClick={p.action.run}
            aria-label={`${p.action.label}: ${p.title}`}
          >
            {p.action.label}
          </button>
        </li>
      ))}
    </ul>
  );
}
