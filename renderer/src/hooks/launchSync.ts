/**
 * The background sync on launch: take main's connections as the truth, make the local database
 * agree, then sync each one.
 */
import type { QueryClient } from '@tanstack/react-query';
import type { ConnectionInfo } from '../../../shared/types';
import type { ConnectionRow, LedgerlineDb } from '../db/schema';
import { connectionQueries } from '../queries';
import { describeThrown } from './describeError';
import type { SyncActivity } from './syncActivity';

/**
 * Upserts main's connections and drops demo connections main no longer lists (their tokens are
 * gone, so they can never sync again). Real connections keep their local history.
 */
export async function reconcileConnections(db: LedgerlineDb, listed: readonly ConnectionInfo[]): Promise<void> {
  const rows: ConnectionRow[] = listed.map((c) => ({
    id: c.id, provider: c.provider, institutionName: c.institutionName, demo: c.demo, createdAt: c.createdAt,
  }));
  const keep = new Set(listed.map((c) => c.id));
  await db.transaction('rw', [db.connections, db.accounts, db.transactions, db.cursors], async () => {
    const gone = (await db.connections.toArray()).filter((c) => c.demo && !keep.has(c.id)).map((c) => c.id);
    if (gone.length > 0) {
      await db.transactions.where('connectionId').anyOf(gone).delete();
      await db.accounts.where('connectionId').anyOf(gone).delete();
      await db.cursors.bulkDelete(gone);
      await db.connections.bulkDelete(gone);
    }
    await db.connections.bulkPut(rows);
  });
}

export async function launchSync(deps: { db: LedgerlineDb; activity: SyncActivity; queryClient: QueryClient }): Promise<void> {
  const { db, activity, queryClient } = deps;
  let listed: ConnectionInfo[];
  try {
    listed = await queryClient.fetchQuery(connectionQueries.list());
  } catch {
    return; // the failed query carries the error, and the problem list shows it
  }
  try {
    await reconcileConnections(db, listed);
  } catch (e) {
    activity.reportProblem({ key: 'local-db', title: "Couldn't update the local database", detail: describeThrown(e) });
    return;
  }
  await activity.sync(listed, 'launch');
}
