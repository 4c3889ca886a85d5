import { useMemo } from 'react';
import { useLiveQuery } from 'dexie-react-hooks';
import { useLedgerline } from './useLedgerline';
import { useWarm, useWarmStart } from '../db/warmStart';

export interface AccountLabel {
  name: string;
  mask: string | null;
}

/** Account id → its name and mask, for lists that show them apart (the mask never truncated). */
export function useAccountLabels(): ReadonlyMap<string, AccountLabel> {
  const { db } = useLedgerline();
  const accounts = useWarm(useLiveQuery(() => db.accounts.toArray(), [db]), useWarmStart(db)?.accounts);
  return useMemo(() => new Map((accounts ?? []).map((a) => [a.id, { name: a.name, mask: a.mask }])), [accounts]);
}

export const accountLabelText = (a: AccountLabel) => (a.mask ? `${a.name} ••${a.mask}` : a.name);

/** Account id → display name ("Checking ••0000"); accounts are few, so all of them are read. */
export function useAccountNames(): ReadonlyMap<string, string> {
  const labels = useAccountLabels();
  return useMemo(() => new Map([...labels].map(([id, label]) => [id, accountLabelText(label)])), [labels]);
}
