/**
 * Folds the pages of one complete MoneyKit drain (every page up to `has_more: false`) into one
 * normalized change set — and this is where MoneyKit's pending rule becomes a replace scope.
 *
 * Posted rows are a change feed: `created` and `updated` are upserts, `removed` lists ids that are
 * gone; pages fold in order and the last word on an id wins.
 *
 * Pending rows are not a feed. MoneyKit reports them only in `created`, never in `updated` or
 * `removed`, and says to "remove and replace them entirely each time you fetch new transactions".
 * Whether a drain re-sends the pendings an earlier drain already carried is UNVERIFIED. We take the
 * interpretation under which replacing is safe, and the demo bank implements exactly it: every
 * complete drain carries the link's FULL current pending set, even when nothing posted changed.
 * So the pendings seen in one complete drain ARE the new pending set: the update restates it with
 * a replace scope over all of the link's accounts (`pendingOnly`, unbounded dates), and applyUpdate
 * turns every stored live pending of those accounts that the drain did not carry into a tombstone.
 * A pending that posted therefore disappears in the same atomic apply that adds its posted row.
 *
 * Only a complete drain may restate the set: a partial one would drop pendings on pages never read.
 * pullMoneykit folds only after the last page, and a failed drain returns no update at all.
 * (Should MoneyKit turn out to send only NEW pendings, the fix is to read the pending set from
 * GET /links/{id}/transactions instead; the replace scope stays the same.)
 */
import type { Account, ReplaceScope, Transaction } from '../../../shared/types';
import { mapMoneykitAccount, mapMoneykitTransaction, moneykitAccountId, moneykitTxId } from './mapMoneykit';
import type { MoneykitSyncPage } from './moneykitSchemas';

export interface FoldedDrain {
  upserts: Transaction[];
  removals: string[];
  accounts: Account[];
  replace: ReplaceScope[];
}

/** The scope that makes `accountIds`' stored pendings exactly the pendings this update carries. */
export function pendingReplaceScope(accountIds: Iterable<string>): ReplaceScope[] {
  const ids = [...new Set(accountIds)].sort();
  return ids.length === 0 ? [] : [{ accountIds: ids, from: null, to: null, pendingOnly: true }];
}

/** Throws RangeError on an amount that is not a usable decimal (the caller reports it as bad_response). */
export function foldDrain(pages: readonly MoneykitSyncPage[], connectionId: string): FoldedDrain {
  const upserts = new Map<string, Transaction>();
  const removals = new Set<string>();
  const accounts = new Map<string, MoneykitSyncPage['accounts'][number]>();
  for (const page of pages) {
    for (const t of [...page.transactions.created, ...page.transactions.updated]) {
      const tx = mapMoneykitTransaction(t, connectionId);
      removals.delete(tx.id);
      upserts.set(tx.id, tx);
    }
    for (const id of page.transactions.removed) {
      const scoped = moneykitTxId(id);
      upserts.delete(scoped);
      removals.add(scoped);
    }
    // Balances move while a drain runs: the latest page's view of each account wins.
    for (const a of page.accounts) accounts.set(a.account_id, a);
  }
  const currencyOf = new Map<string, string>();
  for (const tx of upserts.values()) if (!currencyOf.has(tx.accountId)) currencyOf.set(tx.accountId, tx.currency);
  const mappedAccounts = [...accounts.values()].map((a) => mapMoneykitAccount(a, connectionId, currencyOf.get(moneykitAccountId(a.account_id))));
  // Every account of the link, plus any a transaction names (should MoneyKit omit the account list).
  const scopeAccounts = [...mappedAccounts.map((a) => a.id), ...[...upserts.values()].map((t) => t.accountId)];
  return {
    upserts: [...upserts.values()],
    removals: [...removals],
    accounts: mappedAccounts,
    replace: pendingReplaceScope(scopeAccounts),
  };
}
