/**
 * Insights: pure aggregation over the ledger index's records (runs inside the index worker).
 * STUB — owned by the insights work (issue 7); the types are the contract the worker forwards.
 */
import type { AccountRow } from '../db/schema';
import type { IndexedTx } from '../index/types';

export interface InsightsRequest {
  /** The currency every figure is in (charts never mix currencies). Null: the most common one. */
  currency: string | null;
  /** How many months back from the newest data. */
  months: number;
}

export interface Insights {
  currency: string | null;
  /** Every currency present, so the view can offer a switch. */
  currencies: readonly string[];
}

export function computeInsights(_rows: readonly IndexedTx[], _accounts: readonly AccountRow[], request: InsightsRequest): Insights {
  return { currency: request.currency, currencies: [] };
}
