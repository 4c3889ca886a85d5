/**
 * Transfers and recurring series for the whole window, asked of the ledger index worker
 * (`patterns`, computed there from the ledger and the user's answers, off the main thread) and
 * re-asked whenever the index changes — a sync, an undo, an edit, an answer. One provider above
 * the views; rows read their transfer pair from a map, so the list costs one lookup per row.
 */
import { createContext, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { localDate } from '../../../shared/isoDate';
import { useLedgerIndex } from '../index/client';
import type { Patterns } from '../ledger/patterns';
import type { ResolvedTransfer } from '../ledger/transfers';
import { useNow } from './useNow';

export interface PatternsState {
  patterns: Patterns | null;
  error: string | null;
  /** Each row in a pair → its pair (counted or only proposed). */
  pairOf: ReadonlyMap<string, ResolvedTransfer>;
}

const EMPTY: PatternsState = { patterns: null, error: null, pairOf: new Map() };
const PatternsContext = createContext<PatternsState>(EMPTY);

export function PatternsProvider({ children }: { children: ReactNode }) {
  const index = useLedgerIndex();
  // "Today" moves at midnight: re-read once a minute.
  const today = localDate(new Date(useNow(60_000)));
  const [state, setState] = useState<{ patterns: Patterns | null; error: string | null }>({ patterns: null, error: null });
  useEffect(() => {
    let live = true;
    let asked = 0;
    const ask = () => {
      const n = ++asked;
      index.ready()
        .then(() => index.patterns({ today }))
        .then(
          (patterns) => { if (live && n === asked) setState({ patterns, error: null }); },
          (e: unknown) => { if (live && n === asked) setState((s) => ({ ...s, error: e instanceof Error ? e.message : String(e) })); },
        );
    };
    ask();
    const unsubscribe = index.subscribe(ask);
    return () => {
      live = false;
      unsubscribe();
    };
  }, [index, today]);
  const value = useMemo<PatternsState>(() => {
    const pairOf = new Map<string, ResolvedTransfer>();
    for (const p of state.patterns?.transfers ?? []) {
      pairOf.set(p.outId, p);
      pairOf.set(p.inId, p);
    }
    return { ...state, pairOf };
  }, [state]);
  return <PatternsContext value={value}>{children}</PatternsContext>;
}

export function usePatterns(): PatternsState {
  return useContext(PatternsContext);
}

/** The counted transfer pair a row is part of, if any. */
export function useCountedTransfer(txId: string): ResolvedTransfer | undefined {
  const pair = useContext(PatternsContext).pairOf.get(txId);
  return pair?.counted ? pair : undefined;
}
