import { useLiveQuery } from 'dexie-react-hooks';
import { useLedgerline } from '../hooks/useLedgerline';
import { useNow } from '../hooks/useNow';
import { clockTime, fullDateTime, relativeTime } from './format';

/** Recent runs to consider: runs finish in start order except when they overlap. */
const RECENT_RUNS = 8;

export function LastSynced() {
  const { db } = useLedgerline();
  const now = useNow();
  const finishedAt = useLiveQuery(async () => {
    const runs = await db.syncRuns.orderBy('startedAt').reverse().limit(RECENT_RUNS).toArray();
    // An undo or a file import is recorded as a run but is not a sync.
    return runs.filter((r) => r.kind === undefined).reduce<string | null>((latest, r) => (latest === null || r.finishedAt > latest ? r.finishedAt : latest), null);
  }, [db]);

  if (finishedAt === undefined) return <span className="last-synced" data-testid="last-synced" />;
  if (finishedAt === null) {
    return (
      <span className="last-synced" data-testid="last-synced">
        Not synced yet
      </span>
    );
  }
  return (
    <span className="last-synced" data-testid="last-synced">
      <span className="last-synced__label">Last synced </span>
      <time dateTime={finishedAt} title={`Last synced ${fullDateTime(finishedAt)}`}>{clockTime(finishedAt)}</time>
      <span className="last-synced__ago"> · {relativeTime(finishedAt, now)}</span>
    </span>
  );
}
