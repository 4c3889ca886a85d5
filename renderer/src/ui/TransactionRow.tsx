import type { CSSProperties } from 'react';
import { formatMoney } from '../../../shared/money';
import type { TransactionRow as Transaction } from '../db/schema';
import { humanizeCategory, shortDay } from './format';

interface Props {
  tx: Transaction;
  accountName: string;
  rowIndex: number;
  style: CSSProperties;
}

export function TransactionRow({ tx, accountName, rowIndex, style }: Props) {
  const inflow = tx.amountMinor > 0;
  const posted = !tx.pending && tx.pendingId !== null;
  const category = humanizeCategory(tx.category);
  const showMerchant = tx.merchant !== null && tx.merchant !== tx.description;
  const classes = ['tx-row', 'tx-grid', tx.pending && 'is-pending'].filter(Boolean).join(' ');

  return (
    <div role="row" aria-rowindex={rowIndex} className={classes} style={style} data-testid="tx-row" data-tx-id={tx.id}>
      <div role="cell" className="tx-cell tx-cell--date">
        <time dateTime={tx.date}>{shortDay(tx.date)}</time>
      </div>
      <div role="cell" className="tx-cell tx-cell--description">
        <span className="tx-description">
          <span className="tx-description__text" title={tx.description}>{tx.description}</span>
          {tx.pending && <span className="badge badge--pending" data-testid="pending-badge">Pending</span>}
          {posted && (
            <span className="badge badge--posted" title="Posted — this replaced a pending authorization from the bank">
              Posted
            </span>
          )}
        </span>
        {showMerchant && <span className="tx-merchant">{tx.merchant}</span>}
      </div>
      <div role="cell" className="tx-cell tx-cell--category" title={tx.category ?? undefined}>{category}</div>
      <div role="cell" className="tx-cell tx-cell--account">{accountName}</div>
      <div role="cell" className={`tx-cell tx-cell--amount amount${inflow ? ' amount--in' : ''}`}>
        {formatMoney(tx.amountMinor, tx.currency, { signed: inflow })}
      </div>
    </div>
  );
}
