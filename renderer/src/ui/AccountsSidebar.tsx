import { useMemo, useState } from 'react';
import { useLiveQuery } from 'dexie-react-hooks';
import type { AccountRow } from '../db/schema';
import { useLinkActions } from './link/linkActions';
import type { ConnectionView } from '../hooks/useConnections';
import { useLedgerline } from '../hooks/useLedgerline';
import { useRemoveConnection, type RemoveResult } from '../hooks/useRemoveConnection';
import { useSyncActivity } from '../sync/useSyncActivity';
import { ConnectionGroup } from './ConnectionGroup';
import { AddAccountButton } from './link/AddAccountButton';
import { RemoveConnectionDialog } from './RemoveConnectionDialog';
import { isManualAccount } from '../db/manualAccounts';
import { ManualAccountsGroup } from './manual/ManualAccountsGroup';
import { LazyImportDialog, LazyManualAccountDialog, LazyManualTransactionDialog } from './LazyViews';

/** The manual-accounts and import dialog open over the sidebar, if any. */
type AccountDialog =
  | { kind: 'import'; account: AccountRow; institution: string }
  | { kind: 'account'; account: AccountRow | null }
  | { kind: 'transaction'; account: AccountRow };

/** A one-line result the sidebar shows until dismissed: what a removal or a sign-in did. */
export interface SidebarNotice {
  ok: boolean;
  text: string;
}

const KIND_ORDER: Record<AccountRow['kind'], number> = { depository: 0, credit: 1, loan: 2, investment: 3, other: 4 };

export function AccountsSidebar(props: {
  connections: readonly ConnectionView[];
  loaded: boolean;
  /** What the last sign-in (Add account, Sign in again) did. */
  linkNotice: SidebarNotice | null;
  onDismissLinkNotice: () => void;
  /** A connection the user asked to see: scrolled to and outlined for a moment. */
  highlightId: string | null;
}) {
  const { connections, loaded, linkNotice, onDismissLinkNotice, highlightId } = props;
  const { db } = useLedgerline();
  const { signInAgain } = useLinkActions();
  const { running, refreshLimits } = useSyncActivity();
  const accounts = useLiveQuery(() => db.accounts.toArray(), [db]);
  /** What the last removal did; the connection's own group may be gone by then. */
  const [removal, setRemoval] = useState<RemoveResult | null>(null);
  const [accountDialog, setAccountDialog] = useState<AccountDialog | null>(null);
  /** What the last manual-account edit or import did. */
  const [manualNotice, setManualNotice] = useState<string | null>(null);
  const closeAccountDialog = (message: string | null) => {
    setAccountDialog(null);
    if (message) setManualNotice(message);
  };
  const notices: (SidebarNotice & { key: string; testId: string; dismiss: () => void })[] = [
    ...(linkNotice ? [{ ...linkNotice, key: 'link', testId: 'link-notice', dismiss: onDismissLinkNotice }] : []),
    ...(manualNotice ? [{ ok: true, text: manualNotice, key: 'manual', testId: 'manual-notice', dismiss: () => setManualNotice(null) }] : []),
    ...(removal ? [{ ...removal, key: 'removal', testId: 'removal-result', dismiss: () => setRemoval(null) }] : []),
  ];
  /** The connection the Remove dialog is about, as it was when the dialog opened. */
  const [removing, setRemoving] = useState<ConnectionView | null>(null);
  const remove = useRemoveConnection();

  const byConnection = useMemo(() => {
    const groups = new Map<string, AccountRow[]>();
    const sorted = [...(accounts ?? [])].sort((a, b) => KIND_ORDER[a.kind] - KIND_ORDER[b.kind] || a.name.localeCompare(b.name));
    for (const a of sorted) groups.set(a.connectionId, [...(groups.get(a.connectionId) ?? []), a]);
    return groups;
  }, [accounts]);
  const manualAccounts = (accounts ?? []).filter(isManualAccount).sort((a, b) => a.name.localeCompare(b.name));
  const defaultCurrency = accounts?.[0]?.currency ?? 'USD';

  return (
    <aside className="sidebar" aria-labelledby="accounts-title">
      <div className="sidebar__header">
        <h2 className="sidebar__title" id="accounts-title">Accounts</h2>
        <AddAccountButton small testId="add-account" />
      </div>
      <div className="sidebar__notice-region" role="status" aria-live="polite">
        {notices.map((n) => (
          <div key={n.key} className={`sidebar-notice sidebar-notice--${n.ok ? 'ok' : 'warn'}`} data-testid={n.testId}>
            <p className="sidebar-notice__text">{n.text}</p>
            <button type="button" className="sidebar-notice__close" aria-label="Dismiss" onClick={n.dismiss}>
              <svg className="icon" viewBox="0 0 16 16" aria-hidden="true" focusable="false">
                <path d="M4 4l8 8M12 4l-8 8" fill="none" stroke="currentColor" strokeWidth="1.6" strokeLinecap="round" />
              </svg>
            </button>
          </div>
        ))}
      </div>
      {connections.map((c) => (
        <ConnectionGroup
          key={c.id}
          connection={c}
          accounts={byConnection.get(c.id) ?? []}
          syncingHere={running.has(c.id)}
          refreshAvailableAt={refreshLimits[c.id] ?? null}
          highlighted={highlightId === c.id}
          onSignInAgain={() => signInAgain(c)}
          onRemove={() => {
            remove.reset();
            setRemoving(c);
          }}
          onImport={(account) => setAccountDialog({ kind: 'import', account, institution: c.institutionName })}
        />
      ))}
      <ManualAccountsGroup
        accounts={manualAccounts}
        onNew={() => setAccountDialog({ kind: 'account', account: null })}
        onEdit={(account) => setAccountDialog({ kind: 'account', account })}
        onAdd={(account) => setAccountDialog({ kind: 'transaction', account })}
        onImport={(account) => setAccountDialog({ kind: 'import', account, institution: 'Manual accounts' })}
      />
      {accountDialog?.kind === 'import' && <LazyImportDialog account={accountDialog.account} institution={accountDialog.institution} onClose={closeAccountDialog} />}
      {accountDialog?.kind === 'account' && <LazyManualAccountDialog account={accountDialog.account} defaultCurrency={defaultCurrency} onClose={closeAccountDialog} />}
      {accountDialog?.kind === 'transaction' && <LazyManualTransactionDialog account={accountDialog.account} row={null} onClose={closeAccountDialog} />}
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
      {loaded && connections.length === 0 && manualAccounts.length === 0 && (
        <p className="sidebar__empty">No banks connected yet. Choose Add account to connect one; its accounts and balances will appear here.</p>
      )}
    </aside>
  );
}
