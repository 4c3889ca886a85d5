import type { AccountRow as Account } from '../db/schema';
import type { ConnectionView } from '../hooks/useConnections';
import { useHeldUpdates } from '../hooks/useHeldUpdates';
import { useRetrySync } from '../sync/useRetrySync';
import { AccountRow } from './AccountRow';
import { ConnectionStatusLine } from './ConnectionStatusLine';
import { DemoBadge } from './DemoBadge';
import { DemoControls } from './DemoControls';
import './dialog.css';
import './link/link.css';
import './manual/manual.css';

export function ConnectionGroup(props: {
  connection: ConnectionView;
  accounts: readonly Account[];
  syncingHere: boolean;
  refreshAvailableAt: string | null;
  /** Outlined for a moment: the user asked to see it. */
  highlighted?: boolean;
  /** Opens the Add-account dialog in re-authentication mode for this connection. */
  onSignInAgain: () => void;
  /** Opens the Remove dialog (the sidebar owns it: this group may vanish while it runs). */
  onRemove: () => void;
  /** Opens the import dialog for one of its accounts (older history from a bank's file). */
  onImport?: (account: Account) => void;
}) {
  const { connection, accounts, syncingHere, refreshAvailableAt, highlighted = false, onSignInAgain, onRemove, onImport } = props;
  const retry = useRetrySync();
  const held = useHeldUpdates();
  const headingId = `connection-${connection.id}`;
  const live = connection.presence === 'listed';
  const savedOnly = connection.presence === 'gone';
  return (
    <section
      className={`connection${highlighted ? ' connection--highlight' : ''}`}
      aria-labelledby={headingId}
      data-testid="connection"
      data-connection-id={connection.id}
      tabIndex={-1}
    >
      <header className="connection__header">
        <h3 className="connection__name" id={headingId}>{connection.institutionName}</h3>
        {connection.demo && <DemoBadge />}
        {(live || savedOnly) && (
          <button
            type="button"
            className="connection__remove"
            aria-label={savedOnly ? `Delete the saved data of ${connection.institutionName}…` : `Remove ${connection.institutionName}…`}
            title={savedOnly ? 'Delete saved data…' : 'Remove…'}
            aria-haspopup="dialog"
            data-testid="connection-remove"
            onClick={onRemove}
          >
            <svg className="icon" viewBox="0 0 16 16" aria-hidden="true" focusable="false">
              <path
                d="M2.75 4.25h10.5M6.25 4.25V2.75h3.5v1.5M4.25 4.25l.6 8.4c.05.6.55 1.1 1.15 1.1h4c.6 0 1.1-.5 1.15-1.1l.6-8.4M6.75 7v4.25M9.25 7v4.25"
                fill="none" stroke="currentColor" strokeWidth="1.3" strokeLinecap="round" strokeLinejoin="round"
              />
            </svg>
          </button>
        )}
      </header>
      {accounts.length > 0 ? (
        <ul className="connection__accounts">
          {accounts.map((a) => (
            <AccountRow key={a.id} account={a} actions={onImport && !connection.removedAt && (
              <button type="button" className="account__action" onClick={() => onImport(a)} aria-label={`Import a file into ${a.name}…`} data-testid="account-import">Import file…</button>
            )} />
          ))}
        </ul>
      ) : (
        <p className="connection__empty">Accounts appear after the first sync.</p>
      )}
      <ConnectionStatusLine
        connection={connection}
        syncingHere={syncingHere}
        refreshAvailableAt={refreshAvailableAt}
        onRetry={() => void retry(connection)}
        onSignInAgain={onSignInAgain}
        held={held?.some((h) => h.connectionId === connection.id) ?? false}
      />
      {connection.demo && live && <DemoControls connection={connection} />}
    </section>
  );
}
