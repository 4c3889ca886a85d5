/**
 * The in-memory ledger index kept by a Web Worker (search and insights never scan IndexedDB per
 * keystroke, and never on the main thread). One compact record per live transaction.
 */
import type { CategoryId } from '../../../shared/categories/categories';

export interface IndexedTx {
  id: string;
  /** `date|id`: the list order (newest first = descending). */
  listKey: string;
  accountId: string;
  connectionId: string;
  date: string;
  amountMinor: number;
  currency: string;
  pending: boolean;
  /** The effective category: the user's, else a rule's, else the provider's normalized. */
  category: CategoryId;
  /** The merchant as charts name it: merchant, else the description. */
  merchant: string;
  /** Lower-cased text searched by words: description, merchant, category label, note, split parts' notes. */
  text: string;
  /** The user excluded it from budgets and reports: search hides it unless asked (`is:excluded`). */
  excluded?: boolean;
  /** Normalized tags (`#trip` matches `trip`), or null. */
  tags?: readonly string[] | null;
  /**
   * A split that sums to the amount: each part's category and amount, which budgets and Insights
   * count instead of the row. Null when the row is not split — or its split needs attention
   * (the parts no longer sum): then the row counts whole, in its own category.
   */
  parts?: readonly IndexedPart[] | null;
}

export interface IndexedPart {
  category: CategoryId;
  amountMinor: number;
}

export interface CurrencyTotal {
  currency: string;
  minor: number;
}

export interface SearchResult {
  /** Matching ids in list order (newest first). */
  ids: readonly string[];
  count: number;
  /** Sum of the matching amounts, per currency (never mixed). */
  totals: readonly CurrencyTotal[];
  /**
   * False while the index is still loading at start: the answer covers only the newest `scanned`
   * rows. Those are read newest first, so the rows shown are the true first matches; the count and
   * totals are the ones found so far. The worker answers again once everything is loaded.
   */
  complete: boolean;
  /** How many rows the answer searched (every indexed row when complete). */
  scanned: number;
  /** Rows that matched everything else but are excluded and so left out (0 with `is:excluded`). */
  hiddenExcluded?: number;
}
