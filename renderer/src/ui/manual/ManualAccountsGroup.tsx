/**
 * The sidebar's "Manual accounts" group: the accounts kept only on this computer
 * (db/manualAccounts.ts), each with Import file…, Add transaction… and Edit…, and New account….
 * No status line and no sync controls: nothing syncs them.
 */
import type { AccountRow as Account } from '../../db/schema';
import { AccountRow } from '../AccountRow';
import './manual.css';

export function ManualAccountsGroup(props: {
  accounts: readonly Account[];
  onNew: () => void;
  onEdit: (account: Account) => void;
  onAdd: (account: Account) => void;
  onImport: (account: Account) => void;
}) {
  const { accounts, onNew, onEdit, onAdd, onImport } = props;
  return (
    <section className="connection connection--manual" aria-labelledby="connection-manual" data-testid="manual-accounts">
      <header className="connection__header">
        <h3 className="connection__name" id="connection-manual">Manual accounts</h3>
        <button type="button" className="button button--ghost button--small connection__add" onClick={onNew} data-testid="manual-account-new">New account…</button>
      </header>
      {accounts.length > 0 ? (
        <ul className="connection__accounts">
          {accounts.map((a) => (
            <AccountRow key={a.id} account={a} actionsShown actions={(
              <>
                <button type="button" className="account__action" onClick={() => onAdd(a)} aria-label={`Add a transaction to ${a.name}…`} data-testid="manual-tx-add">Add transaction…</button>
                <button type="button" className="account__action" onClick={() => onImport(a)} aria-label={`Import a file into ${a.name}…`} data-testid="account-import">Import file…</button>
                <button type="button" className="account__action" onClick={() => onEdit(a)} aria-label={`Edit ${a.name}…`} data-testid="manual-account-edit">Edit…</button>
              </>
            )} />
          ))}
        </ul>
      ) : (
        <p className="connection__empty">Cash, or a bank no provider covers: add it by hand, then type or import its transactions.</p>
      )}
    </section>
  );
}
