/**
 * Transfers and recurring series in one answer, computed by the ledger index worker from its
 * records, the accounts and the user's answers (one pass each; about a hundred milliseconds at
 * 100k rows, off the main thread, cached by the worker until something changes).
 */
import type { RecurringDecisionRow, TransferDecisionRow } from '../db/schema';
import type { IndexedTx } from '../index/types';
import { resolveRecurring, type ResolvedSeries } from './recurring';
import { resolveTransfers, type ResolvedTransfer, type TransferAccount } from './transfers';

export interface PatternsRequest {
  /** The user's today (YYYY-MM-DD): what "next" and "missed" are measured from. */
  today: string;
}

export interface Patterns {
  today: string;
  transfers: ResolvedTransfer[];
  recurring: ResolvedSeries[];
}

export function computePatterns(
  rows: readonly IndexedTx[],
  accounts: readonly TransferAccount[],
  transferDecisions: readonly TransferDecisionRow[],
  recurringDecisions: readonly RecurringDecisionRow[],
  request: PatternsRequest,
): Patterns {
  const transfers = resolveTransfers(rows, accounts, transferDecisions);
  const recurring = resolveRecurring(rows, request.today, transfers, recurringDecisions);
  return { today: request.today, transfers, recurring };
}
