/**
 * Removing a connection: main forgets it (keychain entries, the provider's side when it can be
 * reached); then this computer either deletes its data or keeps it as read-only history.
 */
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { purgeConnection } from '../db/purgeConnection';
import { connectionQueries } from '../queries';
import { describeThrown } from '../ui/describeError';
import { useLedgerline } from './useLedgerline';

export interface RemoveRequest {
  connectionId: string;
  institutionName: string;
  keepData: boolean;
  /** Main no longer lists it: only the saved data here is left to delete. */
  savedOnly: boolean;
}

export interface RemoveResult {
  ok: boolean;
  text: string;
}

export function useRemoveConnection() {
  const { api, db, activity } = useLedgerline();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (req: RemoveRequest): Promise<RemoveResult> => {
      const name = req.institutionName;
      let providerNote = '';
      if (!req.savedOnly) {
        const reply = await api.removeConnection({ connectionId: req.connectionId });
        providerNote = reply.providerRemoved ? '' : ' The provider could not be reached; removed here anyway.';
      }
      activity.dismissProblem(req.connectionId);
      try {
        if (req.keepData) await db.connections.update(req.connectionId, { removedAt: new Date().toISOString() });
        else await purgeConnection(db, req.connectionId);
      } catch (e) {
        return {
          ok: false,
          text: `Removed ${name}, but ${req.keepData ? 'its saved data could not be marked as kept' : 'its saved data could not be deleted'}: ${describeThrown(e)}${providerNote}`,
        };
      }
      if (req.savedOnly) return { ok: true, text: `Deleted the saved data of ${name} from this computer.` };
      const local = req.keepData
        ? `Removed ${name}. Its transactions stay on this computer as read-only history.`
        : `Removed ${name} and deleted its data from this computer.`;
      return { ok: providerNote === '', text: `${local}${providerNote}` };
    },
    onSettled: () => queryClient.invalidateQueries({ queryKey: connectionQueries.all() }),
  });
}
