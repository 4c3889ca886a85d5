/** Compares what the app stored in IndexedDB with the demo bank's ledger. */
import type { Page } from 'playwright-core';
import type { PlaidBank } from '../../../electron/demo-banks/plaid/plaidBank';
import { mapPlaidTransaction } from '../../../electron/providers/plaid/mapPlaid';
import { PlaidTransactionSchema } from '../../../electron/providers/plaid/plaidSchemas';
import { TRACKED_FIELDS, type Transaction } from '../../../shared/types';
import type { TransactionRow } from '../../../renderer/src/db/schema';
import { readStore } from './idb';

export interface Comparison {
  expected: number;
  stored: number;
  /** In the bank's ledger, not live in the app. */
  lost: string[];
  /** Live in the app, not in the ledger (ghosts: resurrected, or a pending whose posted twin is live too). */
  duplicated: string[];
  /** Live in both but with a different value in some field. */
  differing: string[];
}

export function bankTransactions(bank: PlaidBank, itemId: string): Transaction[] {
  return bank.truth(itemId).transactions.map((w) => mapPlaidTransaction(PlaidTransactionSchema.parse(w), 'x'));
}

export async function compareWithBank(page: Page, bank: PlaidBank, itemId: string): Promise<Comparison> {
  const live = (await readStore<TransactionRow>(page, 'transactions')).filter((t) => t.removedAt === null);
  const expected = new Map(bankTransactions(bank, itemId).map((t) => [t.id, t]));
  const stored = new Map(live.map((t) => [t.id, t]));
  const differing = live.filter((t) => {
    const e = expected.get(t.id);
    return e !== undefined && TRACKED_FIELDS.some((f) => e[f] !== t[f]);
  });
  return {
    expected: expected.size,
    stored: stored.size,
    lost: [...expected.keys()].filter((id) => !stored.has(id)),
    duplicated: [...stored.keys()].filter((id) => !expected.has(id)),
    differing: differing.map((t) => t.id),
  };
}

export const isExact = (c: Comparison) => c.lost.length === 0 && c.duplicated.length === 0 && c.differing.length === 0;
