/**
 * An answer from the ledger index worker (budget, net worth), asked again whenever the index
 * changes (a sync, a revert, an edit, a rule) or `version` moves (the view changed a setting).
 */
import { useEffect, useState } from 'react';
import { useLedgerIndex, type LedgerIndexClient } from '../../index/client';

export type IndexAnswer<T> =
  | { status: 'loading' }
  | { status: 'ready'; value: T }
  | { status: 'error'; message: string };

export function useIndexAnswer<T>(ask: (index: LedgerIndexClient) => Promise<T>, deps: readonly unknown[]): { state: IndexAnswer<T>; retry: () => void } {
  const index = useLedgerIndex();
  const [state, setState] = useState<IndexAnswer<T>>({ status: 'loading' });
  const [attempt, setAttempt] = useState(0);
  useEffect(() => {
    let live = true;
    let asked = 0;
    const run = () => {
      const n = ++asked;
      index.ready()
        .then(() => ask(index))
        .then(
          (value) => { if (live && n === asked) setState({ status: 'ready', value }); },
          (e: unknown) => { if (live && n === asked) setState({ status: 'error', message: e instanceof Error ? e.message : String(e) }); },
        );
    };
    run();
    const unsubscribe = index.subscribe(run);
    return () => {
      live = false;
      unsubscribe();
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps -- `ask` is rebuilt every render; its inputs are `deps`
  }, [index, attempt, ...deps]);
  return { state, retry: () => setAttempt((a) => a + 1) };
}
