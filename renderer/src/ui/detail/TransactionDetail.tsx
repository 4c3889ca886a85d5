import { useEffect, useRef } from 'react';
import { useLiveQuery } from 'dexie-react-hooks';
import { formatMoney } from '../../../../shared/money';
import { loadTransactionDetail } from './loadTransactionDetail';
import { useAccountNames } from '../../hooks/useAccountNames';
import { useLedgerline } from '../../hooks/useLedgerline';
import { ActivityBadge } from '../ActivityBadge';
import { humanizeCategory, shortDay } from '../format';
import { formatPrice, formatUnits, hasQuantity, isInvestmentActivity } from '../investmentFormat';
import { Money } from '../Money';
import { StaleBadge } from '../StaleBadge';
import { isStalePending } from '../stalePending';
import { HistoryTimeline } from './HistoryTimeline';
import { TransferSection } from './TransferSection';
import { UserFieldsForm } from './UserFieldsForm';
import { UserExtras } from '../userFields/UserExtras';
import { UserFieldBadges } from '../userFields/UserFieldBadges';
import { useCountedTransfer } from '../../hooks/usePatterns';
import { TransferBadge } from '../TransferBadge';
import { isLocalRowId } from '../../db/manualAccounts';
import { LocalRowActions } from '../manual/LocalRowActions';
import './detail.css';

/**
 * The side panel for one transaction: what it is, the user's category and note, and its history
 * across syncs. Escape or × closes it and focus goes back where it was.
 */
export function TransactionDetail({ id, onClose }: { id: string; onClose: () => void }) {
  const { db } = useLedgerline();
  const accounts = useAccountNames();
  const data = useLiveQuery(() => loadTransactionDetail(db, id), [db, id]);
  const headingRef = useRef<HTMLHeadingElement>(null);

  useEffect(() => {
    const returnTo = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    headingRef.current?.focus();
    const onKey = (e: KeyboardEvent) => {
      // Not when a dialog above the panel takes the Esc, or a field used it (a search box clearing).
      if (e.key === 'Escape' && !e.defaultPrevented && !document.querySelector('dialog[open]')) onClose();
    };
    window.addEventListener('keydown', onKey);
    return () => {
      window.removeEventListener('keydown', onKey);
      returnTo?.focus();
    };
  }, [id, onClose]);

  // Until the query for a newly opened id answers, the hook still holds the previous row: show nothing of it.
  const current = data && data.row.id === id ? data : undefined;
  const row = current?.row;
  const predecessor = current?.predecessor;
  const investment = row ? isInvestmentActivity(row) : false;
  const transfer = useCountedTransfer(id);
  return (
    <aside className="detail" aria-labelledby="detail-title" data-testid="tx-detail" data-tx-id={id}>
      <header className="detail__header">
        <h2 className="detail__title" id="detail-title" ref={headingRef} tabIndex={-1}>
          {row ? (row.merchant ?? row.description) : data === null ? 'Transaction not found' : '\u00a0'}
        </h2>
        <button type="button" className="detail__close" onClick={onClose} aria-label="Close details" data-testid="tx-detail-close">×</button>
      </header>
      {row && (
        <div className="detail__body">
          <div className="detail__hero">
            <Money minor={row.amountMinor} currency={row.currency} className="detail__amount" />
            <span className="detail__badges">
              {row.activityType && <ActivityBadge type={row.activityType} />}
              {row.pending && <span className="badge badge--pending">Pending</span>}
              {isStalePending(row) && <StaleBadge date={row.date} />}
              {!row.pending && predecessor && <span className="badge badge--posted">Posted from pending</span>}
              {row.removedAt && <span className="badge badge--removed">Removed</span>}
              {transfer && <TransferBadge pair={transfer} />}
              <UserFieldBadges row={row} allTags />
            </span>
          </div>
          <dl className="detail__facts">
            {investment && (
              <>
                <dt>Type</dt><dd data-testid="detail-activity-type">{row.activityType}</dd>
                {row.symbol && <><dt>Symbol</dt><dd data-testid="detail-symbol">{row.symbol}</dd></>}
                {hasQuantity(row.units) && <><dt>Units</dt><dd className="detail__number" data-testid="detail-units">{formatUnits(row.units)}</dd></>}
                {hasQuantity(row.price) && <><dt>Price</dt><dd className="detail__number" data-testid="detail-price">{formatPrice(row.price, row.currency)}</dd></>}
                {row.feeMinor != null && <><dt>Fee</dt><dd className="detail__number" data-testid="detail-fee">{formatMoney(row.feeMinor, row.currency)}</dd></>}
              </>
            )}
            <dt>{investment ? 'Trade date' : 'Date'}</dt><dd>{shortDay(row.date)}</dd>
            {row.settlementDate && <><dt>Settlement date</dt><dd data-testid="detail-settlement">{shortDay(row.settlementDate)}</dd></>}
            {row.authorizedDate && row.authorizedDate !== row.date && <><dt>Authorized</dt><dd>{shortDay(row.authorizedDate)}</dd></>}
            <dt>Account</dt><dd>{accounts.get(row.accountId) ?? row.accountId}</dd>
            <dt>Description</dt><dd className="detail__wrap">{row.description}</dd>
            {row.category && <><dt>Bank category</dt><dd>{humanizeCategory(row.category)}</dd></>}
            {predecessor && predecessor.id !== row.id && (
              <>
                <dt>Pending charge</dt>
                <dd>
                  <Money minor={predecessor.amountMinor} currency={predecessor.currency} /> on {shortDay(predecessor.date)}
                  <span className="detail__muted"> · {predecessor.description}</span>
                </dd>
              </>
            )}
          </dl>
          {isLocalRowId(row.id) && <LocalRowActions key={`local-${row.id}`} row={row} />}
          <UserFieldsForm key={row.id} row={row} />
          <UserExtras key={`extras-${row.id}`} row={row} />
          <TransferSection key={`transfer-${row.id}`} row={row} />
          <section className="detail__history" aria-labelledby="history-title">
            <h3 className="detail__section-title" id="history-title">History</h3>
            <HistoryTimeline history={current.history} selfId={row.id} currency={row.currency} />
          </section>
        </div>
      )}
    </aside>
  );
}
