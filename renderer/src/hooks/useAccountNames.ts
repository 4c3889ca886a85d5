import { useMemo } from 'react';
import { useLiveQuery } from 'dexie-react-hooks';
import { useLedgerline } from './useLedgerline';

/** Account id → display name ("Checking ••0000"); accounts are few, so all of them are read. */
export function useAccountNames(): ReadonlyMap<string, string> {
  const { db } = useLedgerline();
  const accounts = useLiveQuery(() => db.accounts.toArray(), [db]);
  return useMemo(
    () => new Map((accounts ?? []).map((a) => [a.id, a.mask ? `${a.name} ••${a.mask}` : a.name])),
    [accounts],
  );
}
