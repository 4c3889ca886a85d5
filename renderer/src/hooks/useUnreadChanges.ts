import { useLiveQuery } from 'dexie-react-hooks';
import { changesSeenUpTo } from '../db/changesSeen';
import { useLedgerline } from './useLedgerline';

/**
 * How many changes arrived since the user last looked at the Changes view. A connection's first
 * sync (an import) is not counted: the transactions list already shows all of it.
 */
export function useUnreadChanges(): number {
  const { db } = useLedgerline();
  return (
    useLiveQuery(async () => {
      const runs = await db.syncRuns.where('finishedAt').above(await changesSeenUpTo(db)).toArray();
      return runs
        .filter((r) => r.fromCursor !== null)
        .reduce((sum, r) => sum + r.added + r.modified + r.removed + r.posted, 0);
    }, [db]) ?? 0
  );
}
