/** The app-wide handles every component may need: main's API, the local database, the sync activity. */
import { createContext, useContext } from 'react';
import type { LedgerlineApi } from '../../../shared/ipc/contract';
import type { LedgerlineDb } from '../db/schema';
import type { SyncActivity } from '../sync/syncActivity';

export interface Ledgerline {
  api: LedgerlineApi;
  db: LedgerlineDb;
  activity: SyncActivity;
}

export const LedgerlineContext = createContext<Ledgerline | null>(null);

export function useLedgerline(): Ledgerline {
  const value = useContext(LedgerlineContext);
  if (!value) throw new Error('useLedgerline() needs a <LedgerlineContext> above it.');
  return value;
}
