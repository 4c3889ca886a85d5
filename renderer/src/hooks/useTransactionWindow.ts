import { useEffect, useState, useSyncExternalStore } from 'react';
import type { TransactionRow } from '../db/schema';
import { useLedgerIndex } from '../index/client';
import { PAGE_SIZE, RESULT_CHUNK, ResultPages, TransactionPages } from '../ui/transactionPages';
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
  const index = useLedgerIndex();
  const filtered = ids !== null;
  // Pages of PAGE_SIZE for the whole list, chunks of RESULT_CHUNK for a search's matches.
  const size = filtered ? RESULT_CHUNK : PAGE_SIZE;
  const firstPage = Math.floor(Math.max(0, first) / size);
  const lastPage = Math.floor(Math.max(first, last) / size);

  // The index hears of every change to the ledger's rows before it answers for them: the rows a
  // search window read before it are stale from then on.
  useEffect(() => index.subscribe((why) => {
    if (why === 'changed') results.invalidate();
  }), [index, results]);
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
