import { useEffect, useState, useSyncExternalStore } from 'react';
import type { TransactionRow } from '../db/schema';
import { PAGE_SIZE, ResultPages, TransactionPages } from '../ui/transactionPages';
import { useLedgerline } from './useLedgerline';

/**
 * Rows `first..last` of the newest-first list, loaded a page at a time: every row (through the
 * `listKey` index) when `ids` is null, else just the given ids (a search's matches). Returns a
 * lookup that is `undefined` for rows still loading.
 */
export function useTransactionWindow(first: number, last: number, ids: readonly string[] | null = null): (index: number) => TransactionRow | undefined {
  const { db } = useLedgerline();
  const [pages] = useState(() => new TransactionPages(db));
  const [results] = useState(() => new ResultPages(db));
  const firstPage = Math.floor(Math.max(0, first) / PAGE_SIZE);
  const lastPage = Math.floor(Math.max(first, last) / PAGE_SIZE);
  const filtered = ids !== null;

  useEffect(() => {
    if (ids) results.setIds(ids);
  }, [results, ids]);
  useEffect(() => {
    if (filtered) {
      pages.release();
      results.show(firstPage, lastPage);
    } else {
      pages.show(firstPage, lastPage);
    }
  }, [pages, results, filtered, firstPage, lastPage]);
  useEffect(() => () => pages.release(), [pages]);

  const source = filtered ? results : pages;
  useSyncExternalStore(source.subscribe, source.getVersion);
  const failure = source.failure();
  if (failure) throw failure;
  return (index) => source.row(index);
}
