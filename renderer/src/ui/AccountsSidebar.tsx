import { useMemo } from 'react';
import { useLiveQuery } from 'dexie-react-hooks';
import type { AccountRow } from '../db/schema';
import type { ConnectionView } from '../hooks/useConnections';
import { useLedgerline } from '../hooks/useLedgerline';
import { useSyncActivity } from '../hooks/useSyncActivity';
import { ConnectionGroup } from './ConnectionGroup';

const KIND_ORDER: Record<AccountRow['kind'], number> = { depository: 0, credit: 1, loan: 2, investment: 3, other: 4 };

export function AccountsSidebar({ connections, loaded }: { connections: readonly ConnectionView[]; loaded: boolean }) {
  const { db } = useLedgerline();
  const { running, refreshLimits } = useSyncActivity();
  const accounts = useLiveQuery(() => db.accounts.toArray(), [db]);

  const byConnection = useMemo(() => {
    const groups = new Map<string, AccountRow[]>();
    const sorted = [...(accounts ?? [])].sort((a, b) => KIND_ORDER[a.kind] - KIND_ORDER[b.kind] || a.name.localeCompare(b.name));
    for (const a of sorted) groups.set(a.connectionId, [...(groups.get(a.connectionId) ?? []), a]);
    return groups;
  }, [accounts]);

  return (
    <aside className="sidebar" aria-labelledby="accounts-title">
      <h2 className="sidebar__title" id="accounts-title">Accounts</h2>
      {connections.map((c) => (
        <ConnectionGroup key={c.id} connection={c} accounts={byConnection.get(c.id) ?? []} syncingHere={running.has(c.id)} refreshAvailableAt={refreshLimits[c.id] ?? null} />
      ))}
      {loaded && connections.length === 0 && (
        <p className="sidebar__empty">No banks connected yet. Connected accounts and their balances will appear here.</p>
      )}
    </aside>
  );
}
