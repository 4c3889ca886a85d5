/**
 * Which rows the budget leaves out as transfers between the user's own accounts (neither spending
 * nor income): every pair the transfer detector counts (`ledger/transfers.ts`: confirmed or made by
 * hand, or detected with confidence and not rejected), both sides. Rows in the `transfer` category
 * are left out by their kind as well (computeBudget.ts).
 */
import { transferTxIds, type ResolvedTransfer } from '../ledger/transfers';

/** From the resolved pairs (`resolveTransfers`), which the index worker computes once per ledger state for budgets and patterns alike. */
export function budgetTransferIds(resolved: readonly ResolvedTransfer[]): ReadonlySet<string> {
  return transferTxIds(resolved);
}
