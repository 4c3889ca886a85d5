/**
 * Deletes everything stored on this computer for some connections — transactions (tombstones
 * too), accounts, the cursor, the sync runs with their changes and suggestions, and the connection
 * row itself, a held update and its balance checks, a first sync's import marker — in one transaction: all of it or none of it. The one implementation, used when the
 * user removes a connection and chooses to delete its data, and when a demo connection is gone.
 */
import type { LedgerlineDb } from './schema';
import { notifyIndex } from '../index/notify';
import { deleteRunsChanges } from './changeLog';
import { importMarkerKey } from './applyStream';

/**
 * Every table a purge writes: a caller that purges inside its own transaction (launchSync's
 * reconcileConnections) opens it over these, so a table added here is never missing there.
 */
export const purgeTables = (db: LedgerlineDb) =>
  [db.connections, db.cursors, db.accounts, db.transactions, db.syncRuns, db.changeSets, db.suggestions, db.heldUpdates, db.balanceChecks, db.balances, db.transferDecisions, db.meta];

export async function purgeConnections(db: LedgerlineDb, connectionIds: readonly string[]): Promise<void> {
  if (connectionIds.length === 0) return;
  const ids = [...connectionIds];
  await db.transaction('rw', purgeTables(db), async () => {
    // Every change and suggestion belongs to a run of its connection (the tables have no
    // connectionId index; their runId index finds them).
    const runIds = await db.syncRuns.where('connectionId').anyOf(ids).primaryKeys();
    if (runIds.length > 0) {
      await deleteRunsChanges(db, runIds);
      await db.suggestions.where('runId').anyOf(runIds).delete();
    }
    await db.syncRuns.bulkDelete(runIds);
    await db.balanceChecks.where('runId').anyOf(runIds).delete();
    await db.balances.where('connectionId').anyOf(ids).delete();
    // Answers on transfer pairs with a side in these connections go with their rows.
    const txIds = await db.transactions.where('connectionId').anyOf(ids).primaryKeys();
    if (txIds.length > 0) {
      await db.transferDecisions.where('outId').anyOf(txIds).delete();
      await db.transferDecisions.where('inId').anyOf(txIds).delete();
    }
    await db.transactions.where('connectionId').anyOf(ids).delete();
    await db.accounts.where('connectionId').anyOf(ids).delete();
    await db.heldUpdates.where('connectionId').anyOf(ids).delete();
    await db.cursors.bulkDelete(ids);
    await db.connections.bulkDelete(ids);
    // A first sync still importing stops at its next write when its marker is gone (applyStream.ts).
    await db.meta.bulkDelete(ids.map(importMarkerKey));
  });
  notifyIndex(db, { all: true });
}

export const purgeConnection = (db: LedgerlineDb, connectionId: string): Promise<void> => purgeConnections(db, [connectionId]);
