/**
 * Transfers and recurring series in one answer, computed by the ledger index worker from its
 * records, the accounts and the user's answers (one pass each; about a hundred milliseconds at
 * 100k rows, off the main thread, cached by the worker until something changes).
 */
import type { RecurringDecisionRow } from '../db/schema';
import type { IndexedTx } from '../index/types';
import { resolveRecurring, type ResolvedSeries } from './recurring';
import type { ResolvedTransfer } from './transfers';

export interface PatternsRequest {
  /** The user's today (YYYY-MM-DD): what "next" and "missed" are measured from. */
  today: string;
}

export interface Patterns {
  today: string;
  transfers: ResolvedTransfer[];
  recurring: ResolvedSeries[];
}

/** From pairs already resolved (`resolveTransfers`: the worker resolves them once per ledger state and shares them with budgets). */
export function patternsFrom(
  rows: readonly IndexedTx[],
  transfers: ResolvedTransfer[],
  recurringDecisions: readonly RecurringDecisionRow[],
  request: PatternsRequest,
): Patterns {
  const recurring = resolveRecurring(rows, request.today, transfers, recurringDecisions);
  return { today: request.today, transfers, recurring };
}
