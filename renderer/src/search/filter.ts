/**
 * What the transaction list is narrowed to. One value, held in FilterContext, set by the search
 * box and chips, by clicking a chart, and read by export ("current filter").
 */
import type { CategoryId } from '../../../shared/categories/categories';

export interface TxFilter {
  /** The search box, as typed (parsed by the search parser: words, amounts like `12.50`). */
  text: string;
  accountIds: readonly string[];
  /** Inclusive YYYY-MM-DD bounds. */
  from: string | null;
  to: string | null;
  /**
   * Absolute amount bounds in minor units (the sign is `direction`) — of `currency` when set, else
   * of a two-decimal currency: each row is compared in its own currency's value (12.50 means
   * 12.50 whatever the currency; see amountBoundExponent in index/ledgerIndex.ts).
   */
  minMinor: number | null;
  maxMinor: number | null;
  direction: 'any' | 'in' | 'out';
  status: 'any' | 'pending' | 'posted';
  categories: readonly CategoryId[];
  /** Exact merchant (as the Insights "largest merchants" chart names it). */
  merchant: string | null;
  /** Only one currency (charts never mix currencies). */
  currency: string | null;
  /** Only rows added, modified or posted by the most recent sync. */
  changedInLastSync: boolean;
  /**
   * Only rows that one given sync added, modified, posted or re-identified (the Changes view's
   * "Show in Transactions"); `finishedAt` names the run in the filter's chip.
   */
  changedInRun: { runId: string; finishedAt: string } | null;
}

export const EMPTY_FILTER: TxFilter = {
  text: '', accountIds: [], from: null, to: null, minMinor: null, maxMinor: null, direction: 'any',
  status: 'any', categories: [], merchant: null, currency: null, changedInLastSync: false,
  changedInRun: null,
};
