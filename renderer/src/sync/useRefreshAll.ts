import { useQueryClient } from '@tanstack/react-query';
import { connectionQueries } from '../queries';
import { describeThrown } from '../ui/describeError';
import { useLedgerline } from '../hooks/useLedgerline';

/** "Refresh now": ask every connection main knows for fresh data, and sync it. */
export function useRefreshAll(): () => Promise<void> {
  const { activity } = useLedgerline();
  const queryClient = useQueryClient();
  return async () => {
    // The cached list is current (main pushes every change); reading it synchronously lets the
    // button show "Syncing…" in the same frame as the click.
    let listed = queryClient.getQueryData(connectionQueries.list().queryKey);
    try {
      listed ??= await queryClient.fetchQuery(connectionQueries.list());
    } catch (e) {
      activity.reportProblem({ key: 'connections', title: "Couldn't load your connections", detail: describeThrown(e) });
      return;
    }
    activity.dismissProblem('connections');
    await activity.sync(listed, 'manual');
  };
}
