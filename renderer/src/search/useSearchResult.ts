/**
 * The current filter's matches, from the ledger index worker: re-asked whenever the filter changes
 * or the index does (a sync, an edit). Answers to superseded questions are ignored (sequence
 * numbers), so fast typing never shows an older result over a newer one.
 */
import { useEffect, useMemo, useRef, useState } from 'react';
import { parseSearch } from '../../../shared/search/parseSearch';
import { useLedgerIndex } from '../index/client';
import { isFilterActive } from '../index/ledgerIndex';
import type { SearchResult } from '../index/types';
import type { TxFilter } from './filter';

export interface SearchState {
  /**
   * False: nothing is filtered, the list shows every row straight from the database. True when
   * the user filters — or when some rows are excluded and must be hidden (`hideExcluded`).
   */
  active: boolean;
  /** The user's filter narrows the list (not only the hiding of excluded rows). */
  filtered: boolean;
  /** The matches for the current filter; null until the first answer (or when inactive). */
  result: SearchResult | null;
  /** The filter the result answers (it may lag the typed one by a keystroke). */
  resultFor: TxFilter | null;
  /** The index is still loading. */
  indexing: boolean;
  error: Error | null;
}

export function useIndexReady(): { ready: boolean; error: Error | null } {
  const index = useLedgerIndex();
  const [state, setState] = useState<{ ready: boolean; error: Error | null }>({ ready: false, error: null });
  useEffect(() => {
    let live = true;
    index.ready().then(
      () => live && setState({ ready: true, error: null }),
      (e: unknown) => live && setState({ ready: false, error: e instanceof Error ? e : new Error(String(e)) }),
    );
    return () => {
      live = false;
    };
  }, [index]);
  return state;
}

/**
 * `hideExcluded`: some listed rows are excluded from budgets and reports, so even an empty filter
 * asks the index (which leaves them out) instead of listing the database's rows as they are.
 */
export function useSearchResult(filter: TxFilter, hideExcluded = false): SearchState {
  const index = useLedgerIndex();
  const filtered = useMemo(() => isFilterActive(filter, parseSearch(filter.text)), [filter]);
  const active = filtered || hideExcluded;
  const { ready, error: indexError } = useIndexReady();
  const [answer, setAnswer] = useState<{ result: SearchResult; filter: TxFilter } | null>(null);
  const [error, setError] = useState<Error | null>(null);
  const seq = useRef(0);
  const [version, setVersion] = useState(0);
  // Clearing the filter forgets the last answer, so the next search never flashes an old one.
  if (!active && answer !== null) setAnswer(null);

  useEffect(() => index.subscribe(() => setVersion((v) => v + 1)), [index]);

  useEffect(() => {
    if (!active) {
      seq.current++;
      return;
    }
    const mine = ++seq.current;
    index.search(filter).then(
      (result) => {
        if (seq.current !== mine) return;
        setAnswer({ result, filter });
        setError(null);
      },
      (e: unknown) => {
        if (seq.current === mine) setError(e instanceof Error ? e : new Error(String(e)));
      },
    );
  }, [index, filter, active, version]);

  return {
    active,
    filtered,
    result: active ? answer?.result ?? null : null,
    resultFor: active ? answer?.filter ?? null : null,
    indexing: !ready && !indexError,
    error: error ?? indexError,
  };
}
