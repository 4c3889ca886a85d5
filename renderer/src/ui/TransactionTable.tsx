import { useEffect, useRef, type KeyboardEvent } from 'react';
import { useAccountLabels } from '../hooks/useAccountNames';
import { useNow } from '../hooks/useNow';
import { useSelectedTransaction } from '../hooks/useOpenTransaction';
import { useTransactionWindow } from '../hooks/useTransactionWindow';
import { SkeletonRow } from './SkeletonRow';
import { localToday } from './stalePending';
import { TransactionRow } from './TransactionRow';
import { useFixedRows } from './useFixedRows';

/** Keep equal to `--row-height` and `--table-header-height` in styles.css. */
const ROW_HEIGHT = 44;
const HEADER_HEIGHT = 36;
const OVERSCAN = 12;

/** The list index of a row element (its aria-rowindex counts the header row as 1). */
function rowIndexOf(el: Element | null): number | null {
  const row = el?.closest('[role="row"][aria-rowindex]');
  const n = Number(row?.getAttribute('aria-rowindex'));
  return row && Number.isInteger(n) && n >= 2 ? n - 2 : null;
}

/**
 * The virtualized table: only the rows in view (plus overscan) exist in the DOM, and only their
 * pages are read from the database — every row newest first (`ids` null), or a search's matches.
 * The header sits inside the scroller (sticky) so its columns line up with the rows whether or not
 * a scrollbar takes width. Keyboard: Up/Down move between rows, Home/End and PageUp/PageDown jump
 * (scrolling the row into view first), Enter opens the row.
 */
export function TransactionTable({ count, ids, query = null }: {
  count: number;
  ids: readonly string[] | null;
  /** What `ids` answer (the filter): a new one scrolls back to the top; fresh data for the same one does not. */
  query?: { text: string } | null;
}) {
  const scrollRef = useRef<HTMLDivElement>(null);
  const accounts = useAccountLabels();
  const selectedId = useSelectedTransaction();
  const today = localToday(new Date(useNow(60_000)));
  /** A row to focus once it is rendered (after a jump scrolled it into view). */
  const focusTarget = useRef<number | null>(null);
  const { first, last, totalHeight, scrollToIndex } = useFixedRows(scrollRef, { count, rowHeight: ROW_HEIGHT, offset: HEADER_HEIGHT, overscan: OVERSCAN });
  const rowAt = useTransactionWindow(first, Math.max(first, last), ids);

  // Another question starts at the top.
  useEffect(() => {
    scrollRef.current?.scrollTo({ top: 0 });
  }, [query]);

  /** Focuses row `n` if it is rendered and loaded (a skeleton cannot take focus). */
  const focusRow = (n: number): boolean => {
    const el = scrollRef.current?.querySelector<HTMLElement>(`[role="row"][aria-rowindex="${n + 2}"][tabindex]`);
    el?.focus();
    return el !== null && el !== undefined;
  };

  useEffect(() => {
    const target = focusTarget.current;
    if (target !== null && focusRow(target)) focusTarget.current = null;
  });

  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    if (e.altKey || e.ctrlKey || e.metaKey || e.shiftKey || count === 0) return;
    const current = rowIndexOf(e.target as Element);
    const page = Math.max(1, Math.floor((scrollRef.current?.clientHeight ?? ROW_HEIGHT * 10) / ROW_HEIGHT) - 1);
    const from = current ?? first - 1;
    let next: number;
    switch (e.key) {
      case 'ArrowDown': next = from + 1; break;
      case 'ArrowUp': next = current === null ? 0 : from - 1; break;
      case 'PageDown': next = from + page; break;
      case 'PageUp': next = from - page; break;
      case 'Home': next = 0; break;
      case 'End': next = count - 1; break;
      default: return;
    }
    e.preventDefault();
    next = Math.min(count - 1, Math.max(0, next));
    const rendered = scrollRef.current?.querySelector(`[role="row"][aria-rowindex="${next + 2}"]`);
    if (rendered && focusRow(next)) return;
    focusTarget.current = next;
    if (!rendered) scrollToIndex(next, next === 0 ? 'start' : 'auto');
  };

  return (
    <div
      ref={scrollRef}
      className="tx-table"
      role="table"
      aria-label={ids ? 'Matching transactions, newest first' : 'Transactions, newest first'}
      aria-rowcount={count + 1}
      tabIndex={0}
      onKeyDown={onKeyDown}
      data-testid="tx-table"
      data-query={query?.text}
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
      <div role="rowgroup" className="tx-table__body" style={{ height: totalHeight }}>
        {Array.from({ length: Math.max(0, last - first + 1) }, (_, k) => {
          const index = first + k;
          const top = index * ROW_HEIGHT;
          const tx = rowAt(index);
          // Keyed by position, as before: scrolling reuses the rows' elements instead of remounting them.
          return tx ? (
            <TransactionRow key={index} tx={tx} account={accounts.get(tx.accountId)} rowIndex={index + 2} top={top} height={ROW_HEIGHT}
              today={today} selected={tx.id === selectedId} />
          ) : (
            <SkeletonRow key={index} rowIndex={index + 2} style={{ height: ROW_HEIGHT, transform: `translateY(${top}px)` }} />
          );
        })}
      </div>
    </div>
  );
}
