import { useSyncExternalStore } from 'react';
import type { SyncActivityState } from './syncActivity';
import { useLedgerline } from '../hooks/useLedgerline';

export function useSyncActivity(): SyncActivityState {
  const { activity } = useLedgerline();
  return useSyncExternalStore(activity.subscribe, activity.getState);
}
