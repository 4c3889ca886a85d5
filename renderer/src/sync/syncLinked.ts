/**
 * After a sign-in finished: take main's list (it already holds the new or repaired connection;
 * its connections:changed push usually put it in the cache first), make the local database agree,
 * and sync that one connection — a new one from scratch ('launch'), a repaired one from its stored
 * cursor ('retry').
 */
import type { QueryClient } from '@tanstack/react-query';
import type { ConnectionInfo, SyncTrigger } from '../../../shared/types';
import type { LedgerlineDb } from '../db/schema';
import { connectionQueries } from '../queries';
import { describeThrown } from '../ui/describeError';
import { reconcileConnections } from './launchSync';
import type { SyncActivity } from './syncActivity';

export async function syncLinkedConnection(
  deps: { db: LedgerlineDb; activity: SyncActivity; queryClient: QueryClient },
  connectionId: string,
  trigger: Extract<SyncTrigger, 'launch' | 'retry'>,
): Promise<void> {
  const { db, activity, queryClient } = deps;
  const key = connectionQueries.list().queryKey;
  let listed: ConnectionInfo[] | undefined = queryClient.getQueryData(key);
  try {
    if (!listed?.some((c) => c.id === connectionId)) listed = await queryClient.fetchQuery({ ...connectionQueries.list(), staleTime: 0 });
  } catch (e) {
    activity.reportProblem({ key: 'connections', title: "Couldn't load your connections", detail: describeThrown(e) });
    return;
  }
  const target = listed.find((c) => c.id === connectionId);
  if (!target) return; // removed again in the meantime
  try {
    await reconcileConnections(db, listed);
  } catch (e) {
    activity.reportProblem({ key: 'local-db', title: "Couldn't update the local database", detail: describeThrown(e) });
    return;
  }
  await activity.sync([target], trigger);
}
