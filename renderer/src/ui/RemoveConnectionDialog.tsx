/**
 * "Remove…" for one connection: a modal dialog (focus stays inside, Esc cancels) that asks whether
 * to keep the connection's transactions on this computer as read-only history or delete them.
 */
import { useId, useState } from 'react';
import type { ConnectionView } from '../hooks/useConnections';
import { plainError } from './plainError';
import { useModalDialog } from './useModalDialog';
import './dialog.css';

export function RemoveConnectionDialog(props: {
  /** As it was when the dialog opened: main stops listing it while the removal runs. */
  connection: ConnectionView;
  pending: boolean;
  error: unknown;
  onConfirm: (keepData: boolean, savedOnly: boolean) => void;
  onClose: () => void;
}) {
  const { connection, pending, error, onConfirm, onClose } = props;
  const uid = useId();
  // Main no longer lists it (removed earlier, or gone): only the saved data here is left.
  const [savedOnly] = useState(() => connection.presence === 'gone' || Boolean(connection.removedAt));
  const [keepData, setKeepData] = useState(!savedOnly);
  const name = connection.institutionName;

  const cancel = () => {
    if (!pending) onClose();
  };
  const confirm = () => onConfirm(savedOnly ? false : keepData, savedOnly);
  // Esc: closing is ours to do (not while the removal is under way).
  const { ref, onCancel: onEscape, onKeyDown: trapTab } = useModalDialog(cancel);

  return (
    <dialog
      ref={ref}
      className="dialog"
      aria-labelledby={`${uid}-title`}
      aria-describedby={`${uid}-about`}
      data-testid="remove-dialog"
      onCancel={onEscape}
      onKeyDown={trapTab}
    >
      <form
        method="dialog"
        className="dialog__form"
        onSubmit={(e) => {
          e.preventDefault();
          confirm();
        }}
      >
        <h2 className="dialog__title" id={`${uid}-title`}>{savedOnly ? `Delete the saved data of ${name}?` : `Remove ${name}?`}</h2>
        {savedOnly ? (
          <p className="dialog__about" id={`${uid}-about`}>
            Its accounts, transactions and change history are deleted from this computer. This cannot be undone.
          </p>
        ) : (
          <>
            <p className="dialog__about" id={`${uid}-about`}>
              Ledgerline stops syncing {name}, tells {connection.demo ? 'the demo bank' : 'the provider'} to end the connection,
              and deletes its access token from your OS keychain.
            </p>
            <fieldset className="dialog__choices" disabled={pending}>
              <legend className="dialog__legend">Transactions already on this computer</legend>
              <label className="choice">
                <input type="radio" name="keep" value="keep" checked={keepData} onChange={() => setKeepData(true)} autoFocus data-testid="remove-keep" />
                <span className="choice__text">
                  <span className="choice__label">Keep them</span>
                  <span className="choice__hint">As read-only history: they stay in your lists, and nothing new arrives.</span>
                </span>
              </label>
              <label className="choice">
                <input type="radio" name="keep" value="delete" checked={!keepData} onChange={() => setKeepData(false)} data-testid="remove-delete" />
                <span className="choice__text">
                  <span className="choice__label">Delete them</span>
                  <span className="choice__hint">Its accounts, transactions and change history are deleted from this computer.</span>
                </span>
              </label>
            </fieldset>
          </>
        )}
        {error !== null && error !== undefined && (
          <p className="result-line result-line--error" role="alert">
            <span className="result-line__dot" aria-hidden="true" />
            <span>Not removed: {plainError(error)}</span>
          </p>
        )}
        <div className="dialog__actions">
          <button type="button" className="button button--ghost" onClick={cancel} disabled={pending} autoFocus={savedOnly} data-testid="remove-cancel">
            Cancel
          </button>
          <button type="submit" className="button button--danger-solid" disabled={pending} data-testid="remove-confirm">
            {pending ? 'Removing…' : savedOnly ? 'Delete data' : keepData ? 'Remove, keep data' : 'Remove and delete data'}
          </button>
        </div>
      </form>
    </dialog>
  );
}
