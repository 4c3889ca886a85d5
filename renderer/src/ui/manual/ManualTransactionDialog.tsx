/**
 * Add / edit / delete one transaction the user typed in or imported (db/manualAccounts.ts): date,
 * description, money out or in, amount, note. A manual account's balance moves with it.
 */
import { useId, useState } from 'react';
import { localDate } from '../../../../shared/isoDate';
import { addManualTransaction, deleteManualTransaction, editManualTransaction } from '../../db/manualAccounts';
import type { AccountRow, TransactionRow } from '../../db/schema';
import { useLedgerline } from '../../hooks/useLedgerline';
import { plainError } from '../plainError';
import { useModalDialog } from '../useModalDialog';
import { moneyInputText, parseSignedMoney } from './moneyField';
import '../dialog.css';
import '../detail/detail.css';
import './manual.css';

export function ManualTransactionDialog(props: { account: AccountRow; row: TransactionRow | null; onClose: (message: string | null) => void }) {
  const { account, row, onClose } = props;
  const { db } = useLedgerline();
  const uid = useId();
  const currency = account.currency;
  const [date, setDate] = useState(row?.date ?? localDate(new Date()));
  const [description, setDescription] = useState(row?.description ?? '');
  const [direction, setDirection] = useState<'out' | 'in'>(row && row.amountMinor > 0 ? 'in' : 'out');
  const [amount, setAmount] = useState(row ? moneyInputText(Math.abs(row.amountMinor), currency) : '');
  const [note, setNote] = useState(row?.note ?? '');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [confirmDelete, setConfirmDelete] = useState(false);
  const close = () => {
    if (!busy) onClose(null);
  };
  const { ref, onCancel, onKeyDown } = useModalDialog(close);

  const save = async () => {
    const typed = parseSignedMoney(amount, currency);
    if (typed === null) {
      setError(`"${amount}" is not an amount in ${currency}.`);
      return;
    }
    const amountMinor = (direction === 'out' ? -1 : 1) * Math.abs(typed);
    setBusy(true);
    setError(null);
    try {
      if (row) await editManualTransaction(db, row.id, { date, description, amountMinor, note });
      else await addManualTransaction(db, account.id, { date, description, amountMinor, note });
      onClose(row ? `Saved ${description.trim()}.` : `Added ${description.trim()} to ${account.name}.`);
    } catch (e) {
      setError(plainError(e));
      setBusy(false);
    }
  };

  const remove = async () => {
    if (!row) return;
    if (!confirmDelete) {
      setConfirmDelete(true);
      return;
    }
    setBusy(true);
    try {
      await deleteManualTransaction(db, row.id);
      onClose(`Deleted ${row.description}.`);
    } catch (e) {
      setError(plainError(e));
      setBusy(false);
    }
  };

  return (
    <dialog ref={ref} className="dialog" aria-labelledby={`${uid}-title`} data-testid="manual-tx-dialog" onCancel={onCancel} onKeyDown={onKeyDown}>
      <form className="dialog__form" onSubmit={(e) => {
        e.preventDefault();
        void save();
      }}>
        <h2 className="dialog__title" id={`${uid}-title`}>{row ? 'Edit transaction' : `Add a transaction to ${account.name}`}</h2>
        <div className="manual-form__row">
          <label className="field">
            <span className="field__label">Date</span>
            <input type="date" className="field__input" value={date} onChange={(e) => setDate(e.target.value)} required data-testid="manual-tx-date" />
          </label>
          <label className="field">
            <span className="field__label">Money</span>
            <select className="field__input" value={direction} onChange={(e) => setDirection(e.target.value === 'in' ? 'in' : 'out')} data-testid="manual-tx-direction">
              <option value="out">Out (spent)</option>
              <option value="in">In (received)</option>
            </select>
          </label>
          <label className="field">
            <span className="field__label">Amount ({currency})</span>
            <input className="field__input manual-form__amount" inputMode="decimal" value={amount} onChange={(e) => setAmount(e.target.value)} required
              placeholder={moneyInputText(0, currency)} data-testid="manual-tx-amount" />
          </label>
        </div>
        <label className="field">
          <span className="field__label">Description</span>
          <input className="field__input" value={description} onChange={(e) => setDescription(e.target.value)} required maxLength={200} autoFocus data-testid="manual-tx-description" />
        </label>
        <label className="field">
          <span className="field__label">Note</span>
          <textarea className="field__input field__input--note" value={note} onChange={(e) => setNote(e.target.value)} maxLength={2000} />
        </label>
        {error && (
          <p className="result-line result-line--error" role="alert" data-testid="manual-tx-error">
            <span className="result-line__dot" aria-hidden="true" />
            <span>{error}</span>
          </p>
        )}
        <div className="dialog__actions">
          {row && (
            <button type="button" className="button button--ghost manual-form__delete" onClick={() => void remove()} disabled={busy} data-testid="manual-tx-delete">
              {confirmDelete ? 'Delete it for good' : 'Delete…'}
            </button>
          )}
          <button type="button" className="button button--ghost" onClick={close} disabled={busy}>Cancel</button>
          <button type="submit" className="button button--primary" disabled={busy} data-testid="manual-tx-save">{row ? 'Save' : 'Add'}</button>
        </div>
      </form>
    </dialog>
  );
}
