/**
 * Which rows the budget leaves out as transfers between the user's own accounts (neither spending
 * nor income). The one seam between budgets and transfer detection: the lead connects it to the
 * transfer detector's exported function that returns the set of transfer transaction ids (branch
 * h19a, `shared/ledger/transfers.ts`), called here over the same index records. Until that lands it
 * returns the empty set, so only rows in the `transfer` category are left out (by their kind).
 */
import type { IndexedTx } from '../index/types';

const NONE: ReadonlySet<string> = new Set();

export function budgetTransferIds(_rows: readonly IndexedTx[]): ReadonlySet<string> {
  return NONE;
}
