/**
 * How far the user has looked at the Changes view: the finish time of the newest run they have
 * seen. Runs that finished later are unread. Kept in Dexie so it survives reloads and is shared by
 * every window.
 */
import type { LedgerlineDb } from './schema';

const KEY = 'changesSeenUpTo';

export async function changesSeenUpTo(db: LedgerlineDb): Promise<string> {
  return (await db.meta.get(KEY))?.value ?? '';
}

/** Moves the marker forward only: a window showing older data never un-reads newer runs. */
export async function markChangesSeen(db: LedgerlineDb, finishedAt: string): Promise<void> {
  await db.transaction('rw', db.meta, async () => {
    if (finishedAt > (await changesSeenUpTo(db))) await db.meta.put({ key: KEY, value: finishedAt });
  });
}
