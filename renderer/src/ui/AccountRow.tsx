import { formatMoney } from '../../../shared/money';
import type { AccountRow as Account } from '../db/schema';

const KIND_LABEL: Record<Account['kind'], string> = {
  depository: 'Cash', credit: 'Credit card', loan: 'Loan', investment: 'Investment', other: 'Account',
};

export function AccountRow({ account }: { account: Account }) {
  const { currentMinor: current, availableMinor: available, currency } = account;
  const owed = current !== null && current < 0;
  const kind = account.subtype ? capitalize(account.subtype) : KIND_LABEL[account.kind];

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
        {available !== null && (
          <span className="account__available">
            {account.kind === 'credit' ? 'Credit left' : 'Available'} <span className="amount">{formatMoney(available, currency)}</span>
          </span>
        )}
      </div>
    </li>
  );
}

const capitalize = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);
