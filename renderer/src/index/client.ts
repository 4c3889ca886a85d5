/**
 * The renderer's handle on the ledger index worker. STUB — the search work (issue 7) implements it;
 * the interface is the contract other views (insights, export) use.
 */
import { createContext, useContext } from 'react';
import type { Insights, InsightsRequest } from '../insights/computeInsights';
import type { TxFilter } from '../search/filter';
import type { SearchResult } from './types';

export interface LedgerIndexClient {
  /** Resolves once the index holds every stored transaction. */
  ready(): Promise<void>;
  search(filter: TxFilter): Promise<SearchResult>;
  insights(request: InsightsRequest): Promise<Insights>;
  /** Called whenever the index changed (a sync, an edit, a rule): views re-query. Returns unsubscribe. */
  subscribe(listener: () => void): () => void;
}

export const LedgerIndexContext = createContext<LedgerIndexClient | null>(null);

export function useLedgerIndex(): LedgerIndexClient {
  const value = useContext(LedgerIndexContext);
  if (!value) throw new Error('useLedgerIndex() needs a <LedgerIndexContext> above it.');
  return value;
}
