/**
 * Which rows the budget leaves out as transfers between the user's own accounts (neither spending
 * nor income): every pair the transfer detector counts (`ledger/transfers.ts`: confirmed or made by
 * hand, or detected with confidence and not rejected), both sides. Rows in the `transfer` category
 * are left out by their kind as well (computeBudget.ts).
 */
import type { TransferDecisionRow } from '../db/schema';
import type { IndexedTx } from '../index/types';
import { resolveTransfers, transferTxIds, type TransferAccount } from '../ledger/transfers';

export function budgetTransferIds(rows: readonly IndexedTx[], accounts: readonly TransferAccount[], decisions: readonly TransferDecisionRow[]): ReadonlySet<string> {
  return transferTxIds(resolveTransfers(rows, accounts, decisions));
}
