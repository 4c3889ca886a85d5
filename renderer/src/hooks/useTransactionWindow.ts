import { useEffect, useState, useSyncExternalStore } from 'react';
import type { TransactionRow } from '../db/schema';
import { PAGE_SIZE, TransactionPages } from './transactionPages';
import { useLedgerline } from './useLedgerline';

/**
 * Rows `first..last` of the newest-first list, loaded a page at a time. Returns a lookup that is
 * `undefined` for rows still loading.
 */
export function useTransactionWindow(first: number, last: number): (index: number) => TransactionRow | undefined {
  const { db } = useLedgerline();
  const [pages] = useState(() => new TransactionPages(db));
  const firstPage = Math.floor(Math.max(0, first) / PAGE_SIZE);
  const lastPage = Math.floor(Math.max(first, last) / PAGE_SIZE);

  useEffect(() => {
    pages.show(firstPage, lastPage);
  }, [pages, firstPage, lastPage]);
  useEffect(() => () => pages.release(), [pages]);

  useSyncExternalStore(pages.subscribe, pages.getVersion);
  const failure = pages.failure();
  if (failure) throw failure;
  return (index) => pages.row(index);
}
