/** A connection's Retry button (its status line): sync that one connection again now, as the user asked. */
import { useLedgerline } from '../hooks/useLedgerline';
import type { SyncTarget } from './syncActivity';

export function useRetrySync(): (target: SyncTarget) => Promise<void> {
  const { activity } = useLedgerline();
  return (target) => activity.sync([target], 'retry');
}
