/**
 * Folds the pages of one complete MoneyKit drain (every page up to `has_more: false`) into one
 * normalized change set — and this is where MoneyKit's pending rule becomes a replace scope.
 *
 * Posted rows are a change feed: `created` and `updated` are upserts, `removed` lists ids that are
 * gone; pages fold in order and the last word on an id wins (the shared fold, shared/sync/fold.ts).
 *
 * Pending rows are not a feed. MoneyKit's docs (get_transactions_sync, SDK 0.2.3) say: a cursor
 * returns "only changes that have occurred since the previous call"; pendings are "only reported as
 * `created`", are "completely removed and replaced with each transaction refresh or update", are
 * never in `removed`, and a client that stores them "should remove and replace them entirely each
 * time you fetch new transactions". Read together: after an institution refresh the drain carries
 * the refresh's whole new pending set; a drain with no refresh since the last one carries none —
 * and that does NOT mean the pendings are gone. So the stored pending set is replaced only on
 * evidence of a refresh, and kept otherwise (issue 14: before, every drain replaced it, and a sync
 * with no refresh in between tombstoned every pending for good, notes and categories with them):
 *   1. the drain carried pending items → they are the refreshed set (this also holds if MoneyKit
 *      in fact re-sends the full set on every drain, the reading the demo bank used to take);
 *   2. no cursor was sent → "a complete history of updates": whatever it carried is the whole set;
 *   3. the link's `products.transactions.refreshed_at` (from the drain's FIRST page, the state the
 *      drain started from) is later than the one the last applied pull saw → a refresh replaced the
 *      pendings with none (they posted or lapsed);
 *   4. otherwise → keep the stored pendings (no replace scope).
 * UNVERIFIED: whether a refresh that completes while a drain is being paged adds its pendings to
 * the same drain. Taking `refreshed_at` from the first page means a refresh seen only on later
 * pages counts next time instead, never twice and never as "no pendings".
 *
 * Only a complete drain may restate the set: a partial one would drop pendings on pages never read.
 * pullMoneykit folds only after the last page, and a failed drain returns no update at all.
 */
import { foldChanges, latestById } from '../../../shared/sync/fold';
import type { Account, ReplaceScope, Transaction } from '../../../shared/types';
import { mapMoneykitAccount, mapMoneykitTransaction, moneykitAccountId, moneykitTxId } from './mapMoneykit';
import type { MoneykitSyncPage } from './moneykitSchemas';

export interface FoldedDrain {
  upserts: Transaction[];
  removals: string[];
  accounts: Account[];
  replace: ReplaceScope[];
}

export interface DrainContext {
  /** `refreshed_at` (epoch ms) the last applied pull saw; null when unknown. */
  previousRefreshedAtMs: number | null;
  /** The drain started without a cursor: MoneyKit sent the complete history. */
  completeHistory: boolean;
}

/** Why the pending set was (or was not) replaced — the branch of the rule above. */
export type PendingDecision = 'carried_pendings' | 'complete_history' | 'refreshed_without_pendings' | 'kept_no_refresh';

/** `refreshed_at` on a page's link, as epoch ms; null when absent or unreadable. */
export function refreshedAtOf(page: MoneykitSyncPage | undefined): number | null {
  const raw = page?.link.products?.transactions?.refreshed_at;
  if (raw == null) return null;
  // MoneyKit's datetimes may lack a zone (institution-local examples); read those as UTC, consistently.
  const ms = Date.parse(/(?:Z|[+-]\d{2}:?\d{2})$/.test(raw) ? raw : `${raw}Z`);
  return Number.isFinite(ms) ? ms : null;
}

export function pendingDecision(pages: readonly MoneykitSyncPage[], context: DrainContext): PendingDecision {
  if (pages.some((p) => p.transactions.created.some((t) => t.pending))) return 'carried_pendings';
  if (context.completeHistory) return 'complete_history';
  const refreshed = refreshedAtOf(pages[0]);
  const previous = context.previousRefreshedAtMs;
  if (refreshed !== null && previous !== null && refreshed > previous) return 'refreshed_without_pendings';
  return 'kept_no_refresh';
}

/** The scope that makes `accountIds`' stored pendings exactly the pendings this update carries. */
export function pendingReplaceScope(accountIds: Iterable<string>): ReplaceScope[] {
  const ids = [...new Set(accountIds)].sort();
  return ids.length === 0 ? [] : [{ accountIds: ids, from: null, to: null, pendingOnly: true }];
}

/** Throws RangeError on an amount that is not a usable decimal (the caller reports it as bad_response). */
export function foldDrain(
  pages: readonly MoneykitSyncPage[],
  connectionId: string,
  context: DrainContext = { previousRefreshedAtMs: null, completeHistory: true },
): FoldedDrain {
  const { upserts, removals } = foldChanges(pages.map((page) => ({
    upserts: [...page.transactions.created, ...page.transactions.updated].map((t) => mapMoneykitTransaction(t, connectionId)),
    removals: page.transactions.removed.map((id) => moneykitTxId(id)),
  })));
  // Balances move while a drain runs: the latest page's view of each account wins.
  const accounts = latestById(pages.flatMap((page) => page.accounts), (a) => a.account_id);
  const currencyOf = new Map<string, string>();
  for (const tx of upserts) if (!currencyOf.has(tx.accountId)) currencyOf.set(tx.accountId, tx.currency);
  const mappedAccounts = accounts.map((a) => mapMoneykitAccount(a, connectionId, currencyOf.get(moneykitAccountId(a.account_id))));
  // Every account of the link, plus any a transaction names (should MoneyKit omit the account list).
  const scopeAccounts = [...mappedAccounts.map((a) => a.id), ...upserts.map((t) => t.accountId)];
  return {
    upserts,
    removals,
    accounts: mappedAccounts,
    replace: pendingDecision(pages, context) === 'kept_no_refresh' ? [] : pendingReplaceScope(scopeAccounts),
  };
}
