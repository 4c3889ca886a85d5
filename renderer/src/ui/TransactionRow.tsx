import type { CSSProperties, KeyboardEvent } from 'react';
import { formatMoney } from '../../../shared/money';
import type { TransactionRow as Transaction } from '../db/schema';
import { useOpenTransaction } from '../hooks/useOpenTransaction';
import { humanizeCategory, shortDay } from './format';
import { StaleBadge } from './StaleBadge';
import { isStalePending } from './stalePending';

interface Props {
  tx: Transaction;
  accountName: string;
  rowIndex: number;
  style: CSSProperties;
  /** Local calendar date, for the stale-pending badge. */
  today: string;
  selected: boolean;
}

export function TransactionRow({ tx, accountName, rowIndex, style, today, selected }: Props) {
  const open = useOpenTransaction();
  const inflow = tx.amountMinor > 0;
  const posted = !tx.pending && (tx.postedFromId != null || tx.pendingId !== null);
  const stale = isStalePending(tx, today);
  const userCategory = tx.userCategory ?? null;
  const category = userCategory ?? humanizeCategory(tx.category);
  const showMerchant = tx.merchant !== null && tx.merchant !== tx.description;
  const classes = ['tx-row', 'tx-grid', tx.pending && 'is-pending', selected && 'is-selected'].filter(Boolean).join(' ');
  const onKeyDown = (e: KeyboardEvent) => {
    if (e.key === 'Enter' || e.key === ' ') {
      e.preventDefault();
      open(tx.id);
    }
  };

  return (
    <div role="row" aria-rowindex={rowIndex} aria-selected={selected} className={classes} style={style} data-testid="tx-row" data-tx-id={tx.id}
      tabIndex={0} onClick={() => open(tx.id)} onKeyDown={onKeyDown}>
      <div role="cell" className="tx-cell tx-cell--date">
        <time dateTime={tx.date}>{shortDay(tx.date)}</time>
      </div>
      <div role="cell" className="tx-cell tx-cell--description">
        <span className="tx-description">
          <span className="tx-description__text" title={tx.description}>{tx.description}</span>
          {tx.pending && <span className="badge badge--pending" data-testid="pending-badge">Pending</span>}
          {stale && <StaleBadge date={tx.date} today={today} />}
          {posted && (
            <span className="badge badge--posted" data-testid="posted-badge" title="Posted — this replaced a pending authorization from the bank">
              Posted
            </span>
          )}
          {tx.note && (
            <span className="tx-note-mark" data-testid="note-mark" title={`Note: ${tx.note}`} aria-label="Has a note">
              <NoteIcon />
            </span>
          )}
        </span>
        {showMerchant && <span className="tx-merchant">{tx.merchant}</span>}
      </div>
      <div role="cell" className={`tx-cell tx-cell--category${userCategory ? ' is-user' : ''}`}
        title={userCategory ? `Your category (the bank says ${humanizeCategory(tx.category) || 'nothing'})` : (tx.category ?? undefined)}>
        {category}
      </div>
      <div role="cell" className="tx-cell tx-cell--account">{accountName}</div>
      <div role="cell" className={`tx-cell tx-cell--amount amount${inflow ? ' amount--in' : ''}`}>
        {formatMoney(tx.amountMinor, tx.currency, { signed: inflow })}
      </div>
    </div>
  );
}

function NoteIcon() {
  return (
    <svg className="icon icon--note" viewBox="0 0 16 16" aria-hidden="true" focusable="false">
      <path d="M3.5 2.5h6l3 3v8h-9z M9.5 2.5v3h3 M5.5 8.5h5 M5.5 11h3.5" fill="none" stroke="currentColor" strokeWidth="1.3" strokeLinejoin="round" strokeLinecap="round" />
    </svg>
  );
}
