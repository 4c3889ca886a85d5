/**
 * The background sync on launch: take main's connections as the truth, make the local database
 * agree, then sync each one.
 */
import type { QueryClient } from '@tanstack/react-query';
import type { ConnectionInfo } from '../../../shared/types';
import { undoInterruptedImports } from '../db/applyStream';
import { purgeConnections, purgeTables } from '../db/purgeConnection';
import type { ConnectionRow, LedgerlineDb } from '../db/schema';
import { connectionQueries } from '../queries';
import { describeThrown } from '../ui/describeError';
import type { SyncActivity } from './syncActivity';

/**
 * Upserts main's connections and drops demo connections main no longer lists (their tokens are
 * gone, so they can never sync again) — unless the user removed one and chose to keep its data.
 * Real connections keep their local history. Returns the ids it dropped.
 */
export async function reconcileConnections(db: LedgerlineDb, listed: readonly ConnectionInfo[]): Promise<string[]> {
  const rows: ConnectionRow[] = listed.map((c) => ({
    id: c.id, provider: c.provider, institutionName: c.institutionName, demo: c.demo, createdAt: c.createdAt,
  }));
  const keep = new Set(listed.map((c) => c.id));
  const tables = purgeTables(db);
  return db.transaction('rw', tables, async () => {
    const gone = (await db.connections.toArray()).filter((c) => c.demo && !c.removedAt && !keep.has(c.id)).map((c) => c.id);
    await purgeConnections(db, gone); // joins this transaction
    await db.connections.bulkPut(rows);
    return gone;
  });
}

/**
 * After main's list changed because of something the user did (demo mode on or off): make the
 * database agree and sync the connections that have never synced here.
 */
export async function catchUpWithMain(deps: { db: LedgerlineDb; activity: SyncActivity; queryClient: QueryClient }): Promise<void> {
  const { db, activity, queryClient } = deps;
  let listed: ConnectionInfo[];
  try {
    listed = await queryClient.fetchQuery({ ...connectionQueries.list(), staleTime: 0 });
  } catch {
    return;
  }
  try {
    const synced = new Set(await db.cursors.toCollection().primaryKeys());
    await reconcileConnections(db, listed);
    await activity.sync(listed.filter((c) => !synced.has(c.id)), 'launch');
  } catch (e) {
    activity.reportProblem({ key: 'local-db', title: "Couldn't update the local database", detail: describeThrown(e) });
  }
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
    // A first sync the last session did not finish is undone before anything syncs (applyStream.ts).
    await undoInterruptedImports(db);
    await reconcileConnections(db, listed);
  } catch (e) {
    activity.reportProblem({ key: 'local-db', title: "Couldn't update the local database", detail: describeThrown(e) });
    return;
  }
  await activity.sync(listed, 'launch');
}
