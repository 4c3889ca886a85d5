import { useLiveQuery } from 'dexie-react-hooks';
import { Fragment, type ReactNode } from 'react';
import { formatMoney } from '../../../shared/money';
import type { AccountRow as Account, BalanceStateRow } from '../db/schema';
import { useLedgerline } from '../hooks/useLedgerline';
import { describeDisagreement, describeDisagreementShort } from './balance/describeBalance';
import { formatCash } from './investmentFormat';

const KIND_LABEL: Record<Account['kind'], string> = {
  depository: 'Cash', credit: 'Credit card', loan: 'Loan', investment: 'Investment', other: 'Account',
};

/** `actions`: buttons under the account (Import file…, and Edit / Add for a manual one); `actionsShown`: always, not only on hover and focus. */
export function AccountRow({ account, actions, actionsShown = false }: { account: Account; actions?: ReactNode; actionsShown?: boolean }) {
  const { currentMinor: current, availableMinor: available, currency } = account;
  const owed = current !== null && current < 0;
  const kind = account.subtype ? capitalize(account.subtype) : KIND_LABEL[account.kind];
  const cash = account.cashBalances ?? [];
  // A brokerage's cash is listed per currency below; "Available" would repeat one of those lines.
  const showAvailable = available !== null && cash.length === 0;

  return (
    <li className="account" data-testid="account-row" data-account-id={account.id}>
      <div className="account__line">
        <span className="account__name" title={account.officialName ?? account.name}>{account.name}</span>
        <span className={`account__current amount${owed ? ' amount--debt' : ''}`}>
          {current === null ? '—' : formatMoney(current, currency)}
          {owed && <span className="visually-hidden"> owed</span>}
        </span>
      </div>
      <div className="account__line account__line--sub">
        {/* Mask first: when space runs out, the kind is what gets cut. */}
        <span className="account__meta">
          {account.mask && <span className="account__mask" aria-label={`ending in ${account.mask}`}>••{account.mask}</span>}
          <span className="account__kind">{kind}</span>
        </span>
        {showAvailable && (
          <span className="account__available">
            {account.kind === 'credit' ? 'Credit left' : 'Available'} <span className="amount">{formatMoney(available, currency)}</span>
          </span>
        )}
      </div>
      {cash.length > 0 && (
        // One line per currency, amounts right-aligned under the total.
        <div className="account__cash" data-testid="account-cash">
          <span className="account__cash-label" id={`cash-${account.id}`}>Cash</span>
          <dl className="account__cash-list" aria-labelledby={`cash-${account.id}`}>
            {cash.map((c) => (
              <Fragment key={c.currency}>
                <dt className="account__cash-currency" data-currency={c.currency}>{c.currency}</dt>
                <dd className={`account__cash-amount amount${c.amountMinor < 0 ? ' amount--debt' : ''}`} data-currency={c.currency}>
                  {formatCash(c.amountMinor, c.currency)}
                </dd>
              </Fragment>
            ))}
          </dl>
        </div>
      )}
      <BalanceCheckNote accountId={account.id} />
      {actions && <div className={`account__actions${actionsShown ? ' account__actions--shown' : ''}`}>{actions}</div>}
    </li>
  );
}

/** The balance check's disagreement on this account, if any (db/apply/balanceCheck.ts): short, the sentence in full for hover and screen readers. */
function BalanceCheckNote({ accountId }: { accountId: string }) {
  const { db } = useLedgerline();
  const disagreeing = useLiveQuery(
    () => db.balances.where('accountId').equals(accountId).filter((b) => b.status === 'disagrees').toArray(),
    [db, accountId],
  );
  if (!disagreeing || disagreeing.length === 0) return null;
  return (
    <>
      {disagreeing.map((b: BalanceStateRow) => {
        const sentence = describeDisagreement(b);
        return (
          <p key={b.id} className="account__balance-check" data-testid="account-balance-check" title={`${sentence}. See Review.`}>
            <span className="balance-note__badge" aria-hidden="true">Check</span>
            <span className="account__balance-check-text" aria-hidden="true">{describeDisagreementShort(b)}</span>
            <span className="visually-hidden">{sentence}. See Review.</span>
          </p>
        );
      })}
    </>
  );
}

const capitalize = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);
