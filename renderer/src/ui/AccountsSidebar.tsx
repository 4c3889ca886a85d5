import { useMemo, useState } from 'react';
import { useLiveQuery } from 'dexie-react-hooks';
import type { AccountRow } from '../db/schema';
import type { ConnectionView } from '../hooks/useConnections';
import { useLedgerline } from '../hooks/useLedgerline';
import { useRemoveConnection, type RemoveResult } from '../hooks/useRemoveConnection';
import { useSyncActivity } from '../hooks/useSyncActivity';
import { ConnectionGroup } from './ConnectionGroup';
import { RemoveConnectionDialog } from './RemoveConnectionDialog';

const KIND_ORDER: Record<AccountRow['kind'], number> = { depository: 0, credit: 1, loan: 2, investment: 3, other: 4 };

export function AccountsSidebar({ connections, loaded }: { connections: readonly ConnectionView[]; loaded: boolean }) {
  const { db } = useLedgerline();
  const { running, refreshLimits } = useSyncActivity();
  const accounts = useLiveQuery(() => db.accounts.toArray(), [db]);
  /** What the last removal did; the connection's own group may be gone by then. */
  const [removal, setRemoval] = useState<RemoveResult | null>(null);
  /** The connection the Remove dialog is about, as it was when the dialog opened. */
  const [removing, setRemoving] = useState<ConnectionView | null>(null);
  const remove = useRemoveConnection();

  const byConnection = useMemo(() => {
    const groups = new Map<string, AccountRow[]>();
    const sorted = [...(accounts ?? [])].sort((a, b) => KIND_ORDER[a.kind] - KIND_ORDER[b.kind] || a.name.localeCompare(b.name));
    for (const a of sorted) groups.set(a.connectionId, [...(groups.get(a.connectionId) ?? []), a]);
    return groups;
  }, [accounts]);

  return (
    <aside className="sidebar" aria-labelledby="accounts-title">
      <h2 className="sidebar__title" id="accounts-title">Accounts</h2>
      <div className="sidebar__notice-region" role="status" aria-live="polite">
        {removal && (
          <div className={`sidebar-notice sidebar-notice--${removal.ok ? 'ok' : 'warn'}`} data-testid="removal-result">
            <p className="sidebar-notice__text">{removal.text}</p>
            <button type="button" className="sidebar-notice__close" aria-label="Dismiss" onClick={() => setRemoval(null)}>
              <svg className="icon" viewBox="0 0 16 16" aria-hidden="true" focusable="false">
                <path d="M4 4l8 8M12 4l-8 8" fill="none" stroke="currentColor" strokeWidth="1.6" strokeLinecap="round" />
              </svg>
            </button>
          </div>
        )}
      </div>
      {connections.map((c) => (
        <ConnectionGroup
          key={c.id}
          connection={c}
          accounts={byConnection.get(c.id) ?? []}
          syncingHere={running.has(c.id)}
          refreshAvailableAt={refreshLimits[c.id] ?? null}
          onRemove={() => {
            remove.reset();
            setRemoving(c);
          }}
        />
      ))}
      {removing && (
        <RemoveConnectionDialog
          connection={removing}
          pending={remove.isPending}
          error={remove.error}
          onClose={() => setRemoving(null)}
          onConfirm={(keepData, savedOnly) =>
            remove.mutate(
              { connectionId: removing.id, institutionName: removing.institutionName, keepData, savedOnly },
              {
                onSuccess: (result) => {
                  setRemoving(null);
                  setRemoval(result);
                },
              },
            )}
        />
      )}
      {loaded && connections.length === 0 && (
        <p className="sidebar__empty">No banks connected yet. Connected accounts and their balances will appear here.</p>
      )}
    </aside>
  );
}
