import { useRef } from 'react';
import { useVirtualizer } from '@tanstack/react-virtual';
import { useAccountLabels } from '../hooks/useAccountNames';
import { useNow } from '../hooks/useNow';
import { useSelectedTransaction } from '../hooks/useOpenTransaction';
import { useTransactionWindow } from '../hooks/useTransactionWindow';
import { SkeletonRow } from './SkeletonRow';
import { localToday } from './stalePending';
import { TransactionRow } from './TransactionRow';

/** Keep equal to `--row-height` and `--table-header-height` in styles.css. */
const ROW_HEIGHT = 44;
const HEADER_HEIGHT = 36;
const OVERSCAN = 12;

/**
 * The virtualized table: only the rows in view (plus overscan) exist in the DOM, and only their
 * pages are read from the database. The header sits inside the scroller (sticky) so its columns
 * line up with the rows whether or not a scrollbar takes width.
 */
export function TransactionTable({ count }: { count: number }) {
  const scrollRef = useRef<HTMLDivElement>(null);
  const accounts = useAccountLabels();
  const selectedId = useSelectedTransaction();
  const today = localToday(new Date(useNow(60_000)));
  // eslint-disable-next-line react-hooks/incompatible-library -- read fresh every render; never passed to memoized code
  const virtualizer = useVirtualizer({
    count,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: OVERSCAN,
    scrollMargin: HEADER_HEIGHT,
    useFlushSync: false,
  });
  const items = virtualizer.getVirtualItems();
  const rowAt = useTransactionWindow(items[0]?.index ?? 0, items.at(-1)?.index ?? 0);

  return (
    <div
      ref={scrollRef}
      className="tx-table"
      role="table"
      aria-label="Transactions, newest first"
      aria-rowcount={count + 1}
      tabIndex={0}
    >
      <div role="rowgroup" className="tx-table__head">
        <div role="row" aria-rowindex={1} className="tx-grid tx-header">
          <div role="columnheader" className="tx-cell">Date</div>
          <div role="columnheader" className="tx-cell">Description</div>
          <div role="columnheader" className="tx-cell tx-cell--category">Category</div>
          <div role="columnheader" className="tx-cell tx-cell--account">Account</div>
          <div role="columnheader" className="tx-cell tx-cell--amount">Amount</div>
        </div>
      </div>
      <div role="rowgroup" className="tx-table__body" style={{ height: virtualizer.getTotalSize() }}>
        {items.map((item) => {
          const style = { height: item.size, transform: `translateY(${item.start - HEADER_HEIGHT}px)` };
          const tx = rowAt(item.index);
          return tx ? (
            <TransactionRow key={item.key} tx={tx} account={accounts.get(tx.accountId)} rowIndex={item.index + 2} style={style}
              today={today} selected={tx.id === selectedId} />
          ) : (
            <SkeletonRow key={item.key} rowIndex={item.index + 2} style={style} />
          );
        })}
      </div>
    </div>
  );
}
