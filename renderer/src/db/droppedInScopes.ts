/**
 * Live stored rows inside an update's replace scopes that the update does not restate: the
 * provider dropped them. Each scope is read as index ranges — an account's live pendings through
 * `pendingKey`, a date window through `[accountId+date]` — never the whole account.
 */
import Dexie from 'dexie';
import type { ReplaceScope } from '../../../shared/types';
import { pendingKeyRange } from './keys';
import { isLocalRowId } from './manualAccounts';
import type { LedgerlineDb, TransactionRow } from './schema';

function rowsInScope(db: LedgerlineDb, scope: ReplaceScope, accountId: string): Promise<TransactionRow[]> {
  if (scope.pendingOnly) {
    const [lower, upper] = pendingKeyRange(accountId, scope.from, scope.to);
    return db.transactions.where('pendingKey').between(lower, upper, true, true).toArray();
  }
  return db.transactions
    .where('[accountId+date]')
    .between([accountId, scope.from ?? Dexie.minKey], [accountId, scope.to ?? Dexie.maxKey], true, true)
    .toArray();
}

export async function droppedInScopes(db: LedgerlineDb, scopes: readonly ReplaceScope[], restated: ReadonlySet<string>): Promise<TransactionRow[]> {
  const dropped = new Map<string, TransactionRow>();
  for (const scope of scopes) {
    for (const accountId of scope.accountIds) {
      for (const row of await rowsInScope(db, scope, accountId)) {
        if (row.removedAt !== null || restated.has(row.id)) continue;
        // Rows the user imported or typed in are not the provider's to restate (db/importFile.ts).
        if (isLocalRowId(row.id)) continue;
        if (scope.pendingOnly && !row.pending) continue; // a stale pendingKey is never trusted alone
        dropped.set(row.id, row);
      }
    }
  }
  return [...dropped.values()];
}
