/**
 * New account… / Edit… for a manual account: name, type, currency and the balance now (for a card
 * or loan, the amount owed). Editing also offers Delete (with its rows, after a second click).
 */
import { useId, useState } from 'react';
import { isIsoCurrency, normalizeCurrency } from '../../../../shared/money';
import {
  createManualAccount, deleteManualAccount, manualTypeOf, MANUAL_ACCOUNT_TYPES, OWED_TYPES, updateManualAccount, type ManualAccountType,
} from '../../db/manualAccounts';
import type { AccountRow } from '../../db/schema';
import { useLedgerline } from '../../hooks/useLedgerline';
import { plainError } from '../plainError';
import { useModalDialog } from '../useModalDialog';
import { moneyInputText, parseSignedMoney } from './moneyField';
import '../dialog.css';
import '../detail/detail.css';
import './manual.css';

const TYPE_LABEL: Record<ManualAccountType, string> = {
  checking: 'Checking', savings: 'Savings', cash: 'Cash', credit: 'Credit card', loan: 'Loan', investment: 'Investment', other: 'Other',
};

const COMMON_CURRENCIES = ['USD', 'EUR', 'GBP', 'CAD', 'AUD', 'CHF', 'JPY', 'SEK', 'NOK', 'DKK', 'NZD', 'MXN', 'INR'];

export function ManualAccountDialog(props: { account: AccountRow | null; defaultCurrency: string; onClose: (message: string | null) => void }) {
  const { account, defaultCurrency, onClose } = props;
  const { db } = useLedgerline();
  const uid = useId();
  const [name, setName] = useState(account?.name ?? '');
  const [type, setType] = useState<ManualAccountType>(account ? manualTypeOf(account) : 'checking');
  const [currency, setCurrency] = useState(account?.currency ?? defaultCurrency);
  const owed = OWED_TYPES.has(type);
  const initial = account?.currentMinor ?? 0;
  const [balance, setBalance] = useState(account ? moneyInputText(OWED_TYPES.has(manualTypeOf(account)) ? -initial : initial, account.currency) : '');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [confirmDelete, setConfirmDelete] = useState(false);
  const close = () => {
    if (!busy) onClose(null);
  };
  const { ref, onCancel, onKeyDown } = useModalDialog(close);

  const save = async () => {
    const code = normalizeCurrency(currency);
    if (!isIsoCurrency(code)) {
      setError('Enter a currency code such as USD or EUR.');
      return;
    }
    const typed = balance.trim() === '' ? 0 : parseSignedMoney(balance, code);
    if (typed === null) {
      setError(`"${balance}" is not an amount in ${code}.`);
      return;
    }
    const balanceMinor = owed ? -typed : typed;
    setBusy(true);
    setError(null);
    try {
      if (account) {
        await updateManualAccount(db, account.id, { name, type, currency: code, balanceMinor });
        onClose(`Saved ${name.trim()}.`);
      } else {
        await createManualAccount(db, { name, type, currency: code, balanceMinor });
        onClose(`Added the account ${name.trim()}.`);
      }
    } catch (e) {
      setError(plainError(e));
      setBusy(false);
    }
  };

  const remove = async () => {
    if (!account) return;
    if (!confirmDelete) {
      setConfirmDelete(true);
      return;
    }
    setBusy(true);
    try {
      const n = await deleteManualAccount(db, account.id);
      onClose(`Deleted ${account.name} and its ${n.toLocaleString()} transaction${n === 1 ? '' : 's'}.`);
    } catch (e) {
      setError(plainError(e));
      setBusy(false);
    }
  };

  return (
    <dialog ref={ref} className="dialog" aria-labelledby={`${uid}-title`} data-testid="manual-account-dialog" onCancel={onCancel} onKeyDown={onKeyDown}>
      <form className="dialog__form" onSubmit={(e) => {
        e.preventDefault();
        void save();
      }}>
        <h2 className="dialog__title" id={`${uid}-title`}>{account ? `Edit ${account.name}` : 'New manual account'}</h2>
        {!account && <p className="dialog__about">An account Ledgerline keeps only on this computer: cash, a bank no provider covers, a closed account. Add its transactions by hand or import a file.</p>}
        <label className="field">
          <span className="field__label">Name</span>
          <input className="field__input" value={name} onChange={(e) => setName(e.target.value)} required maxLength={80} autoFocus data-testid="manual-account-name" />
        </label>
        <div className="manual-form__row">
          <label className="field">
            <span className="field__label">Type</span>
            <select className="field__input" value={type} onChange={(e) => setType(e.target.value as ManualAccountType)} data-testid="manual-account-type">
              {MANUAL_ACCOUNT_TYPES.map((t) => <option key={t} value={t}>{TYPE_LABEL[t]}</option>)}
            </select>
          </label>
          <label className="field">
            <span className="field__label">Currency</span>
            <input className="field__input manual-form__currency" value={currency} onChange={(e) => setCurrency(e.target.value.toUpperCase())}
              list={`${uid}-currencies`} maxLength={3} required data-testid="manual-account-currency" />
            <datalist id={`${uid}-currencies`}>{COMMON_CURRENCIES.map((c) => <option key={c} value={c} />)}</datalist>
          </label>
        </div>
        <label className="field">
          <span className="field__label">{owed ? 'Amount owed now' : 'Balance now'}</span>
          <input className="field__input manual-form__amount" inputMode="decimal" value={balance} onChange={(e) => setBalance(e.target.value)}
            placeholder={moneyInputText(0, normalizeCurrency(currency) === '?' ? 'USD' : normalizeCurrency(currency))} data-testid="manual-account-balance" />
          <span className="field__hint">
            {account ? 'Transactions you add, edit or import move it; change it here to correct it.' : 'Transactions you add or import later move it from here.'}
          </span>
        </label>
        {error && (
          <p className="result-line result-line--error" role="alert" data-testid="manual-account-error">
            <span className="result-line__dot" aria-hidden="true" />
            <span>{error}</span>
          </p>
        )}
        <div className="dialog__actions">
          {account && (
            <button type="button" className="button button--ghost manual-form__delete" onClick={() => void remove()} disabled={busy} data-testid="manual-account-delete">
              {confirmDelete ? 'Delete it and its transactions' : 'Delete account…'}
            </button>
          )}
          <button type="button" className="button button--ghost" onClick={close} disabled={busy}>Cancel</button>
          <button type="submit" className="button button--primary" disabled={busy} data-testid="manual-account-save">{account ? 'Save' : 'Add account'}</button>
        </div>
      </form>
    </dialog>
  );
}
